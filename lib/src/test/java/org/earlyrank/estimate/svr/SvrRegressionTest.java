package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The regression core on synthetic curves with a known final value: recovery, determinism, honesty of the
 * cross-fitted estimates, missing epochs and constant curves. Random searches draw 10 to 30 settings here
 * (the stage's default is 100) to keep the test short, except where recovery is judged.
 */
class SvrRegressionTest {
    static ExecutorService pool;

    @BeforeAll
    static void start() {
        pool = FitSvrStage.pool(2);
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    static CurveSet synthetic(int n) {
        return CurveSet.of(SyntheticCurves.sweep(SyntheticCurves.runs(n, 20, 7)), FeatureSpec.GROUPS, true, s -> { });
    }

    @Test
    void nuSvrRecoversTheFinalValueOfAKnownCurveFamily() {
        CurveSet data = synthetic(300);
        List<ModelComparison.Result> res = ModelComparison.run(data, List.of(5), List.of(ModelKind.NU_SVR_RBF,
                ModelKind.LAST_SEEN), 100, 3, 5, 11, SyntheticCurves.fitter(100, pool));
        ModelComparison.Result svr = res.get(0);
        ModelComparison.Result last = res.get(1);
        assertEquals(ModelKind.NU_SVR_RBF, svr.model());
        assertEquals(100, svr.nTrain());
        assertEquals(200, svr.nTest());
        assertFalse(svr.crossFitted());
        assertTrue(svr.r2() > 0.95, "nu-SVR R^2 " + svr.r2());
        assertTrue(last.r2() < 0.5, "the last seen value at epoch 5 of 20 is a poor guess: " + last.r2());
        assertTrue(svr.sigmaLoo() > 0 && svr.sigmaLoo() < 0.05, "sigma " + svr.sigmaLoo());
        assertNotNull(svr.c());
        assertNotNull(svr.gamma());
    }

    @Test
    void theSameSeedGivesTheSameResultWhateverThePoolSize() {
        CurveSet data = synthetic(60);
        List<ModelKind> models = List.of(ModelKind.NU_SVR_RBF, ModelKind.OLS, ModelKind.RANDOM_FOREST);
        List<ModelComparison.Result> a = ModelComparison.run(data, List.of(3), models, 30, 2, 5, 5,
                SyntheticCurves.fitter(10, pool));
        List<ModelComparison.Result> b = ModelComparison.run(data, List.of(3), models, 30, 2, 5, 5,
                SyntheticCurves.fitter(10, null));
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).r2(), b.get(i).r2(), a.get(i).model() + " R^2");
            assertEquals(a.get(i).c(), b.get(i).c());
            assertEquals(a.get(i).sigmaLoo(), b.get(i).sigmaLoo());
        }
        List<ModelComparison.Result> other = ModelComparison.run(data, List.of(3), models, 30, 2, 5, 6,
                SyntheticCurves.fitter(10, pool));
        assertNotEquals(a.get(0).r2(), other.get(0).r2(), "another seed draws other splits");
    }

    /** One out-of-fold estimate, as fit-svr writes it. */
    private record Estimate(String runId, int budget, double score) {
    }

    /** Every run's out-of-fold svr scores at the given budgets, by run then budget, as fit-svr writes them. */
    private static List<Estimate> estimates(SweepData sweep, CurveSet data, List<Integer> taus, long seed,
                                            SrmFitter fitter) {
        CrossFit.Fitted fitted = CrossFit.fit(sweep, data, taus, ModelKind.NU_SVR_RBF, 100, 5, seed, fitter);
        List<Estimate> out = new ArrayList<>();
        for (RunHistory h : sweep.runs()) {
            for (org.earlyrank.estimate.Score s : fitted.scoreRun(h.view().upTo(taus.get(taus.size() - 1)), taus).scores()) {
                out.add(new Estimate(h.runId(), s.budget(), s.value()));
            }
        }
        return out;
    }

    @Test
    void aRunIsNeverScoredByAModelThatSawItsFinalValue() {
        List<RunHistory> runs = SyntheticCurves.runs(40, 10, 3);
        CurveSet data = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
        List<Estimate> before = estimates(SyntheticCurves.sweep(runs), data, List.of(2, 5), 9,
                SyntheticCurves.fitter(10, pool));
        assertEquals(40 * 2, before.size(), "every run, every budget");
        // Change run 0's final value only (epoch 10 is never a feature at budgets 2 and 5).
        List<RunHistory> changed = new ArrayList<>(runs);
        double[] y = CurveSet.curve(runs.get(0), 10);
        y[10] = 0.01;
        changed.set(0, SyntheticCurves.history("r0000", y, 10, runs.get(0).run().hparams()));
        CurveSet data2 = CurveSet.of(SyntheticCurves.sweep(changed), FeatureSpec.GROUPS, true, s -> { });
        List<Estimate> after = estimates(SyntheticCurves.sweep(changed), data2, List.of(2, 5), 9,
                SyntheticCurves.fitter(10, pool));
        int changedOthers = 0;
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).runId(), after.get(i).runId());
            if (before.get(i).runId().equals("r0000")) {
                assertEquals(before.get(i).score(), after.get(i).score(), 0, "r0000's own score must not move");
            } else if (before.get(i).score() != after.get(i).score()) {
                changedOthers++;
            }
        }
        assertTrue(changedOthers > 0, "models trained on r0000 do see its new final value");
    }

    @Test
    void runsWithMissingEpochsAreLeftOutOfTrainingWithANoteAndScoredWhereTheyCan() {
        List<RunHistory> runs = new ArrayList<>(SyntheticCurves.runs(30, 10, 4));
        double[] gap = CurveSet.curve(runs.get(0), 10);
        gap[6] = Double.NaN;
        runs.set(0, SyntheticCurves.history("r0000", gap, 10, runs.get(0).run().hparams()));
        List<String> notes = new ArrayList<>();
        SweepData sweep = SyntheticCurves.sweep(runs);
        CurveSet data = CurveSet.of(sweep, FeatureSpec.GROUPS, true, notes::add);
        assertEquals(29, data.size());
        assertTrue(notes.stream().anyMatch(n -> n.startsWith("1 ok runs lack the validation accuracy of some epoch 1..10")
                && n.contains("r0000")), notes.toString());
        List<Estimate> est = estimates(sweep, data, List.of(5, 7), 1, SyntheticCurves.fitter(10, pool));
        List<Integer> budgetsOfGap = est.stream().filter(e -> e.runId().equals("r0000")).map(Estimate::budget).toList();
        assertEquals(List.of(5), budgetsOfGap, "epoch 6 is missing: scored at 5, not at 7");
    }

    @Test
    void theEstimatorReadsOnlyTheBudgetItIsGiven() {
        List<RunHistory> runs = SyntheticCurves.runs(30, 10, 5);
        CurveSet data = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
        int[] rows = java.util.stream.IntStream.range(1, 30).toArray();
        Srm m = SyntheticCurves.fitter(10, pool).fit(ModelKind.NU_SVR_RBF, 4, data.design(4, rows), data.truth(rows), 1,
                false, 3).srm();
        SvrCurveEstimator est = new SvrCurveEstimator(data.spec(), Map.of(4, m));
        RunHistory h = runs.get(0);
        OptionalDouble full = est.score(h.view(), 4);
        double[] y = CurveSet.curve(h, 10);
        for (int e = 5; e <= 10; e++) {
            y[e] = 0; // whatever happens after the budget
        }
        OptionalDouble other = est.score(SyntheticCurves.history("r0000", y, 10, h.run().hparams()).view(), 4);
        assertEquals(full.getAsDouble(), other.getAsDouble(), 0);
        assertTrue(est.score(h.view(), 3).isEmpty(), "no model for budget 3");
        assertEquals("svr", est.name());
    }

    @Test
    void featuresFollowThePaperAndDropRepeatsAndConstants() {
        List<RunHistory> runs = SyntheticCurves.runs(5, 6, 1);
        FeatureSpec spec = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { }).spec();
        assertEquals(List.of("y_1", "y_2", "y_3", "dy_2", "dy_3", "ddy_3", "lr"), spec.names(3));
        double[] c = {Double.NaN, 0.1, 0.3, 0.4, 0.9, 0.9, 0.9};
        double[] row = spec.row(c, 3, runs.get(0).run());
        assertArrayEquals(new double[]{0.1, 0.3, 0.4, 0.2, 0.1, -0.1, runs.get(0).run().hparams().get("lr")}, row, 1e-12);
        FeatureSpec zero = new FeatureSpec(true, true, List.of());
        assertEquals(List.of("y_0", "y_1", "y_2", "dy_1", "dy_2", "ddy_2"), zero.names(2));
        assertNull(zero.row(c, 2, runs.get(0).run()), "epoch 0 is missing");
    }

    @Test
    void constantCurvesAreTrainingDataButAllEqualTruthsAreNothingToRegress() {
        List<RunHistory> runs = new ArrayList<>(SyntheticCurves.runs(20, 8, 2));
        double[] flat = new double[9];
        java.util.Arrays.fill(flat, 0.1);
        runs.add(SyntheticCurves.history("r0099", flat, 8, Map.of("lr", 0.2)));
        CurveSet data = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
        assertEquals(21, data.size(), "a network that never learns is a legitimate configuration");
        assertFalse(data.constantTruth());
        List<RunHistory> allFlat = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            allFlat.add(SyntheticCurves.history("f" + i, flat, 8, Map.of("lr", 0.1 * (i + 1))));
        }
        assertTrue(CurveSet.of(SyntheticCurves.sweep(allFlat), FeatureSpec.GROUPS, true, s -> { }).constantTruth());
    }

    @Test
    void theStoppingRuleIsAGaussianTailProbability() {
        // scipy.stats.norm.cdf(1.6448536269514722) = 0.95, norm.cdf(2.3263478740408408) = 0.99
        assertEquals(0.95, StoppingRule.normalCdf(1.6448536269514722), 1e-12);
        assertEquals(0.99, StoppingRule.normalCdf(2.3263478740408408), 1e-12);
        assertTrue(StoppingRule.stop(0.80, 0.05, 0.90, 0.95), "(0.9 - 0.8) / 0.05 = 2 sd below the best: P = 0.977");
        assertFalse(StoppingRule.stop(0.80, 0.05, 0.90, 0.99));
        double[] finished = {0.9, 0.85, 0.8};
        assertEquals(0.9, new StoppingRule("best", 0.9, null, null).reference(finished, 3), 0);
        assertEquals(0.88, new StoppingRule("offset", 0.9, 0.02, null).reference(finished, 3), 1e-12);
        assertEquals(0.8, new StoppingRule("nth-best", 0.9, null, 3).reference(finished, 3), 0);
        assertTrue(Double.isNaN(new StoppingRule("nth-best", 0.9, null, 3).reference(finished, 2)));
    }

    @Test
    void hyperbandBracketsFollowLiEtAl() {
        // R = 20, eta = 3: s_max = 2; n = ceil(3/(s+1) * 3^s) = 9, 5, 3; r_i = 20 * 3^(i-s) rounded
        List<List<HyperbandSchedule.Round>> b = HyperbandSchedule.brackets(20, 3);
        assertEquals(List.of(new HyperbandSchedule.Round(9, 2, 3), new HyperbandSchedule.Round(3, 7, 1),
                new HyperbandSchedule.Round(1, 20, 1)), b.get(0));
        assertEquals(List.of(new HyperbandSchedule.Round(5, 7, 1), new HyperbandSchedule.Round(1, 20, 1)), b.get(1));
        assertEquals(List.of(new HyperbandSchedule.Round(3, 20, 1)), b.get(2));
    }

    @Test
    void earlyStoppingOnPredictableCurvesSavesEpochsAndKeepsTheBest() {
        CurveSet data = synthetic(150);
        List<StoppingRule> rules = List.of(new StoppingRule("best", 0.99, null, null),
                new StoppingRule("nth-best", 0.99, null, 3));
        List<EarlyStopping.Outcome> out = EarlyStopping.simulate(data, rules, ModelKind.NU_SVR_RBF, 50, 3, 1,
                SyntheticCurves.fitter(15, pool));
        EarlyStopping.Outcome best = out.get(0);
        assertTrue(best.bestRecovered(), "best kept in " + best.bestRecoveredFraction());
        assertTrue(best.speedup() > 1.5, "speedup " + best.speedup());
        assertTrue(best.runsStopped() > 50, "stopped " + best.runsStopped());
        assertEquals(150.0 * 20, best.epochsWithout(), 0);
        assertTrue(out.get(1).speedup() <= best.speedup(), "the 3rd best is a lower bar than the best: fewer stops");
    }

    @Test
    void olsIsLeastSquaresAndStaysDefinedWithMoreFeaturesThanRuns() {
        java.util.Random r = new java.util.Random(1);
        double[][] x = new double[50][4];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            for (int j = 0; j < 4; j++) {
                x[i][j] = r.nextGaussian();
            }
            y[i] = 1 + 2 * x[i][0] - x[i][3] + 0.1 * r.nextGaussian();
        }
        double[] w = SrmFitter.leastSquares(x, y);
        // The reference: Smile's own OLS (SVD) on the same data.
        smile.regression.LinearModel ols = smile.regression.OLS.fit(smile.data.formula.Formula.lhs("y"),
                SrmFitter.frame(x, y), "svd", false, false);
        for (int j = 0; j < 4; j++) {
            assertEquals(ols.coefficients()[j], w[j], 1e-9);
        }
        assertEquals(ols.intercept(), w[4], 1e-9);
        double[][] wide = new double[5][8];
        for (double[] row : wide) {
            for (int j = 0; j < 8; j++) {
                row[j] = r.nextGaussian();
            }
        }
        double[] target = {1, 2, 3, 4, 5};
        double[] v = SrmFitter.leastSquares(wide, target);
        for (int i = 0; i < 5; i++) {
            double p = v[8];
            for (int j = 0; j < 8; j++) {
                p += v[j] * wide[i][j];
            }
            assertEquals(target[i], p, 1e-9, "8 features, 5 runs: an exact (minimum-norm) fit");
        }
    }
}
