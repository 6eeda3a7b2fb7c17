package org.earlyrank.rank;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A bootstrap confidence interval for Kendall's tau-b.
 *
 * <p>Method: the runs are resampled with replacement ({@code resamples} times, each of the original
 * size, from a {@link SplittableRandom} seeded with {@code seed}: the same inputs and seed give the same
 * interval), tau-b is computed on each resample, and the interval is the percentile interval: the
 * {@code (1 - confidence) / 2} and {@code (1 + confidence) / 2} quantiles of those values, with linear
 * interpolation between order statistics (numpy's default quantile). Resamples on which tau-b is
 * undefined (every drawn run has the same score or the same truth) are left out; {@link #defined()}
 * says how many remained.
 *
 * <p>Point inside: a percentile interval need not contain the point estimate (the bootstrap
 * distribution of tau is skewed near +-1, and resamples duplicate runs, which adds ties). A reader
 * expects the interval around the reported tau, so when it misses the point it is widened to reach
 * it: {@code low = min(low, tau)}, {@code high = max(high, tau)}, and {@link #widened()} is true. The
 * interval therefore always contains the point estimate.
 *
 * <p>Cost: O(resamples * n log n) time, O(n) memory, no allocation per resample. Thread-safe (no shared
 * state).
 *
 * <p>References: B. Efron and R. J. Tibshirani, "An Introduction to the Bootstrap", Chapman & Hall
 * 1993, ch. 13 (percentile intervals).
 *
 * @param low        lower end, in [-1, 1]
 * @param high       upper end, in [-1, 1], at least {@code low}
 * @param confidence the nominal coverage, e.g. 0.95
 * @param resamples  resamples drawn
 * @param defined    resamples on which tau-b was defined (the interval's basis)
 * @param widened    whether the percentile interval missed the point estimate and was widened to it
 */
public record TauInterval(double low, double high, double confidence, int resamples, int defined, boolean widened) {

    /**
     * @param tau        the prepared sample
     * @param point      its tau-b ({@link KendallTau#tauB()}); null makes the interval null
     * @param resamples  how many resamples; 0 makes the interval null
     * @param confidence in (0, 1)
     * @return the interval, or null when the point is undefined, no resample is asked for, or tau-b is
     *         undefined on every resample
     */
    public static TauInterval bootstrap(KendallTau tau, Double point, int resamples, double confidence, long seed) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        if (resamples < 0) {
            throw new IllegalArgumentException("resamples must be >= 0, got " + resamples);
        }
        if (point == null || resamples == 0) {
            return null;
        }
        int n = tau.size();
        int[] counts = new int[n];
        double[] values = new double[resamples];
        int defined = 0;
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            Double t = tau.tauB(counts);
            if (t != null) {
                values[defined++] = t;
            }
        }
        if (defined == 0) {
            return null;
        }
        Arrays.sort(values, 0, defined);
        double alpha = (1 - confidence) / 2;
        double low = quantile(values, defined, alpha);
        double high = quantile(values, defined, 1 - alpha);
        boolean widened = point < low || point > high;
        return new TauInterval(Math.min(low, point), Math.max(high, point), confidence, resamples, defined, widened);
    }

    /** Convenience: prepares the sample, computes the point estimate and the interval. */
    public static TauInterval bootstrap(double[] x, double[] y, int resamples, double confidence, long seed) {
        KendallTau tau = new KendallTau(x, y);
        return bootstrap(tau, tau.tauB(), resamples, confidence, seed);
    }

    /** Quantile q of the first m sorted values, linear between order statistics (numpy "linear"). */
    static double quantile(double[] sorted, int m, double q) {
        double h = (m - 1) * q;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, m - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }

    /** Whether the interval contains v. */
    public boolean contains(double v) {
        return low <= v && v <= high;
    }
}
