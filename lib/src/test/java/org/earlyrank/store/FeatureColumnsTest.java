package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.TableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The columnar features reader returns exactly what the row reader returns. */
class FeatureColumnsTest {
    @TempDir
    java.nio.file.Path dir;

    private final Configuration conf = new Configuration();

    private static void assertSame(List<FeatureRow> expected, FeatureColumns got, String where) {
        assertEquals(expected.size(), got.rows(), where + ": rows");
        for (int i = 0; i < expected.size(); i++) {
            FeatureRow f = expected.get(i);
            String at = where + " row " + i;
            assertEquals(f.epoch(), got.epoch()[i], at);
            assertEquals(f.split().equals(FeaturesTable.SPLIT_TRAIN) ? FeatureColumns.TRAIN : FeatureColumns.VAL,
                    got.split()[i], at);
            assertEquals(f.sampleIndex(), got.sampleIndex()[i], at);
            assertEquals(f.label(), got.label()[i], at);
            assertEquals(f.features().length, got.dim(), at);
            assertArrayEquals(f.features(), Arrays.copyOfRange(got.values(), i * got.dim(), (i + 1) * got.dim()), at);
        }
    }

    private List<FeatureRow> rowsOf(Path file, String runId) {
        List<FeatureRow> out = new ArrayList<>();
        ParquetTableReader.forEach(file, FeaturesTable.TABLE, conf, r -> {
            FeatureRow f = FeatureRow.fromRow(r);
            if (f.runId().equals(runId)) {
                out.add(f);
            }
        });
        return out;
    }

    @Test
    void everySmokeRunReadsTheSameAsWithTheRowReader() {
        SweepFolder sweep = SmokeSweep.get();
        List<Path> parts = sweep.partFiles(FeaturesTable.TABLE, "train");
        assertFalse(parts.isEmpty());
        // The published layout: every run's rows in a few sorted files; each run is read from all of them.
        List<String> runIds = sweep.read(RunsTable.TABLE, "train").stream().map(r -> RunsTable.RunRow.fromRow(r).runId())
                .toList();
        for (String runId : runIds) {
            List<FeatureRow> rows = new ArrayList<>();
            parts.forEach(p -> rows.addAll(rowsOf(p, runId)));
            assertFalse(rows.isEmpty(), runId);
            assertSame(rows, FeatureColumns.read(parts, sweep.conf(), runId), runId);
        }
    }

    /**
     * Files the EarlyRank writer does not produce but Parquet allows: several row groups, small pages,
     * data pages v2, dictionary-encoded floats, and two runs' rows interleaved.
     */
    @Test
    void otherPhysicalLayoutsReadTheSameToo() throws Exception {
        for (WriterVersion version : WriterVersion.values()) {
            Path file = new Path(dir.resolve("mixed-" + version + ".parquet").toString());
            MessageType schema = FeaturesTable.TABLE.parquet();
            SimpleGroupFactory groups = new SimpleGroupFactory(schema);
            Random rnd = new Random(5);
            try (ParquetWriter<Group> w = ExampleParquetWriter.builder(file).withConf(conf).withType(schema)
                    .withWriterVersion(version).withRowGroupSize(16 * 1024).withPageSize(1024)
                    .withDictionaryEncoding(true).build()) {
                for (int i = 0; i < 3000; i++) {
                    Group g = groups.newGroup().append("sweep_id", "s").append("run_id", i % 3 == 0 ? "b" : "a")
                            .append("epoch", 1 + i / 1000).append("split", i % 2 == 0 ? "train" : "val")
                            .append("sample_index", i).append("label", rnd.nextInt(10));
                    Group list = g.addGroup("features");
                    for (int j = 0; j < 12; j++) {
                        // Few distinct values in the first half keep the dictionary; the rest falls back to plain.
                        float v = i < 1500 ? rnd.nextInt(4) * 0.5f : (float) rnd.nextGaussian();
                        list.addGroup("list").append("element", v);
                    }
                    w.write(g);
                }
            }
            try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
                assertTrue(r.getRowGroups().size() > 1, "several row groups: " + r.getRowGroups().size());
            }
            for (String run : List.of("a", "b")) {
                assertSame(rowsOf(file, run), FeatureColumns.read(file, conf, run), version + " run " + run);
            }
            assertEquals(0, FeatureColumns.read(file, conf, "nobody").rows());
        }
    }

    @Test
    void aBadSplitOrRaggedFeaturesAreRefusedWithTheFileNamed() {
        Path split = new Path(dir.resolve("split.parquet").toString());
        ParquetTableWriter.writeFile(split, FeaturesTable.TABLE,
                List.of(new FeatureRow("s", "a", 1, "test", 0, 1, new float[]{1f}).toRow()), conf);
        TableException e = assertThrows(TableException.class, () -> FeatureColumns.read(split, conf, "a"));
        assertTrue(e.getMessage().contains("split 'test'") && e.getMessage().contains("split.parquet"), e.getMessage());

        Path ragged = new Path(dir.resolve("ragged.parquet").toString());
        List<Row> rows = List.of(new FeatureRow("s", "a", 1, "train", 0, 1, new float[]{1f, 2f}).toRow(),
                new FeatureRow("s", "a", 1, "train", 1, 1, new float[]{1f}).toRow());
        ParquetTableWriter.writeFile(ragged, FeaturesTable.TABLE, rows, conf);
        e = assertThrows(TableException.class, () -> FeatureColumns.read(ragged, conf, "a"));
        assertTrue(e.getMessage().contains("length 2 and 1"), e.getMessage());

        Path notParquet = new Path(dir.resolve("junk.parquet").toString());
        Fs.writeString(Fs.of(notParquet, conf), notParquet, "not parquet");
        e = assertThrows(TableException.class, () -> FeatureColumns.read(notParquet, conf, "a"));
        assertTrue(e.getMessage().contains("junk.parquet"), e.getMessage());
    }
}
