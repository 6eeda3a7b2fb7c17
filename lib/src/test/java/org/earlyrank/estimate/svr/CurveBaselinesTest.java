package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.earlyrank.RealCurves;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.bnn.BayesianCurveNet;
import org.earlyrank.estimate.lce.CurveExtrapolation;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baker et al.'s baselines in fit-svr: LCE and the BNN scored on the comparison's splits, LCE's fits on Spark
 * (one task per run) equal to the pool's, LCE's stopping rule, and the stage writing their rows. Synthetic
 * curves y_t = A (1 - exp(-k t)) (SyntheticCurves), which the Weibull and Janoschek families represent exactly,
 * so extrapolation works well; chains are short (a few hundred steps) to keep the tests to seconds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CurveBaselinesTest {
    static ExecutorService pool;

    @TempDir
    Path dir;

    static final CurveExtrapolation.Settings LCE = new CurveExtrapolation.Settings(40, 120, 60, 300,
            new double[]{0.9, 0.99});
    static final BayesianCurveNet.Settings BNN = new BayesianCurveNet.Settings(20, 800, 800, 100, 20, 0.01, 0.05, 1.0);

    @BeforeAll
    static void start() {
        pool = FitSvrStage.pool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static CurveSet synthetic(int n, int epochs) {
        return CurveSet.of(SyntheticCurves.sweep(SyntheticCurves.runs(n, epochs, 7)), FeatureSpec.GROUPS, true, s -> { });
    }

    /**
     * Like {@link SyntheticCurves#runs}, but the plateau A is a hyperparameter too ("a"), so the BNN, which reads
     * only the configuration's features and the epoch, can know the curve.
     */
    static CurveSet withPlateau(int n, int epochs, long seed) {
        Random rnd = new Random(seed);
        List<org.earlyrank.estimate.RunHistory> runs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = 0.5 + 0.45 * rnd.nextDouble();
            double k = 0.15 + 0.2 * rnd.nextDouble();
            double[] y = new double[epochs + 1];
            for (int t = 1; t <= epochs; t++) {
                y[t] = a * (1 - Math.exp(-k * t));
            }
            runs.add(SyntheticCurves.history(String.format("r%04d", i), y, epochs, Map.of("lr", k, "a", a)));
        }
        return CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
    }

    @Test
    void lceAndBnnAreScoredOnTheSameSplitsAtTheirBudgetsOnly() {
        CurveSet data = withPlateau(40, 12, 7);
        Map<ModelKind, CurveBaseline> baselines = Map.of(ModelKind.LCE, new LceFits(data, LCE, 5, Set.of(6), null, pool),
                ModelKind.BNN, new BnnFits(data, BNN, Set.of(6), pool));
        List<ModelComparison.Result> res = ModelComparison.run(data, List.of(3, 6), List.of(ModelKind.LAST_SEEN,
                ModelKind.LCE, ModelKind.BNN), 20, 2, 5, 11, SyntheticCurves.fitter(10, pool), baselines);
        assertEquals(List.of("3 last-seen", "6 last-seen", "6 lce", "6 bnn"),
                res.stream().map(r -> r.tau() + " " + r.model().modelName()).toList(), "baselines only at tau 6");
        ModelComparison.Result last = res.get(1);
        ModelComparison.Result lce = res.get(2);
        ModelComparison.Result bnn = res.get(3);
        assertEquals(0, lce.nTrain(), "LCE reads each run's own curve only");
        assertEquals(20, bnn.nTrain());
        assertEquals(20, lce.nTest());
        assertEquals(2, lce.repeats());
        assertNotNull(lce.r2Se());
        assertTrue(lce.r2() > 0.8, "LCE extrapolates a Weibull curve from half of it: R^2 " + lce.r2());
        assertTrue(lce.r2() > last.r2(), "and beats the last seen value " + last.r2());
        assertTrue(bnn.r2() > 0.5, "the BNN reads the plateau among the features: R^2 " + bnn.r2());
        assertTrue(lce.fitMillis() > 0 && bnn.fitMillis() > 0);
        assertNull(lce.sigmaLoo());
        assertNull(lce.c());
    }

    @Test
    void lceFitsOnSparkOneTaskPerRunEqualThePools() {
        CurveSet data = synthetic(6, 10);
        Map<Integer, Set<Integer>> need = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            need.put(i, new TreeSet<>(List.of(3, 5)));
        }
        LceFits local = new LceFits(data, LCE, 9, Set.of(3), null, pool);
        local.ensure(need);
        assertEquals(12, local.fits());
        LceFits spark = new LceFits(data, LCE, 9, Set.of(3), TestSpark.session(), null);
        spark.ensure(need);
        for (int i = 0; i < data.size(); i++) {
            for (int tau : List.of(3, 5)) {
                assertEquals(local.get(i, tau).mean(), spark.get(i, tau).mean(), 0.0, "run " + i + " tau " + tau);
                assertArrayEquals(local.get(i, tau).quantiles(), spark.get(i, tau).quantiles(), 0.0);
            }
        }
        assertEquals(12, spark.fits(), "asked once, fitted once: get() found them cached");
    }

    @Test
    void lcesStoppingRuleSavesEpochsAndIsPaired() {
        CurveSet data = synthetic(30, 10);
        LceFits fits = new LceFits(data, LCE, 3, Set.of(), null, pool);
        List<EarlyStopping.Outcome> out = LceEarlyStopping.simulate(data, List.of(0.9, 0.99), 3, 42, fits, 2);
        assertArrayEquals(new int[]{2, 4, 6, 8}, LceEarlyStopping.checkpoints(10, 2));
        assertTrue(fits.fits() >= 29 && fits.fits() < 30 * 4, "tau 2 of every run that is not first in every"
                + " ordering, later checks only of runs still training: " + fits.fits());
        EarlyStopping.Outcome loose = out.get(0);
        EarlyStopping.Outcome strict = out.get(1);
        assertEquals(0, strict.burnIn(), "LCE needs no burn-in");
        assertTrue(loose.speedup() > 1 && loose.runsStopped() > 0, "stops runs: " + loose);
        assertTrue(loose.speedup() >= strict.speedup(), "a lower Delta stops at least as much");
        assertEquals(300, strict.epochsWithout(), 0.0);
        List<EarlyStopping.Outcome> again = LceEarlyStopping.simulate(data, List.of(0.9, 0.99), 3, 42, fits, 2);
        assertEquals(loose.speedup(), again.get(0).speedup(), 0.0, "deterministic");
        assertThrows(IllegalArgumentException.class,
                () -> LceEarlyStopping.simulate(data, List.of(0.95), 1, 42, fits, 2), "no quantile kept for 0.95");
        // Fitting only what the rounds ask for gives exactly what fitting everything up front gives.
        LceFits eager = new LceFits(data, LCE, 3, Set.of(), null, pool);
        Map<Integer, Set<Integer>> all = new TreeMap<>();
        for (int i = 0; i < data.size(); i++) {
            all.put(i, new TreeSet<>(List.of(2, 4, 6, 8)));
        }
        eager.ensure(all);
        List<EarlyStopping.Outcome> full = LceEarlyStopping.simulate(data, List.of(0.9, 0.99), 3, 42, eager, 2);
        assertEquals(120, eager.fits(), "nothing more was needed");
        for (int k = 0; k < 2; k++) {
            assertEquals(out.get(k).speedup(), full.get(k).speedup(), 0.0);
            assertEquals(out.get(k).runsStopped(), full.get(k).runsStopped(), 0.0);
            assertEquals(out.get(k).bestRecoveredFraction(), full.get(k).bestRecoveredFraction(), 0.0);
        }
    }

    /** y_t = A (1 - exp(-k t)) for 24 configurations, 10 epochs, as a curves CSV for import-curves. */
    private Path csv() throws Exception {
        Random rnd = new Random(5);
        StringBuilder b = new StringBuilder("num_params,lr");
        for (int t = 1; t <= 10; t++) {
            b.append(",acc_").append(t);
        }
        b.append('\n');
        for (int i = 0; i < 24; i++) {
            double a = 0.5 + 0.45 * rnd.nextDouble();
            double k = 0.15 + 0.3 * rnd.nextDouble();
            b.append(1000 + 37 * i).append(',').append(String.format(Locale.ROOT, "%.4f", k));
            for (int t = 1; t <= 10; t++) {
                b.append(String.format(Locale.ROOT, ",%.5f", a * (1 - Math.exp(-k * t)) + 0.002 * rnd.nextGaussian()));
            }
            b.append('\n');
        }
        Path file = dir.resolve("saturating.csv");
        Files.writeString(file, b);
        return file;
    }

    @Test
    void theStageWritesLceAndBnnRowsAndLcesStoppingRule() throws Exception {
        Map<String, String> o = new TreeMap<>(Map.of("fit-svr.models", "nu-svr-rbf,last-seen,lce,bnn",
                "fit-svr.search_draws", "10", "fit-svr.repeats", "2", "fit-svr.train_size", "12",
                "fit-svr.orderings", "2", "fit-svr.deltas", "0.9,0.99", "fit-svr.offsets", "[]", "fit-svr.nth_best", "[]",
                "fit-svr.hyperband", "false", "fit-svr.baseline_fractions", "0.3,0.6"));
        o.putAll(Map.of("fit-svr.lce_walkers", "20", "fit-svr.lce_steps", "60", "fit-svr.lce_burn_in", "30",
                "fit-svr.lce_stride", "4", "fit-svr.bnn_hidden", "10", "fit-svr.bnn_burn_in", "300",
                "fit-svr.bnn_steps", "300"));
        SweepConfig cfg = RealCurves.config(csv(), o);
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        Map<String, Object> summary = org.earlyrank.pipeline.Pipeline.run(org.earlyrank.pipeline.Stages.FIT_SVR, null, cfg, sweep, false);
        List<SvrFitRow> fits = FitSvrStageTest.read(sweep, SvrFitsTable.TABLE).stream().map(SvrFitRow::fromRow).toList();
        assertEquals(List.of(3, 6), fits.stream().filter(f -> f.model().equals("lce")).map(SvrFitRow::observedEpochs)
                .toList(), "lce at round half up(0.3 * 10) = 3 and 0.6 * 10 = 6 only");
        assertEquals(List.of(3, 6), fits.stream().filter(f -> f.model().equals("bnn")).map(SvrFitRow::observedEpochs)
                .toList());
        assertEquals(9, fits.stream().filter(f -> f.model().equals("nu-svr-rbf")).count(), "the SRMs at every tau < T");
        SvrFitRow lce6 = fits.stream().filter(f -> f.model().equals("lce") && f.observedEpochs() == 6).findFirst()
                .orElseThrow();
        assertTrue(lce6.r2() > 0.5 && lce6.r2Se() != null && lce6.fitMs() > 0, lce6.toString());
        assertEquals(0, lce6.nTrain());
        assertEquals(12, lce6.nTest());
        assertNull(lce6.searchDraws());
        List<EarlyStoppingRow> stops = FitSvrStageTest.read(sweep, EarlyStoppingTable.TABLE).stream()
                .map(EarlyStoppingRow::fromRow).toList();
        List<EarlyStoppingRow> lceRows = stops.stream().filter(s -> s.variant().equals(LceEarlyStopping.VARIANT)).toList();
        assertEquals(2, lceRows.size(), "one per Delta");
        assertTrue(lceRows.stream().allMatch(s -> s.model().equals("lce") && s.burnIn() == 0 && s.sigma() == null
                && s.baseline().equals("full-training") && s.orderings() == 2));
        assertTrue(stops.stream().anyMatch(s -> s.variant().equals("best") && s.model().equals("nu-svr-rbf")));
        // The rule's checkpoints {2, 6} of every run, and tau 3 of the runs held out in some repeat (tau 6 is shared).
        int lceFits = (Integer) summary.get("lce_fits");
        assertTrue(lceFits > 24 * 2 && lceFits <= 24 * 3, summary.toString());
        assertTrue((Double) summary.get("lce_seconds_per_fit") > 0);
        // lce and bnn are estimators too: every usable run at the baseline budgets, with their cost (issue 22 item 1)
        List<org.earlyrank.schema.EstimatesTable.EstimateRow> est = FitSvrStageTest.read(sweep,
                org.earlyrank.schema.EstimatesTable.TABLE).stream().map(org.earlyrank.schema.EstimatesTable.EstimateRow::fromRow)
                .toList();
        for (String m : List.of("lce", "bnn")) {
            List<org.earlyrank.schema.EstimatesTable.EstimateRow> rows = est.stream().filter(e -> e.estimator().equals(m))
                    .toList();
            assertEquals(24 * 2, rows.size(), m + ": 24 runs at taus 3 and 6");
            assertTrue(rows.stream().allMatch(e -> (e.budgetEpoch() == 3 || e.budgetEpoch() == 6) && e.costSeconds() > 0
                    && Double.isFinite(e.score()) && "fit-svr".equals(e.stage())), m);
        }
        assertEquals(24 * 9, est.stream().filter(e -> e.estimator().equals("svr")).count(), "svr at every tau < T");
    }

    @Test
    void badBaselineOptionsNameTheKey() {
        Path csv = RealCurves.csv("deep_resnets_cifar10.csv");
        ConfigException e = assertThrows(ConfigException.class,
                () -> RealCurves.config(csv, Map.of("fit-svr.lce_burn_in", "800", "fit-svr.lce_steps", "700")));
        assertTrue(e.getMessage().contains("fit-svr.lce_burn_in must be in [0, lce_steps), got 800"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> RealCurves.config(csv, Map.of("fit-svr.baseline_fractions", "0.5,1")));
        assertTrue(e.getMessage().contains("fit-svr.baseline_fractions values must be in (0, 1), got 1.0"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> RealCurves.config(csv, Map.of("fit-svr.models", "lce,gp")));
        assertTrue(e.getMessage().contains("lce") && e.getMessage().contains("gp"), e.getMessage());
    }
}
