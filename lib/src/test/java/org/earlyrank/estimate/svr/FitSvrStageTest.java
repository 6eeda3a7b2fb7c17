package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.earlyrank.RealCurves;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit-svr end to end through Parquet on real curves brought in with import-curves. To keep the test time
 * modest the random search draws 40 settings (the stage's default is 100, the paper's 1000), R^2 is averaged
 * over 3 splits (default 10) and early stopping over 3 orderings (default 10).
 */
class FitSvrStageTest {
    @TempDir
    Path dir;

    static final Map<String, String> QUICK = Map.of("fit-svr.search_draws", "40", "fit-svr.repeats", "3",
            "fit-svr.orderings", "3", "fit-svr.models", "nu-svr-rbf,ols,last-seen");

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void metaQnnAtAQuarterOfTheCurveMeetsThePapersProtocol() {
        SweepConfig cfg = RealCurves.config(RealCurves.csv("metaqnn_svhn.csv"), with(QUICK,
                "fit-svr.observed_fraction", "0.25", "fit-svr.deltas", "0.9,0.99", "fit-svr.offsets", "[]",
                "fit-svr.nth_best", "[]"));
        SweepFolder sweep = RealCurves.importInto(dir, cfg);
        Map<String, Object> summary = Pipeline.run(Stages.FIT_SVR, null, cfg, sweep, false);
        assertEquals(1300, summary.get("usable_runs"));
        assertEquals(5, summary.get("observed_epochs"), "round half up(0.25 * 20) = 5");

        List<SvrFitRow> fits = read(sweep, SvrFitsTable.TABLE).stream().map(SvrFitRow::fromRow).toList();
        SvrFitRow svr = fits.stream().filter(f -> f.model().equals("nu-svr-rbf")).findFirst().orElseThrow();
        assertEquals(5, svr.observedEpochs());
        assertEquals(100, svr.nTrain());
        assertEquals(1200, svr.nTest());
        assertEquals("final_val_acc", svr.truth());
        // data/curves/README.md: an off-the-shelf nu-SVR reaches R^2 = 0.63 here (the last seen value -0.26).
        assertTrue(svr.r2() >= 0.60, "nu-SVR R^2 " + svr.r2());
        assertTrue(svr.r2Se() > 0 && svr.sigmaLoo() > 0);
        assertTrue(svr.c() >= 1e-5 && svr.c() <= 10 && svr.nu() > 0 && svr.nu() <= 1, svr.toString());
        SvrFitRow last = fits.stream().filter(f -> f.model().equals("last-seen")).findFirst().orElseThrow();
        assertTrue(last.r2() < 0, "last seen value R^2 " + last.r2());
        assertNull(last.c());
        assertTrue(fits.stream().anyMatch(f -> f.model().equals("ols")));

        List<EarlyStoppingRow> stops = read(sweep, EarlyStoppingTable.TABLE).stream().map(EarlyStoppingRow::fromRow).toList();
        EarlyStoppingRow strict = stops.stream().filter(s -> s.variant().equals("best") && s.delta() == 0.99)
                .findFirst().orElseThrow();
        assertTrue(strict.bestRecovered(), "Delta 0.99 keeps the best configuration: " + strict);
        // The paper's sigma (loo-rms) is wide on these heavy-tailed residuals: 1.40x over these 3 orderings.
        assertTrue(strict.speedup() > 1.3, "speedup " + strict.speedup());
        assertEquals(100, strict.burnIn());
        assertEquals("loo-rms", strict.sigma(), "the paper's sigma by default: RMS of the leave-one-out residuals");
        EarlyStoppingRow loose = stops.stream().filter(s -> s.variant().equals("best") && s.delta() == 0.9)
                .findFirst().orElseThrow();
        assertTrue(loose.speedup() >= strict.speedup(), "a lower Delta stops at least as much");
        EarlyStoppingRow hb = stops.stream().filter(s -> s.variant().equals("hyperband")).findFirst().orElseThrow();
        EarlyStoppingRow fast = stops.stream().filter(s -> s.variant().equals("f-hyperband")).findFirst().orElseThrow();
        assertEquals("hyperband", fast.baseline());
        assertTrue(fast.speedup() > 1, "f-Hyperband saves epochs over Hyperband: " + fast.speedup());
        assertTrue(fast.runsStopped() > 0);
        assertEquals(hb.configurations(), fast.configurations(), 0, "both evaluate the same configurations");
        assertTrue(fast.finalBestAcc() >= hb.finalBestAcc() - 0.02, fast.finalBestAcc() + " vs " + hb.finalBestAcc());

        List<EstimateRow> est = read(sweep, EstimatesTable.TABLE).stream().map(EstimateRow::fromRow).toList();
        assertEquals(1300, est.size(), "every run, at its one budget");
        assertTrue(est.stream().allMatch(e -> e.estimator().equals("svr") && e.budgetEpoch() == 5
                && "fit-svr".equals(e.stage()) && e.costSeconds() > 0));
    }

    @Test
    void rerunningResumesAndBadOptionsNameTheKey() {
        Path csv = RealCurves.csv("deep_resnets_cifar10.csv");
        Map<String, String> quick = with(QUICK, "fit-svr.observed_fraction", "0.25", "fit-svr.early_stopping", "false",
                "fit-svr.repeats", "1", "fit-svr.models", "last-seen");
        SweepConfig cfg = RealCurves.config(csv, quick);
        SweepFolder sweep = RealCurves.importInto(dir, cfg);
        Map<String, Object> first = Pipeline.run(Stages.FIT_SVR, null, cfg, sweep, false);
        assertEquals(12, first.get("observed_epochs"), "round half up(0.25 * 49) = 12 (acc_0 is epoch 0)");
        assertTrue(((List<?>) first.get("features")).contains("y_0"), "the untrained model's accuracy is a feature");
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.FIT_SVR, null, cfg, sweep, false));
        ConfigException e = assertThrows(ConfigException.class,
                () -> RealCurves.config(csv, with(quick, "fit-svr.deltas", "0.9,1.5")));
        assertTrue(e.getMessage().contains("fit-svr.deltas values must be in (0, 1), got 1.5"), e.getMessage());
    }

    @Test
    void constantCurvesAreNothingToRegressAndMissingEpochsAreSkippedWithNotes() throws Exception {
        StringBuilder csv = new StringBuilder("lr,acc_1,acc_2,acc_3,acc_4\n");
        for (int i = 0; i < 12; i++) {
            csv.append(0.001 * (i + 1)).append(",0.1,0.1,0.1,0.1\n");
        }
        csv.append("0.5,0.1,,0.1,0.1\n");
        Path file = dir.resolve("flat.csv");
        Files.writeString(file, csv);
        SweepConfig cfg = RealCurves.config(file, QUICK);
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        Map<String, Object> summary = Pipeline.run(Stages.FIT_SVR, null, cfg, sweep, false);
        assertTrue(String.valueOf(summary.get("skipped")).contains("same final_val_acc (0.1)"), summary.toString());
        assertTrue(sweep.hasTable(SvrFitsTable.NAME) && sweep.hasTable(EarlyStoppingTable.NAME));
        assertEquals(0, read(sweep, SvrFitsTable.TABLE).size(), "published, empty");
        String notes = OptionsFile.read(sweep).path("stages").path(FitSvrStage.NAME).path("notes").toString();
        assertTrue(notes.contains("1 ok runs lack the validation accuracy of some epoch 1..4"), notes);
        assertTrue(notes.contains("nothing to regress; fit-svr writes no rows"), notes);
    }

    static List<org.apache.spark.sql.Row> read(SweepFolder sweep, TableSchema t) {
        for (org.apache.hadoop.fs.Path p : sweep.partFiles(t, FitSvrStage.NAME)) {
            assertEquals(t.parquet(), ParquetTableReader.footerSchema(p, sweep.conf(), t.name()), "declared schema");
        }
        return sweep.read(t, FitSvrStage.NAME);
    }
}
