package org.earlyrank.rank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TauIntervalTest {
    @Test
    void theIntervalContainsThePointEstimateAndIsReproducible() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 60; trial++) {
            int n = 3 + rnd.nextInt(30);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(5);
                y[i] = x[i] * (trial % 3) + rnd.nextGaussian();
            }
            Double tau = RankMetrics.kendallTauB(x, y);
            TauInterval ci = TauInterval.bootstrap(x, y, 200, 0.9, trial);
            if (tau == null) {
                assertNull(ci);
                continue;
            }
            assertNotNull(ci, "trial " + trial);
            assertTrue(ci.contains(tau), "trial " + trial + ": " + ci + " vs " + tau);
            assertTrue(-1 <= ci.low() && ci.low() <= ci.high() && ci.high() <= 1, ci.toString());
            assertEquals(ci, TauInterval.bootstrap(x, y, 200, 0.9, trial), "same seed, same interval");
        }
    }

    @Test
    void aPerfectRankingOfManyRunsHasANarrowIntervalAtOne() {
        double[] x = new double[50];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
        }
        TauInterval ci = TauInterval.bootstrap(x, x, 500, 0.95, 42);
        assertEquals(1.0, ci.low(), 0);
        assertEquals(1.0, ci.high(), 0);
        assertEquals(500, ci.defined());
        assertFalse(ci.widened());
    }

    @Test
    void aWeakCorrelationOnFewRunsHasAWideIntervalThatNarrowsWithMoreRuns() {
        Random rnd = new Random(9);
        double[] small = width(rnd, 10);
        double[] large = width(rnd, 400);
        assertTrue(small[1] - small[0] > 2 * (large[1] - large[0]),
                "10 runs: " + (small[1] - small[0]) + ", 400 runs: " + (large[1] - large[0]));
    }

    private static double[] width(Random rnd, int n) {
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rnd.nextGaussian();
            y[i] = x[i] + 2 * rnd.nextGaussian();
        }
        TauInterval ci = TauInterval.bootstrap(x, y, 400, 0.95, 1);
        return new double[]{ci.low(), ci.high()};
    }

    @Test
    void badOptionsAreRejectedAndZeroResamplesGiveNoInterval() {
        double[] x = {1, 2, 3, 4};
        assertNull(TauInterval.bootstrap(x, x, 0, 0.95, 1));
        assertThrows(IllegalArgumentException.class, () -> TauInterval.bootstrap(x, x, 10, 1.0, 1));
        assertThrows(IllegalArgumentException.class, () -> TauInterval.bootstrap(x, x, -1, 0.95, 1));
    }

    @Test
    void percentilesInterpolateLikeNumpy() {
        // numpy.quantile([1, 2, 3, 4, 10], [0.025, 0.975]) = [1.1, 9.4]
        double[] v = {1, 2, 3, 4, 10};
        assertEquals(1.1, TauInterval.quantile(v, 5, 0.025), 1e-12);
        assertEquals(9.4, TauInterval.quantile(v, 5, 0.975), 1e-12);
    }
}
