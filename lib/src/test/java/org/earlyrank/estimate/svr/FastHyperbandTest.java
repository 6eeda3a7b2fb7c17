package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.earlyrank.estimate.RunHistory;
import org.junit.jupiter.api.Test;

/**
 * Fast Hyperband (Baker et al. 2018, Appendix C, Algorithms 1-2) and the stopping rule of Section 4 on small
 * cases worked out by hand. The model is the last seen value (a real model kind that needs no fit), so a
 * prediction is y_tau and sigma is the RMS of y_tau - y_r over the first d configurations to reach rung r.
 */
class FastHyperbandTest {
    static final int R = 9;

    /**
     * The 17 curves of one Hyperband iteration at R = 9, eta = 3 (brackets s = 2: 9 configurations at 1
     * epoch, 3 at 3, 1 at 9; s = 1: 5 at 3, 1 at 9; s = 0: 3 at 9), in the order the simulation draws them.
     */
    static final double[][] DESIGN = {
            {0.50, 0.52, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.60}, // p0
            {0.48, 0.50, 0.52, 0.53, 0.53, 0.54, 0.54, 0.55, 0.55}, // p1
            {0.46, 0.48, 0.50, 0.51, 0.51, 0.52, 0.52, 0.53, 0.53}, // p2
            flat(0.10), flat(0.11), flat(0.12), flat(0.13), flat(0.14), flat(0.15), // p3..p8
            {0.40, 0.45, 0.50, 0.51, 0.52, 0.53, 0.54, 0.55, 0.55}, // p9
            {0.30, 0.32, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35, 0.35}, // p10
            {0.47, 0.49, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.58}, // p11
            {0.20, 0.21, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22, 0.22}, // p12
            {0.52, 0.55, 0.58, 0.59, 0.60, 0.61, 0.61, 0.62, 0.62}, // p13
            {0.50, 0.52, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.60}, // p14
            {0.20, 0.22, 0.24, 0.26, 0.27, 0.28, 0.29, 0.30, 0.30}, // p15
            {0.25, 0.26, 0.27, 0.28, 0.29, 0.30, 0.30, 0.30, 0.30}, // p16
    };

    static double[] flat(double v) {
        double[] y = new double[R];
        java.util.Arrays.fill(y, v);
        return y;
    }

    /** The design's curves placed so that ordering 0 of {@code seed} draws them as p0, p1, ... */
    static CurveSet inDrawOrder(long seed) {
        int n = DESIGN.length;
        int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.HYPERBAND, 0));
        double[][] byRun = new double[n][];
        for (int pos = 0; pos < n; pos++) {
            byRun[order[pos]] = DESIGN[pos];
        }
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] y = new double[R + 1];
            System.arraycopy(byRun[i], 0, y, 1, R);
            runs.add(SyntheticCurves.history(String.format("r%02d", i), y, R, Map.of()));
        }
        CurveSet data = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
        for (int i = 0; i < n; i++) {
            assertEquals(String.format("r%02d", i), data.runs().get(i).runId(), "runs keep their index");
        }
        return data;
    }

    static SrmFitter lastSeenFitter() {
        return new SrmFitter(new SrmFitter.Settings(new SearchSpace(1e-5, 10, 0, 1, 1e-5, 10, 1), 3, 10, true,
                SigmaEstimate.LOO_RMS), null);
    }

    /**
     * Worked by hand, Delta = 0.9 (z >= 1.2816), kappa = 0.5, d = 3, delta = 0:
     * <ul>
     *   <li>s = 2: p0..p8 to 1 epoch (no model can read fewer than 1 epoch); p0, p1, p2 (best at epoch 1) to 3
     *       (no rung-3 model yet), after which rung 3 has d = 3 curves: sigma(tau 1) = RMS(y1 - y3) = 0.04,
     *       sigma(tau 2) = 0.02; p0 to 9. 9 + 3 x 2 + 6 = 21 epochs.</li>
     *   <li>s = 1, rung 3, n_next = 1, k = ceil(0.5 x 1) = 1: p9 runs (L is empty, max_k = -inf), L = [0.50].
     *       p10: (0.50 - 0.30) / 0.04 = 5 sd: stopped at 1, L += 0.30. p11: (0.50 - 0.47) / 0.04 = 0.75,
     *       (0.50 - 0.49) / 0.02 = 0.5: runs, L += 0.53. p12: (0.53 - 0.20) / 0.04: stopped at 1. p13: 0.25 and
     *       -1 sd: runs, L += 0.58. 3 + 1 + 3 + 1 + 3 = 11 epochs; p13 (0.58) goes on to 9: 6 more.</li>
     *   <li>s = 0, rung 9: p14 runs 9 epochs; rung 9 now has p0, p13, p14: sigma(tau 1) = RMS(y1 - y9) = 0.10.
     *       p15: (0.60 - 0.20) / 0.10 = 4 sd and p16: 3.5 sd: both stopped at 1. 9 + 1 + 1 = 11 epochs.</li>
     * </ul>
     * Costs with promoted configurations resuming: f-Hyperband 21 + 17 + 11 = 49 epochs, 4 stopped; Hyperband
     * 21 + 21 + 27 = 69; both find p13 (0.62). The rule before Algorithm 2 protected the first
     * max(ceil(kappa n_i), n_next) of a round (p9..p11, p14, p15) and gave 59. As Algorithm 2 is written, every
     * round trains from epoch 1: the same decisions cost 9 + 9 + 9 = 27, 11 + 9 = 20 and 11: 58 epochs, and
     * Hyperband 27 + 24 + 27 = 78.
     */
    @Test
    void algorithmTwoOnAHandWorkedHyperbandIteration() {
        long seed = 3;
        CurveSet data = inDrawOrder(seed);
        List<HyperbandSimulation.Outcome> out = HyperbandSimulation.simulate(data,
                new HyperbandSimulation.Settings(3, 0.9, 0.5, 3, 0.0, true), ModelKind.LAST_SEEN, 1, seed,
                lastSeenFitter());
        HyperbandSimulation.Outcome hb = out.get(0);
        HyperbandSimulation.Outcome fast = out.get(1);
        assertEquals(17, hb.configurations(), 0);
        assertEquals(17, fast.configurations(), 0, "the same unique configurations");
        assertEquals(69, hb.epochs(), 1e-9);
        assertEquals(0, hb.runsStopped(), 0);
        assertEquals(49, fast.epochs(), 1e-9, "Algorithm 2's epochs");
        assertEquals(4, fast.runsStopped(), 0);
        assertEquals(69.0 / 49, fast.speedupVsHyperband(), 1e-12);
        assertEquals(0.62, fast.finalBestAcc(), 1e-12);
        assertEquals(0.62, hb.finalBestAcc(), 1e-12);
        assertEquals(1.0, fast.bestRecoveredFraction(), 0);

        List<HyperbandSimulation.Outcome> restart = HyperbandSimulation.simulate(data,
                new HyperbandSimulation.Settings(3, 0.9, 0.5, 3), ModelKind.LAST_SEEN, 1, seed, lastSeenFitter());
        assertEquals(78, restart.get(0).epochs(), 1e-9, "Hyperband, every round from epoch 1");
        assertEquals(58, restart.get(1).epochs(), 1e-9, "Algorithm 2 as written");
        assertEquals(4, restart.get(1).runsStopped(), 0, "the same decisions");

        // The ceiling, a perfect prediction at tau = 1, decides the same here: p10 (0.35 < 0.50), p12 (0.22 <
        // 0.53), p15 and p16 (0.30 < 0.60) stop, p11 (0.53) and p13 (0.58) run: 58 epochs again.
        HyperbandSimulation.Outcome oracle = HyperbandSimulation.ceiling(data,
                new HyperbandSimulation.Settings(3, 0.9, 0.5, 3), 1, seed);
        assertEquals(HyperbandSimulation.ORACLE, oracle.variant());
        assertEquals(58, oracle.epochs(), 1e-9);
    }

    /** An engine whose models are the last seen value of a one-feature row {y_tau}; D[3] holds A, B, C. */
    static FastHyperband engineWithRungThree(double offset, double[]... training) {
        SrmFitter fitter = lastSeenFitter();
        FastHyperband engine = new FastHyperband(new FastHyperband.Rule(0.5, offset, 0.9, 3),
                (rung, tau, x, y) -> fitter.fit(ModelKind.LAST_SEEN, tau, x, y, 1, true, 0).srm());
        FastHyperband.RoundState first = engine.round(new HyperbandSchedule.Round(3, 3, 1));
        for (int i = 0; i < training.length; i++) {
            double[] y = training[i];
            assertFalse(engine.predicts(3), "no model before d = 3 curves");
            first.complete(100 + i, y[3], tau -> new double[]{y[tau]});
        }
        assertTrue(engine.predicts(3));
        return engine;
    }

    /** y_1 - y_3 = -0.04 and y_2 - y_3 = -0.02 for each: sigma(tau 1) = 0.04, sigma(tau 2) = 0.02. */
    static final double[][] ABC = {{0, 0.50, 0.52, 0.54}, {0, 0.48, 0.50, 0.52}, {0, 0.46, 0.48, 0.50}};

    /**
     * Algorithm 2 in one round that keeps n_next = 3, kappa 0.5 (k = ceil(1.5) = 2), delta 0.01, Delta 0.9,
     * worked by hand. c1 (0.60) and c2 (0.55) run: L holds fewer than k values. Then the reference is the
     * 2nd best of L minus delta, 0.54. c3: (0.54 - 0.50) / 0.04 = 1.0 sd (P 0.841), then (0.54 - 0.49) / 0.02
     * = 2.5 sd (P 0.9938): stopped at 2, L += 0.49. c4: 0.75 sd, then (0.54 - 0.52) / 0.02 = 1.0 sd: runs
     * (without delta, (0.55 - 0.52) / 0.02 = 1.5 sd, P 0.933, would stop it), L += 0.48. c5: 6 sd and c6:
     * (0.54 - 0.45) / 0.04 = 2.25 sd: stopped at 1. The round keeps the best three of L: c1, c2 and c3,
     * whose predicted 0.49 beats c4's observed 0.48.
     */
    @Test
    void stoppedConfigurationsEnterLAndArePromotedByTheirPrediction() {
        FastHyperband engine = engineWithRungThree(0.01, ABC);
        FastHyperband.RoundState round = engine.round(new HyperbandSchedule.Round(6, 3, 3));
        assertEquals(2, round.k());
        assertFalse(round.canStop());
        assertEquals(Double.NEGATIVE_INFINITY, round.reference());
        round.complete(1, 0.60, tau -> new double[]{0.58 - 0.01 * (2 - tau)});
        assertFalse(round.canStop(), "one value in L, k = 2");
        round.complete(2, 0.55, tau -> new double[]{0.53});
        assertEquals(0.54, round.reference(), 1e-12);

        FastHyperband.Decision c3 = round.check(3, 1, new double[]{0.50});
        assertFalse(c3.stop());
        assertEquals(0.8413447, c3.probability(), 1e-6, "scipy.stats.norm.cdf(1.0)");
        c3 = round.check(3, 2, new double[]{0.49});
        assertTrue(c3.stop());
        assertEquals(0.49, c3.prediction(), 1e-12);
        assertEquals(0.02, c3.sigma(), 1e-12);
        assertEquals(0.9937903, c3.probability(), 1e-6, "scipy.stats.norm.cdf(2.5)");

        assertFalse(round.check(4, 1, new double[]{0.51}).stop());
        assertFalse(round.check(4, 2, new double[]{0.52}).stop(), "within delta of the 2nd best");
        round.complete(4, 0.48, tau -> new double[]{0.5});
        assertTrue(round.check(5, 1, new double[]{0.30}).stop());
        FastHyperband.Decision c6 = round.check(6, 1, new double[]{0.45});
        assertTrue(c6.stop());
        assertEquals(0.9877755, c6.probability(), 1e-6, "scipy.stats.norm.cdf(2.25)");
        assertArrayEquals(new double[]{0.60, 0.55, 0.49, 0.48, 0.30, 0.45}, round.values(), 1e-12);
        assertEquals(List.of(1, 2, 3), round.promoted(), "a stopped configuration competes by its prediction");

        FastHyperband noOffset = engineWithRungThree(0, ABC);
        FastHyperband.RoundState plain = noOffset.round(new HyperbandSchedule.Round(6, 3, 3));
        plain.complete(1, 0.60, tau -> new double[]{0.5});
        plain.complete(2, 0.55, tau -> new double[]{0.5});
        FastHyperband.Decision c4 = plain.check(4, 2, new double[]{0.52});
        assertTrue(c4.stop(), "delta = 0: (0.55 - 0.52) / 0.02 = 1.5 sd");
        assertEquals(0.9331928, c4.probability(), 1e-6, "scipy.stats.norm.cdf(1.5)");
    }

    @Test
    void kIsKappaTimesTheConfigurationsKeptRoundedUpAndPlainHyperbandNeverStops() {
        FastHyperband.Rule rule = new FastHyperband.Rule(0.5, 0, 0.95, 100);
        assertEquals(1, rule.k(1));
        assertEquals(2, rule.k(3));
        assertEquals(2, rule.k(4));
        assertEquals(3, new FastHyperband.Rule(1.0, 0, 0.95, 100).k(3));
        FastHyperband hyperband = FastHyperband.hyperband();
        FastHyperband.RoundState round = hyperband.round(new HyperbandSchedule.Round(9, 3, 3));
        for (int c = 0; c < 9; c++) {
            round.complete(c, 0.1 * c, tau -> new double[]{0});
        }
        assertFalse(hyperband.predicts(3));
        assertFalse(round.check(9, 1, new double[]{0}).stop());
        assertEquals(List.of(8, 7, 6), round.promoted());
        assertThrows(IllegalArgumentException.class, () -> new FastHyperband.Rule(0.5, -0.01, 0.95, 100));
        assertThrows(IllegalArgumentException.class, () -> new FastHyperband.Rule(0.5, 0, 1.0, 100));
    }

    @Test
    void aModelWithoutSpreadIsAnErrorNamingTheFix() {
        double[][] flatCurves = {{0, 0.5, 0.5, 0.5}, {0, 0.4, 0.4, 0.4}, {0, 0.3, 0.3, 0.3}};
        FastHyperband engine = engineWithRungThree(0, flatCurves);
        FastHyperband.RoundState round = engine.round(new HyperbandSchedule.Round(3, 3, 1));
        round.complete(1, 0.6, tau -> new double[]{0.6});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> round.check(2, 1, new double[]{0.2}));
        assertTrue(e.getMessage().contains("sigma 0.0") && e.getMessage().contains("loo-rms"), e.getMessage());
    }

    @Test
    void aSigmaThatIsNotPositiveIsAnErrorNotATinySpread() {
        for (double bad : new double[]{0.0, -0.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StoppingRule.stop(0.80, bad, 0.90, 0.95), "sigma " + bad);
            assertTrue(e.getMessage().contains("sigma"), e.getMessage());
        }
        assertTrue(StoppingRule.stop(0.80, 0.05, 0.90, 0.95), "(0.9 - 0.8) / 0.05 = 2 sd: P = 0.977");
    }

    /** Baker et al. Section 4 estimate sigma "via Leave One Out Cross Validation": the RMS of those residuals. */
    @Test
    void theDefaultSigmaIsTheRmsOfTheLeaveOneOutResiduals() {
        assertEquals("loo-rms", org.earlyrank.config.FitSvrOptions.SECTION.defaults().sigma());
    }

    /**
     * A trained sweep whose test accuracies run against its validation accuracies: the stopping target and
     * y_BEST are the final validation accuracy (the paper's y_T), so the best is 0.59, never the test's 0.90.
     */
    @Test
    void earlyStoppingOnATrainedSweepJudgesByTheFinalValidationAccuracy() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double fin = 0.50 + 0.01 * i;
            double[] y = {Double.NaN, fin - 0.06, fin - 0.04, fin - 0.02, fin};
            runs.add(SyntheticCurves.history(String.format("r%02d", i), y, 4, Map.of(), 0.90 - 0.01 * i));
        }
        CurveSet data = CurveSet.of(SyntheticCurves.sweep(runs), FeatureSpec.GROUPS, true, s -> { });
        assertEquals("final_test_acc", data.truthColumn(), "a trained sweep: the report's truth is the test accuracy");
        List<EarlyStopping.Outcome> out = EarlyStopping.simulate(data,
                List.of(new StoppingRule(StoppingRule.BEST, 0.99, null, null)), ModelKind.LAST_SEEN, 4, 2, 1,
                lastSeenFitter());
        EarlyStopping.Outcome o = out.get(0);
        assertEquals(0.59, o.trueBestAcc(), 1e-12);
        assertTrue(o.finalBestAcc() <= 0.59 + 1e-12, o.toString());
    }
}
