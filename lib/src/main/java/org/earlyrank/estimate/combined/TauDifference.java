package org.earlyrank.estimate.combined;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.earlyrank.rank.KendallTau;

/**
 * A paired bootstrap of the difference between two estimators' Kendall tau-b against the same truth:
 * the runs are resampled with replacement ({@code resamples} times, each of the original size, from a
 * {@link SplittableRandom} seeded with {@code seed}); on every resample both taus are computed on the
 * same drawn runs and their difference kept. The interval is the percentile interval of those
 * differences (numpy's linear quantile), as {@link org.earlyrank.rank.TauInterval} does for one tau;
 * resamples on which either tau is undefined are left out.
 *
 * <p>References: B. Efron and R. J. Tibshirani, "An Introduction to the Bootstrap", 1993, ch. 13.
 *
 * @param tauA         tau-b of the first estimator on all runs
 * @param tauB         tau-b of the second
 * @param low          lower end of the interval of tauA - tauB
 * @param high         upper end
 * @param probPositive share of the resamples on which tauA > tauB
 * @param defined      resamples used
 */
public record TauDifference(double tauA, double tauB, double low, double high, double probPositive, int defined) {

    public double difference() {
        return tauA - tauB;
    }

    /**
     * @param a     the first estimator's scores, one per run
     * @param b     the second's, same runs and order
     * @param truth the runs' truth
     * @return the comparison, or null when a tau is undefined on all runs or on every resample
     */
    public static TauDifference bootstrap(double[] a, double[] b, double[] truth, int resamples, double confidence,
                                          long seed) {
        KendallTau ka = new KendallTau(a, truth);
        KendallTau kb = new KendallTau(b, truth);
        Double pa = ka.tauB();
        Double pb = kb.tauB();
        if (pa == null || pb == null) {
            return null;
        }
        int n = truth.length;
        int[] counts = new int[n];
        double[] diffs = new double[resamples];
        int defined = 0;
        int positive = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int r = 0; r < resamples; r++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            Double ta = ka.tauB(counts);
            Double tb = kb.tauB(counts);
            if (ta != null && tb != null) {
                diffs[defined++] = ta - tb;
                positive += ta > tb ? 1 : 0;
            }
        }
        if (defined == 0) {
            return null;
        }
        Arrays.sort(diffs, 0, defined);
        double alpha = (1 - confidence) / 2;
        return new TauDifference(pa, pb, quantile(diffs, defined, alpha), quantile(diffs, defined, 1 - alpha),
                positive / (double) defined, defined);
    }

    private static double quantile(double[] sorted, int m, double q) {
        double h = (m - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, m - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
