package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published layout (issue 23): per-unit commits compacted into a few files sorted by run_id and epoch,
 * a run never split across files, row groups a reader of one run can skip; and the old per-run layout
 * still read.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TableCompactorTest {
    @TempDir
    java.nio.file.Path dir;

    private static Row curve(String run, int epoch) {
        return new CurveRow("s", run, epoch, 1.0 / epoch, 0.5, 1.1 / epoch, 0.4 + epoch / 100.0, null, null, 0.1, 1.0,
                0.9, 0.1, 0.0).toRow();
    }

    private static String key(Row r) {
        CurveRow c = CurveRow.fromRow(r);
        return c.runId() + "@" + c.epoch();
    }

    private static List<Row> readAll(SweepFolder sweep) {
        return sweep.read(CurvesTable.TABLE, "test");
    }

    /** 60 runs committed one per unit in shuffled order, epochs shuffled within each; plus one batch unit. */
    private SweepFolder committedSweep(Configuration conf, int runs) {
        SweepFolder sweep = SweepFolder.at(dir.resolve("s").toString(), conf);
        StageOutput out = new StageOutput(sweep, "import-curves", List.of(CurvesTable.TABLE));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            order.add(i);
        }
        Random rnd = new Random(7);
        Collections.shuffle(order, rnd);
        List<Row> batch = new ArrayList<>();
        for (int i : order) {
            List<Row> rows = new ArrayList<>();
            for (int e = 1; e <= 12; e++) {
                rows.add(curve(String.format("r%03d", i), e));
            }
            Collections.shuffle(rows, rnd);
            if (i % 5 == 0) {
                batch.addAll(rows); // runs 0, 5, 10, ... committed together: a batch overlapping every other unit
            } else {
                out.commit(String.format("r%03d", i), Map.of(CurvesTable.NAME, rows), "{}");
            }
        }
        out.commit("batch", Map.of(CurvesTable.NAME, batch), "{}");
        out.publish();
        return sweep;
    }

    @Test
    void publishedRowsAreTheCommittedOnesSortedByRunAndEpochInOneFile() throws Exception {
        SweepFolder sweep = committedSweep(new Configuration(), 60);
        List<Path> parts = sweep.partFiles(CurvesTable.TABLE, "test");
        assertEquals(List.of("part-import-curves-sorted-00000.parquet"), parts.stream().map(Path::getName).toList());
        List<String> keys = readAll(sweep).stream().map(TableCompactorTest::key).toList();
        assertEquals(60 * 12, keys.size());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            for (int e = 1; e <= 12; e++) {
                expected.add(String.format("r%03d", i) + "@" + e);
            }
        }
        assertEquals(expected, keys, "every committed row once, in (run_id, epoch) order");
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(parts.get(0), sweep.conf()))) {
            assertEquals("run_id,epoch", r.getFooter().getFileMetaData().getKeyValueMetaData().get(TableCompactor.SORTED_BY));
        }
    }

    @Test
    void smallRowGroupsLetAReaderOfOneRunSkipTheOthers() throws Exception {
        Configuration conf = new Configuration();
        conf.setLong(TableCompactor.ROW_GROUP_KEY, 1024);
        SweepFolder sweep = committedSweep(conf, 60);
        List<Path> parts = sweep.partFiles(CurvesTable.TABLE, "test");
        int groups;
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(parts.get(0), conf))) {
            groups = r.getRowGroups().size();
        }
        assertTrue(groups > 4, "tiny row groups: " + groups);
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(parts.get(0), conf),
                ParquetTableReader.runFilter(conf, "r031"))) {
            assertTrue(r.getRowGroups().size() <= 2, "statistics leave the groups holding r031: " + r.getRowGroups().size()
                    + " of " + groups);
        }
        RunFiles files = RunFiles.of(parts, conf);
        assertEquals(parts, files.of("r031"));
        assertEquals(List.of(), files.of("zzz"));
        List<String> got = new ArrayList<>();
        ParquetTableReader.forEachOfRun(parts.get(0), CurvesTable.TABLE, conf, "r031", r -> got.add(key(r)));
        assertEquals(12, got.size());
        assertTrue(got.stream().allMatch(k -> k.startsWith("r031@")), got.toString());
    }

    @Test
    void aNewFileStartsAtARunBoundaryPastTheTarget() throws Exception {
        SweepFolder sweep = SweepFolder.at(dir.resolve("t").toString(), new Configuration());
        StageOutput out = new StageOutput(sweep, "x", List.of(CurvesTable.TABLE));
        List<FileStatus> inputs = new ArrayList<>();
        Path staged = new Path(dir.resolve("in").toString());
        for (int i = 0; i < 10; i++) {
            List<Row> rows = new ArrayList<>();
            for (int e = 1; e <= 30; e++) {
                rows.add(curve("r" + i, e));
            }
            Path f = new Path(staged, "part-x-r" + i + ".parquet");
            ParquetTableWriter.writeFile(f, CurvesTable.TABLE, rows, sweep.conf());
            inputs.add(sweep.fs().getFileStatus(f));
        }
        Path target = new Path(dir.resolve("out").toString());
        List<Path> files = TableCompactor.compact(CurvesTable.TABLE, inputs, target, out.publishedPrefix(), sweep.conf(),
                1, 1024);
        assertEquals(10, files.size(), "a 1-byte target closes a file at every run boundary, never inside a run");
        for (Path f : files) {
            List<String> runs = ParquetTableReader.readFile(f, CurvesTable.TABLE, sweep.conf()).stream()
                    .map(r -> CurveRow.fromRow(r).runId()).distinct().toList();
            assertEquals(1, runs.size(), f + " holds " + runs);
        }
        assertEquals(TableCompactor.TARGET_FILE_BYTES, TableCompactor.targetBytes(1L << 30));
        assertEquals(1L << 30, TableCompactor.targetBytes(16L << 30), "at most 16 files for a large stage");
    }

    @Test
    void theOldPerRunLayoutIsStillReadRunByRun() throws Exception {
        Configuration conf = new Configuration();
        Path table = new Path(dir.resolve("old").toString());
        List<Path> parts = new ArrayList<>();
        for (String run : List.of("r1", "b-r1", "r2")) {
            Path f = new Path(table, "part-train-" + run + ".parquet");
            ParquetTableWriter.writeFile(f, CurvesTable.TABLE, List.of(curve(run, 1), curve(run, 2)), conf);
            parts.add(f);
        }
        RunFiles files = RunFiles.of(parts, conf);
        assertEquals(List.of(parts.get(0), parts.get(1)), files.of("r1"), "matched by name; b-r1 costs a wasted read");
        List<String> got = new ArrayList<>();
        for (Path f : files.of("r1")) {
            ParquetTableReader.forEachOfRun(f, CurvesTable.TABLE, conf, "r1", r -> got.add(key(r)));
        }
        assertEquals(List.of("r1@1", "r1@2"), got);
    }
}
