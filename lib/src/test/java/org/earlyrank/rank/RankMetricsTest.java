package org.earlyrank.rank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The correlation code decides every verdict the report gives, so it is pinned against a reference
 * implementation on tied data. Reference values: scipy 1.10.1 (numpy 1.24.2, Debian python3-scipy),
 * {@code scipy.stats.kendalltau(x, y)} (tau-b), {@code spearmanr(x, y)[0]}, {@code pearsonr(x, y)[0]}.
 */
class RankMetricsTest {
    private static final double TOL = 1e-9;

    private static void assertScipy(double[] x, double[] y, double tau, double rho, double r) {
        assertEquals(tau, RankMetrics.kendallTauB(x, y), TOL, "tau-b");
        assertEquals(rho, RankMetrics.spearmanRho(x, y), TOL, "spearman");
        assertEquals(r, RankMetrics.pearsonR(x, y), TOL, "pearson");
        // symmetric in its arguments
        assertEquals(tau, RankMetrics.kendallTauB(y, x), TOL, "tau-b swapped");
    }

    @Test
    void theIssueExampleMatchesScipy() {
        // issue 3: scipy gives tau-b = -0.47140452079103173 for these (scipy 1.10.1 prints ...3160)
        assertScipy(new double[]{12, 2, 1, 12, 2}, new double[]{1, 4, 7, 1, 0},
                -0.47140452079103173, -0.5407380704358752, -0.5566399985665696);
    }

    @Test
    void tiesInBothVariablesMatchScipy() {
        assertScipy(new double[]{1, 1, 2, 2, 3, 3, 4, 5, 5, 5}, new double[]{2, 1, 2, 3, 3, 3, 5, 4, 4, 6},
                0.8101914936669332, 0.9085218706730636, 0.8716172900654788);
        assertScipy(new double[]{0, 0, 0, 1, 1, 1}, new double[]{0, 1, 0, 1, 0, 1},
                0.3333333333333333, 0.3333333333333333, 0.3333333333333334);
    }

    @Test
    void untiedDataMatchesScipy() {
        assertScipy(new double[]{0.31, 0.12, 0.77, 0.45, 0.98, 0.05, 0.66, 0.23, 0.51, 0.89, 0.40, 0.14},
                new double[]{0.2, 0.35, 0.7, 0.41, 0.93, 0.11, 0.5, 0.15, 0.62, 0.8, 0.3, 0.01},
                0.8181818181818181, 0.9090909090909092, 0.9309449628928327);
    }

    @Test
    void fortyRoundedNormalsWithManyTiesMatchScipy() {
        // numpy default_rng(20240521): a = round(normal(40), 1), b = round(0.6 a + 0.8 normal(40), 1);
        // y holds a -0.0 that must tie with 0.0 values (there are none here, but it must not break ranks)
        double[] a = {0.5, 1.1, -0.7, -0.4, 1.0, 1.7, -1.5, 0.4, 0.6, 0.5, -0.1, -1.3, -0.4, 1.2, 0.2, 0.1, 0.5,
                -0.3, 0.5, -0.6, -0.8, -1.3, 0.6, 0.4, 2.0, -1.1, 1.0, 1.5, 0.6, 0.1, -1.0, -0.1, 0.9, 1.1, -0.6,
                0.8, 0.4, -0.8, 1.8, -0.4};
        double[] b = {-0.3, 0.2, -0.2, -0.2, 0.4, 2.2, -0.4, 0.1, 0.5, 0.1, 0.1, -0.6, 0.6, 0.3, -0.0, 2.1, -0.3,
                -0.9, -1.1, -0.3, -0.4, 0.9, -1.2, -0.4, 1.8, -0.9, 0.6, 1.9, 0.4, -0.5, -1.1, 0.2, 0.9, 0.8, 0.2,
                2.1, 1.1, -0.7, 1.5, 1.1};
        assertScipy(a, b, 0.39920983265374654, 0.5389100633259285, 0.5592914453171783);
    }

    @Test
    void aSeriesAgainstItselfIsOneAndAgainstItsReverseMinusOne() {
        double[] x = {0.71, 0.64, 0.80, 0.55, 0.80, 0.62, 0.77};
        double[] rev = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            rev[i] = -x[i];
        }
        assertEquals(1.0, RankMetrics.kendallTauB(x, x), 0);
        assertEquals(1.0, RankMetrics.spearmanRho(x, x), 1e-15);
        assertEquals(1.0, RankMetrics.pearsonR(x, x), 1e-15);
        assertEquals(-1.0, RankMetrics.kendallTauB(x, rev), 0);
        assertEquals(-1.0, RankMetrics.spearmanRho(x, rev), 1e-15);
        assertEquals(-1.0, RankMetrics.pearsonR(x, rev), 1e-15);
    }

    @Test
    void undefinedCorrelationsAreNullNeverNaN() {
        double[] constant = {0.5, 0.5, 0.5, 0.5};
        double[] varied = {0.1, 0.4, 0.3, 0.9};
        assertNull(RankMetrics.kendallTauB(constant, varied));
        assertNull(RankMetrics.spearmanRho(varied, constant));
        assertNull(RankMetrics.pearsonR(constant, varied));
        double[] two = {0.1, 0.2};
        assertNull(RankMetrics.kendallTauB(two, two), "fewer than 3 runs");
        assertNull(RankMetrics.spearmanRho(two, two));
        assertNull(RankMetrics.pearsonR(two, two));
        assertNull(RankMetrics.kendallTauB(new double[0], new double[0]));
        assertNull(RankMetrics.pearsonR(new double[]{1, 2, Double.POSITIVE_INFINITY}, new double[]{1, 2, 3}));
        assertNull(TauInterval.bootstrap(constant, varied, 100, 0.95, 1));
        assertThrows(IllegalArgumentException.class,
                () -> RankMetrics.kendallTauB(new double[]{1, Double.NaN, 2}, new double[]{1, 2, 3}));
    }

    @Test
    void tauBAgreesWithTheQuadraticDefinitionOnRandomTiedData() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 3 + rnd.nextInt(40);
            double[] x = new double[n];
            double[] y = new double[n];
            int levels = 1 + rnd.nextInt(6);
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(levels);
                y[i] = rnd.nextInt(levels + 1) + (rnd.nextBoolean() ? x[i] : 0);
            }
            Double fast = RankMetrics.kendallTauB(x, y);
            Double slow = quadraticTauB(x, y);
            if (slow == null) {
                assertNull(fast, "trial " + trial);
            } else {
                assertEquals(slow, fast, 1e-12, "trial " + trial);
            }
        }
    }

    @Test
    void weightedTauEqualsTauOfTheRepeatedSample() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 100; trial++) {
            int n = 3 + rnd.nextInt(15);
            double[] x = new double[n];
            double[] y = new double[n];
            int[] counts = new int[n];
            int total = 0;
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextInt(4);
                y[i] = rnd.nextInt(4);
                counts[i] = rnd.nextInt(3);
                total += counts[i];
            }
            double[] xr = new double[total];
            double[] yr = new double[total];
            int p = 0;
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < counts[i]; c++) {
                    xr[p] = x[i];
                    yr[p++] = y[i];
                }
            }
            Double weighted = new KendallTau(x, y).tauB(counts);
            Double repeated = total < 2 ? null : quadraticTauB(xr, yr);
            if (repeated == null) {
                assertNull(weighted, "trial " + trial);
            } else {
                assertEquals(repeated, weighted, 1e-12, "trial " + trial);
            }
        }
    }

    /** Tau-b straight from its definition, over all pairs. */
    private static Double quadraticTauB(double[] x, double[] y) {
        long c = 0;
        long d = 0;
        long tx = 0;
        long ty = 0;
        long pairs = 0;
        for (int i = 0; i < x.length; i++) {
            for (int j = i + 1; j < x.length; j++) {
                pairs++;
                double sx = Math.signum(x[i] - x[j]);
                double sy = Math.signum(y[i] - y[j]);
                if (sx == 0) {
                    tx++;
                }
                if (sy == 0) {
                    ty++;
                }
                if (sx * sy > 0) {
                    c++;
                } else if (sx * sy < 0) {
                    d++;
                }
            }
        }
        if (pairs == tx || pairs == ty) {
            return null;
        }
        return (c - d) / Math.sqrt((double) (pairs - tx) * (pairs - ty));
    }

    @Test
    void averageRanksShareTheMeanOfTheRanksTheySpan() {
        assertArrayEquals(new double[]{4.5, 2.5, 1, 4.5, 2.5}, RankMetrics.averageRanks(new double[]{12, 2, 1, 12, 2}));
        assertArrayEquals(new double[]{1.5, 1.5, 3}, RankMetrics.averageRanks(new double[]{-0.0, 0.0, 1}));
    }

    @Test
    void precisionAtKAndRegretOnAHandMadeSweep() {
        // six runs in run-id order; truth: r4 best, then r1, r5, ...
        double[] truth = {0.70, 0.90, 0.60, 0.50, 0.95, 0.85};
        // the estimator puts r1 first, r2 second (a miss), r4 third
        double[] score = {0.20, 0.99, 0.90, 0.10, 0.80, 0.30};
        assertEquals(0.0, RankMetrics.regretTop1(truth, truth), 0);
        assertEquals(0.05, RankMetrics.regretTop1(score, truth), 1e-12, "picked r1 (0.90) instead of r4 (0.95)");
        assertEquals(0.5, RankMetrics.precisionAtK(score, truth, 2), 1e-12, "top 2 {r1, r2} vs {r4, r1}");
        assertEquals(2 / 3.0, RankMetrics.precisionAtK(score, truth, 3), 1e-12, "top 3 {r1, r2, r4} vs {r4, r1, r5}");
        assertEquals(1.0, RankMetrics.precisionAtK(score, truth, 6), 0);
        assertEquals(1.0, RankMetrics.precisionAtK(score, truth, 60), 0, "k is clamped to n");
        // a constant score picks the smallest run id
        double[] flat = {1, 1, 1, 1, 1, 1};
        assertEquals(0.25, RankMetrics.regretTop1(flat, truth), 1e-12);
        assertEquals(0.0, RankMetrics.precisionAtK(flat, truth, 1), 0);
        // ties in the truth at the k-th place: either tied run is a hit (r2 counts though r1 has the smaller id)
        assertEquals(1.0, RankMetrics.precisionAtK(new double[]{3, 1, 2, 0}, new double[]{0.9, 0.8, 0.8, 0.1}, 2), 0);
        assertNull(RankMetrics.regretTop1(new double[0], new double[0]));
        assertNull(RankMetrics.precisionAtK(new double[0], new double[0], 1));
    }

    @Test
    void defaultKIsTenPercentRoundedHalfUpAndAtLeastOne() {
        assertEquals(1, RankMetrics.defaultK(8, 0.1));
        assertEquals(3, RankMetrics.defaultK(25, 0.1), "2.5 rounds up");
        assertEquals(3, RankMetrics.defaultK(32, 0.1));
        assertEquals(130, RankMetrics.defaultK(1300, 0.1));
        assertEquals(4, RankMetrics.defaultK(10, 0.35), "0.35 x 10 is 3.5, not 3.4999999999999996");
        assertEquals(0, RankMetrics.defaultK(0, 0.1));
    }
}
