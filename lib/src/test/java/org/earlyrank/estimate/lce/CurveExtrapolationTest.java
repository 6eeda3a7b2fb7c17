package org.earlyrank.estimate.lce;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sampler, the prior and the extrapolation of Domhan et al. 2015 on synthetic curves with known
 * parameters. Chains are short (a few thousand steps of a few dozen walkers) so each test takes about a
 * second; the tolerances are several posterior standard deviations wide.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CurveExtrapolationTest {
    /** pow3 with c = 0.85, a = 0.6, alpha = 0.7 at epochs 1..n, plus N(0, noise^2), seeded. */
    private static double[] pow3(int n, double noise, long seed) {
        Random rnd = new Random(seed);
        double[] y = new double[n];
        for (int t = 1; t <= n; t++) {
            y[t - 1] = CurveFamily.POW3.value(t, new double[]{0.85, 0.6, 0.7}) + noise * rnd.nextGaussian();
        }
        return y;
    }

    @Test
    void theSamplerRecoversTheParametersOfACurveDrawnFromOneFamily() {
        double[] y = pow3(20, 0.005, 11);
        CurveCombination model = new CurveCombination(List.of(CurveFamily.POW3), y, 40);
        // Start far from the truth (c 0.75, a 0.4, alpha 1.2, sigma 0.05): the chain has to find it.
        double[] start = {0.75, 0.4, 1.2, 0.05, 0.5};
        Random init = new Random(3);
        double[][] walkers = new double[32][];
        for (int k = 0; k < walkers.length; k++) {
            do {
                walkers[k] = start.clone();
                for (int i = 0; i < start.length; i++) {
                    walkers[k][i] += 0.05 * start[i] * init.nextGaussian();
                }
            } while (model.logPosterior(walkers[k]) == Double.NEGATIVE_INFINITY);
        }
        List<double[]> kept = new ArrayList<>();
        double acceptance = EnsembleSampler.run(model::logPosterior, walkers, 3000, 1500, 5, new Random(5),
                w -> kept.add(w.clone()));
        assertTrue(acceptance > 0.1 && acceptance < 0.9, "acceptance " + acceptance);
        double[] truth = {0.85, 0.6, 0.7, 0.005};
        double[] tol = {0.01, 0.03, 0.06, 0.003};
        for (int i = 0; i < truth.length; i++) {
            int k = i;
            double mean = kept.stream().mapToDouble(w -> w[k]).average().orElseThrow();
            double sd = Math.sqrt(kept.stream().mapToDouble(w -> (w[k] - mean) * (w[k] - mean)).average().orElseThrow());
            assertEquals(truth[i], mean, tol[i], "parameter " + i + ": posterior mean " + mean + " +- " + sd);
            assertTrue(Math.abs(mean - truth[i]) < 4 * sd + 1e-3, "parameter " + i + " within 4 posterior sd");
        }
    }

    @Test
    void thePriorRejectsFallingCurvesAndFinalValuesAboveOne() {
        CurveCombination model = new CurveCombination(List.of(), new double[]{0.5, 0.6, 0.65}, 20);
        assertTrue(model.admissible(CurveFamily.POW3, new double[]{0.9, 0.5, 1}));
        assertFalse(model.admissible(CurveFamily.POW3, new double[]{0.9, -0.5, 1}), "a < 0: pow3 falls");
        assertFalse(model.admissible(CurveFamily.POW3, new double[]{1.2, 0.5, 1}), "ends at 1.2 - 0.5/20 > 1");
        assertFalse(model.admissible(CurveFamily.LOGLOG_LINEAR, new double[]{-1, 0.5}), "not real at epoch 2");
        // The grid: observed epochs 1..3, then 8 epochs up to T = 20.
        assertArrayEquals(new double[]{1, 2, 3, 6, 8, 10, 12, 14, 16, 18, 20}, CurveCombination.grid(3, 20));
    }

    @Test
    void theExtrapolationOfAKnownCurveIsCloseAndItsUncertaintyOrdered() {
        double[] full = pow3(40, 0.004, 21);
        double[] observed = java.util.Arrays.copyOf(full, 15);
        CurveExtrapolation.Settings s = new CurveExtrapolation.Settings(60, 300, 150, 500, new double[]{0.5, 0.9, 0.99});
        CurveExtrapolation.Prediction p = CurveExtrapolation.predict(observed, 40, s, 7);
        double truth = CurveFamily.POW3.value(40, new double[]{0.85, 0.6, 0.7});
        assertFalse(p.fallback());
        assertTrue(p.families() >= 3, "families kept " + p.families());
        assertEquals(truth, p.mean(), 0.03, "E[y_40] from 15 epochs");
        assertTrue(p.sd() > 0.002 && p.sd() < 0.1, "predictive sd " + p.sd());
        double[] q = p.quantiles();
        assertTrue(q[0] < q[1] && q[1] < q[2], "quantiles rise with the probability: " + java.util.Arrays.toString(q));
        assertEquals(p.mean(), q[0], 3 * p.sd(), "the median is near the mean");
        CurveExtrapolation.Prediction again = CurveExtrapolation.predict(observed, 40, s, 7);
        assertEquals(p.mean(), again.mean(), 0.0, "the same seed gives the same fit");
        assertArrayEquals(p.quantiles(), again.quantiles(), 0.0);
    }

    @Test
    void withOneEpochThereIsNothingToExtrapolate() {
        CurveExtrapolation.Settings s = new CurveExtrapolation.Settings(10, 20, 10, 50, new double[]{0.99});
        CurveExtrapolation.Prediction p = CurveExtrapolation.predict(new double[]{0.42}, 20, s, 1);
        assertTrue(p.fallback());
        assertEquals(0.42, p.mean(), 0.0, "the last seen value");
        assertTrue(Double.isNaN(p.sd()) && Double.isNaN(p.quantiles()[0]), "no spread: the rule never stops on it");
        assertThrows(IllegalArgumentException.class, () -> CurveExtrapolation.predict(new double[]{0.4, 0.5}, 2, s, 1));
    }

    @Test
    void levenbergMarquardtFitsAFamilyToItsOwnCurve() {
        double[] x = new double[12];
        double[] y = new double[12];
        double[] p = {0.9, 0.1, 0.3, 1.5};
        for (int i = 0; i < 12; i++) {
            x[i] = i + 1;
            y[i] = CurveFamily.WEIBULL.value(x[i], p);
        }
        double[] fit = FamilyFit.levenbergMarquardt(CurveFamily.WEIBULL, x, y, new double[]{0.8, 0.2, 0.5, 1});
        assertTrue(FamilyFit.sse(CurveFamily.WEIBULL, x, y, fit) < 1e-10, "exact data: zero residual, got "
                + java.util.Arrays.toString(fit));
        assertEquals(0.9, fit[0], 1e-3);
        assertEquals(0.3, fit[2], 1e-3);
    }
}
