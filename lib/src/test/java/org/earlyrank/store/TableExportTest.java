package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.TableExport.Format;
import org.earlyrank.store.TableExport.Selection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class TableExportTest {
    @TempDir
    Path dir;

    private SweepFolder sweep;
    private final Configuration conf = new Configuration();

    private static RunRow run(String id, Double acc, String status, String error) {
        return new RunRow("s", id, "a1", "|conv_3x3~0|+|none~0|none~1|", "nb201", "train", 3L, 12, 12, 100L, 2000L,
                status, error, acc, acc, 1.5, 0.1, 128, 5e-4, 8, 1, 14, 1.0, Map.of("learning_rate", 0.1), "fashion-mnist",
                0.9, "linear", 5, 1, 0.01);
    }

    @BeforeEach
    void publish() throws Exception {
        Path root = dir.resolve("s");
        publishTable(root, RunsTable.NAME, () -> ParquetTableWriter.writeFile(part(root, RunsTable.NAME), RunsTable.TABLE,
                List.of(run("r1", 0.8125, "ok", null).toRow(),
                        run("r2", null, "diverged", "loss is NaN at epoch 3, step 7; \"lr\" too high").toRow()), conf));
        publishTable(root, FeaturesTable.NAME, () -> ParquetTableWriter.writeFile(part(root, FeaturesTable.NAME),
                FeaturesTable.TABLE, List.of(
                        new FeatureRow("s", "r1", 1, "val", 0, 3, new float[]{1.5f, -2f, 0.1f}).toRow(),
                        new FeatureRow("s", "r1", 2, "val", 0, 3, new float[]{Float.NaN, 4f, 0f}).toRow(),
                        new FeatureRow("s", "r1", 2, "train", 5, 1, new float[]{7f, 8f, 9f}).toRow()), conf));
        Files.createDirectories(root.resolve("curves")); // a table whose stage did not finish (no _SUCCESS)
        sweep = SweepFolder.at(root.toString(), conf);
    }

    private static org.apache.hadoop.fs.Path part(Path root, String table) {
        return new org.apache.hadoop.fs.Path(root.resolve(table).resolve("part-00000.parquet").toString());
    }

    private static void publishTable(Path root, String table, Runnable write) throws Exception {
        Files.createDirectories(root.resolve(table));
        write.run();
        Files.createFile(root.resolve(table).resolve(SweepFolder.SUCCESS));
    }

    private String export(String table, Format f, Selection sel) {
        StringWriter w = new StringWriter();
        TableExport.write(sweep, table, f, sel, w);
        return w.toString();
    }

    @Test
    void csvHasHeaderEmptyNullsQuotedTextAndJsonMaps() {
        String[] lines = export("runs", Format.CSV, Selection.ALL).split("\n");
        assertEquals(3, lines.length, "header and two rows");
        assertTrue(lines[0].startsWith("sweep_id,run_id,arch_id,arch,space,source,seed,epochs_planned,"), lines[0]);
        assertTrue(lines[1].startsWith("s,r1,a1,|conv_3x3~0|+|none~0|none~1|,nb201,train,3,12,12,100,2000,ok,,0.8125,0.8125,"),
                lines[1]);
        assertTrue(lines[1].contains(",\"{\"\"learning_rate\"\":0.1}\","), "map as a quoted JSON object: " + lines[1]);
        assertTrue(lines[2].contains(",diverged,\"loss is NaN at epoch 3, step 7; \"\"lr\"\" too high\",,,"),
                "text with a comma and quotes is quoted; NULL accuracies are empty: " + lines[2]);
    }

    @Test
    void csvArraysAreListsAndFloatsKeepTheirShortForm() {
        String[] lines = export("features", Format.CSV, Selection.ALL).split("\n");
        assertEquals("sweep_id,run_id,epoch,split,sample_index,label,features", lines[0]);
        assertEquals("s,r1,1,val,0,3,\"[1.5,-2.0,0.1]\"", lines[1]);
        assertEquals("s,r1,2,val,0,3,\"[NaN,4.0,0.0]\"", lines[2]);
    }

    @Test
    void selectionPicksColumnsAndRows() {
        String out = export("features", Format.CSV,
                new Selection(List.of("epoch", "run_id"), Map.of("split", Set.of("val"), "epoch", Set.of("2", "9"))));
        assertEquals("epoch,run_id\n2,r1\n", out);
    }

    @Test
    void jsonLinesParseBackWithNullsListsAndMaps() throws Exception {
        String[] lines = export("runs", Format.JSON, Selection.ALL).split("\n");
        assertEquals(2, lines.length);
        ObjectMapper m = new ObjectMapper();
        JsonNode r2 = m.readTree(lines[1]);
        assertEquals("r2", r2.get("run_id").asText());
        assertTrue(r2.get("final_val_acc").isNull());
        assertEquals(0.1, r2.get("hparams").get("learning_rate").asDouble(), 0.0);
        JsonNode f = m.readTree(export("features", Format.JSON, Selection.ALL).split("\n")[0]);
        assertEquals(-2.0, f.get("features").get(1).asDouble(), 0.0);
    }

    @Test
    void missingIncompleteAndUnknownColumnSayWhatToDo() {
        TableException missing = assertThrows(TableException.class, () -> export("estimates", Format.CSV, Selection.ALL));
        assertTrue(missing.getMessage().contains("has no table 'estimates'; its tables are: features, runs"),
                missing.getMessage());
        TableException incomplete = assertThrows(TableException.class, () -> export("curves", Format.CSV, Selection.ALL));
        assertTrue(incomplete.getMessage().contains("incomplete (no _SUCCESS)"), incomplete.getMessage());
        TableException column = assertThrows(TableException.class,
                () -> export("runs", Format.CSV, new Selection(List.of("acc"), Map.of())));
        assertTrue(column.getMessage().contains("has no column 'acc'; its columns are: sweep_id, run_id"), column.getMessage());
        assertEquals(List.of("features", "runs"), TableExport.publishedTables(sweep));
    }
}
