package org.earlyrank.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.earlyrank.RealCurves;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The scale benchmark's synthetic curves: more runs than the source, each distinct, importable. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScaleBenchTest {
    @TempDir
    Path dir;

    @Test
    void jitteredCurvesImportAsDistinctRunsWithAccuraciesInRange() throws Exception {
        Path csv = dir.resolve("synthetic.csv");
        ScaleBench.jitter(RealCurves.csv("deep_resnets_cifar10.csv"), csv, 600, 1);
        assertEquals(601, Files.readAllLines(csv).size(), "header and 600 rows, more than the 486 source curves");
        SweepConfig cfg = RealCurves.config(csv, Map.of());
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "import-curves").stream().map(RunRow::fromRow).toList();
        assertEquals(600, runs.size());
        assertEquals(600, runs.stream().map(RunRow::arch).distinct().count(), "every run distinct");
        List<CurveRow> curves = sweep.read(CurvesTable.TABLE, "import-curves").stream().map(CurveRow::fromRow).toList();
        assertTrue(curves.stream().allMatch(c -> c.valAcc() == null || (c.valAcc() >= 0 && c.valAcc() <= 1)));
        assertEquals(1, sweep.partFiles(CurvesTable.TABLE, "x").size(), "one published file");
    }
}
