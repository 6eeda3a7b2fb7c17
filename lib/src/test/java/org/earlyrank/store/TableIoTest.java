package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableIoTest {
    @TempDir
    Path dir;

    private final Configuration conf = new Configuration();

    private static RunRow run(String id, Double acc) {
        return new RunRow("s", id, "a1", "|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|", "nb201", "train", 3L, 12,
                12, 100L, 2000L, "ok", null, acc, acc, 1.5, 0.1, 128, 5e-4, 8, 1, 14, 1.0,
                Map.of("learning_rate", 0.1), "fashion-mnist", 0.9, "linear", 5, 1, 0.01);
    }

    @Test
    void rowsRoundTripWithNullsArraysAndMaps() {
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(dir.resolve("runs.parquet").toString());
        RunRow a = run("r1", 0.8);
        RunRow b = run("r2", null);
        ParquetTableWriter.writeFile(f, RunsTable.TABLE, List.of(a.toRow(), b.toRow()), conf);
        List<RunRow> back = ParquetTableReader.readFile(f, RunsTable.TABLE, conf).stream().map(RunRow::fromRow).toList();
        assertEquals(a, back.get(0));
        assertEquals(b, back.get(1));

        org.apache.hadoop.fs.Path g = new org.apache.hadoop.fs.Path(dir.resolve("features.parquet").toString());
        FeatureRow fr = new FeatureRow("s", "r1", 1, "val", 7, 3, new float[]{1.5f, -2f, 0f});
        ParquetTableWriter.writeFile(g, FeaturesTable.TABLE, List.of(fr.toRow()), conf);
        FeatureRow fb = FeatureRow.fromRow(ParquetTableReader.readFile(g, FeaturesTable.TABLE, conf).get(0));
        assertArrayEquals(fr.features(), fb.features());
        assertEquals(7, fb.sampleIndex());
    }

    @Test
    void nullInARequiredColumnIsRejected() {
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(dir.resolve("x.parquet").toString());
        RunRow bad = new RunRow("s", null, "a", "x", "nb201", "train", 1L, 1, 1, null, null, "ok", null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParquetTableWriter.writeFile(f, RunsTable.TABLE, List.of(bad.toRow()), conf));
        assertTrue(e.getMessage().contains("column run_id of table runs may not be NULL"), e.getMessage());
    }

    @Test
    void aFileWithAMissingOrMistypedColumnIsNamed() {
        TableSchema other = TableSchema.builder("runs", "x").required("sweep_id", ColumnType.STRING, "x")
                .required("run_id", ColumnType.INT, "x").build();
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(dir.resolve("runs.parquet").toString());
        ParquetTableWriter.writeFile(f, other, List.of(org.apache.spark.sql.RowFactory.create("s", 1)), conf);
        TableException e = assertThrows(TableException.class, () -> ParquetTableReader.readFile(f, RunsTable.TABLE, conf));
        assertTrue(e.getMessage().contains("column 'run_id' is int32, expected string"), e.getMessage());
        TableSchema fewer = TableSchema.builder("runs", "x").required("sweep_id", ColumnType.STRING, "x").build();
        ParquetTableWriter.writeFile(f, fewer, List.of(org.apache.spark.sql.RowFactory.create("s")), conf);
        TableException m = assertThrows(TableException.class, () -> ParquetTableReader.readFile(f, RunsTable.TABLE, conf));
        assertTrue(m.getMessage().contains("has no column 'run_id'"), m.getMessage());
        assertEquals("runs", m.table());
    }

    @Test
    void aCorruptFileIsNamed() throws Exception {
        Path p = dir.resolve("part-x.parquet");
        Files.writeString(p, "this is not parquet");
        TableException e = assertThrows(TableException.class,
                () -> ParquetTableReader.readFile(new org.apache.hadoop.fs.Path(p.toString()), RunsTable.TABLE, conf));
        assertTrue(e.getMessage().contains("is not a readable Parquet file"), e.getMessage());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    @Test
    void duckDbReadsTheFilesWithTheDeclaredTypes() throws Exception {
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(dir.resolve("part-runs.parquet").toString());
        ParquetTableWriter.writeFile(f, RunsTable.TABLE, List.of(run("r1", 0.8).toRow(), run("r2", null).toRow()), conf);
        org.apache.hadoop.fs.Path g = new org.apache.hadoop.fs.Path(dir.resolve("part-f.parquet").toString());
        ParquetTableWriter.writeFile(g, FeaturesTable.TABLE,
                List.of(new FeatureRow("s", "r1", 1, "val", 0, 3, new float[]{1f, 2f}).toRow()), conf);
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement()) {
            ResultSet rs = st.executeQuery("select run_id, final_test_acc, hparams['learning_rate'] as lr, n_params "
                    + "from read_parquet('" + dir.resolve("part-runs.parquet") + "') order by run_id");
            assertTrue(rs.next());
            assertEquals("r1", rs.getString(1));
            assertEquals(0.8, rs.getDouble(2), 1e-12);
            assertEquals(100L, rs.getLong(4));
            assertTrue(rs.next());
            rs.getDouble(2);
            assertTrue(rs.wasNull(), "NULL stays NULL");
            ResultSet fs = st.executeQuery("select len(features), features[2] from read_parquet('"
                    + dir.resolve("part-f.parquet") + "')");
            assertTrue(fs.next());
            assertEquals(2, fs.getInt(1));
            assertEquals(2f, fs.getFloat(2));
            ResultSet types = st.executeQuery("describe select * from read_parquet('" + dir.resolve("part-f.parquet") + "')");
            java.util.Map<String, String> t = new java.util.HashMap<>();
            while (types.next()) {
                t.put(types.getString(1), types.getString(2));
            }
            assertEquals("FLOAT[]", t.get("features"));
            assertEquals("INTEGER", t.get("epoch"));
            assertEquals("VARCHAR", t.get("split"));
        }
    }

    @Test
    void sparkReadsTheFilesWithTheDeclaredSchema() {
        org.apache.hadoop.fs.Path f = new org.apache.hadoop.fs.Path(dir.resolve("t/part-runs.parquet").toString());
        ParquetTableWriter.writeFile(f, RunsTable.TABLE, List.of(run("r1", 0.8).toRow()), conf);
        org.apache.spark.sql.Dataset<Row> df = org.earlyrank.TestSpark.session().read().parquet(dir.resolve("t").toString());
        RunsTable.TABLE.check(df.schema(), "spark");
        assertEquals(1, df.count());
        assertEquals(0.1, df.selectExpr("hparams['learning_rate']").first().getDouble(0), 1e-12);
    }
}
