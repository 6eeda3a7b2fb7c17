package org.earlyrank.rank;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Kendall's tau-b of several scorings of one set of items (estimators scoring the same runs, or seeds
 * ranking the same architectures), evaluated on the SAME bootstrap resamples, so that differences between
 * them can be judged (a paired bootstrap).
 *
 * <p>Method: the n items are resampled with replacement ({@code resamples} times, each of size n, from a
 * {@link SplittableRandom} seeded with {@code seed}). On every resample each {@link Sample} is evaluated on
 * the drawn items it contains (an item drawn k times counts k times, {@link KendallTau#tauB(int[])}); a
 * sample that scores only some items (a run without a finite score) sees only those. Because every sample
 * sees the same draws, the spread of a difference reflects only how the two scorings disagree, not how
 * hard the drawn items happen to be: two identical scorings differ by exactly 0 on every resample.
 *
 * <p>A {@link Difference}'s interval is the percentile interval of the per-resample differences (numpy's
 * linear quantile, as {@link TauInterval}), over the resamples on which both taus are defined, widened to
 * contain the point difference as {@link TauInterval} is. Its {@code pBetter} is the share of those resamples
 * on which the first scoring has the higher tau, ties counting one half (identical scorings: 0.5).
 *
 * <p>Cost: O(samples * resamples * n log n) time, O(samples * resamples) memory. Not thread-safe.
 *
 * <p>References: B. Efron and R. J. Tibshirani, "An Introduction to the Bootstrap", Chapman &amp; Hall 1993,
 * ch. 13 (percentile intervals) and ch. 16.4 (comparing two statistics on the same bootstrap samples).
 */
public final class PairedTauBootstrap {
    /**
     * One scoring of some of the items.
     *
     * @param items indices in [0, n) of the items it scores, distinct
     * @param score its scores of those items (no NaN)
     * @param truth what the scores are ranked against, same order (no NaN)
     */
    public record Sample(int[] items, double[] score, double[] truth) {
        public Sample {
            if (items.length != score.length || score.length != truth.length) {
                throw new IllegalArgumentException("items, score and truth differ in length: " + items.length + ", "
                        + score.length + ", " + truth.length);
            }
        }

        /** A sample of every item 0..n-1, in order. */
        public static Sample all(double[] score, double[] truth) {
            int[] items = new int[score.length];
            Arrays.setAll(items, i -> i);
            return new Sample(items, score, truth);
        }
    }

    /**
     * The tau difference of two scorings on the same resamples.
     *
     * @param tauA    tau-b of the first on every item it scores
     * @param tauB    tau-b of the second
     * @param low     lower end of the interval of tauA - tauB (at most the point difference)
     * @param high    upper end (at least the point difference)
     * @param pBetter share of the resamples on which the first has the higher tau, ties counting one half
     * @param defined resamples on which both taus were defined (the interval's basis)
     */
    public record Difference(double tauA, double tauB, double low, double high, double pBetter, int defined) {
        public double difference() {
            return tauA - tauB;
        }

        /** Whether the interval excludes 0, i.e. the first ranks better (or worse) than the second beyond the noise. */
        public boolean significant() {
            return low > 0 || high < 0;
        }
    }

    private final int n;
    private final List<Sample> samples;
    private final Double[] point;
    /** tau-b of each sample on each resample; NaN where undefined. */
    private final double[][] resampled;
    private final int resamples;

    private PairedTauBootstrap(int n, List<Sample> samples, int resamples, long seed) {
        this.n = n;
        this.samples = List.copyOf(samples);
        this.resamples = resamples;
        int s = this.samples.size();
        point = new Double[s];
        resampled = new double[s][resamples];
        KendallTau[] taus = new KendallTau[s];
        int[][] local = new int[s][];
        for (int k = 0; k < s; k++) {
            Sample x = this.samples.get(k);
            for (int i : x.items()) {
                if (i < 0 || i >= n) {
                    throw new IllegalArgumentException("item " + i + " is outside [0, " + n + ")");
                }
            }
            taus[k] = new KendallTau(x.score(), x.truth());
            point[k] = taus[k].tauB();
            local[k] = new int[x.items().length];
        }
        int[] counts = new int[n];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int b = 0; b < resamples; b++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[rng.nextInt(n)]++;
            }
            for (int k = 0; k < s; k++) {
                int[] items = this.samples.get(k).items();
                for (int j = 0; j < items.length; j++) {
                    local[k][j] = counts[items[j]];
                }
                Double t = point[k] == null ? null : taus[k].tauB(local[k]);
                resampled[k][b] = t == null ? Double.NaN : t;
            }
        }
    }

    /**
     * @param n         items (the resample size)
     * @param samples   the scorings, each of a subset of the items
     * @param resamples bootstrap resamples, at least 0
     * @param seed      seed of the one stream of draws every sample shares
     */
    public static PairedTauBootstrap of(int n, List<Sample> samples, int resamples, long seed) {
        if (resamples < 0) {
            throw new IllegalArgumentException("resamples must be >= 0, got " + resamples);
        }
        return new PairedTauBootstrap(n, samples, resamples, seed);
    }

    public int items() {
        return n;
    }

    public int resamples() {
        return resamples;
    }

    /** Tau-b of sample k on every item it scores, or null when undefined. */
    public Double tau(int k) {
        return point[k];
    }

    /** Tau-b of sample k on each resample, NaN where undefined (a copy). */
    public double[] resampledTaus(int k) {
        return resampled[k].clone();
    }

    /**
     * Sample a against sample b.
     *
     * @param confidence coverage of the interval, in (0, 1)
     * @return null when either tau is undefined on all items, or no resample defines both
     */
    public Difference difference(int a, int b, double confidence) {
        checkConfidence(confidence);
        if (point[a] == null || point[b] == null) {
            return null;
        }
        double[] d = new double[resamples];
        int m = 0;
        double better = 0;
        for (int r = 0; r < resamples; r++) {
            double x = resampled[a][r];
            double y = resampled[b][r];
            if (!Double.isNaN(x) && !Double.isNaN(y)) {
                d[m++] = x - y;
                better += x > y ? 1 : x == y ? 0.5 : 0;
            }
        }
        if (m == 0) {
            return null;
        }
        double diff = point[a] - point[b];
        double[] ci = interval(d, m, confidence, diff);
        return new Difference(point[a], point[b], ci[0], ci[1], better / m, m);
    }

    /**
     * The percentile interval of the first m values (sorted in place), widened to contain the point.
     *
     * @return {low, high}
     */
    public static double[] interval(double[] values, int m, double confidence, double point) {
        checkConfidence(confidence);
        Arrays.sort(values, 0, m);
        double alpha = (1 - confidence) / 2;
        double low = TauInterval.quantile(values, m, alpha);
        double high = TauInterval.quantile(values, m, 1 - alpha);
        return new double[]{Math.min(low, point), Math.max(high, point)};
    }

    private static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
    }
}
