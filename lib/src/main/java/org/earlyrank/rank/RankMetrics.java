package org.earlyrank.rank;

import org.earlyrank.base.Fractions;

/**
 * Correlation and ranking metrics between an estimator's scores and the runs' true accuracies.
 *
 * <p>Contract shared by every method: two arrays of the same length, one entry per run, in a fixed run
 * order (the report uses run-id order, which is what breaks ties in a ranking); higher means better in
 * both. NaN is rejected with {@link IllegalArgumentException} (the report drops runs without a finite
 * score first). A correlation that is undefined (fewer than 3 runs, a constant input) is {@code null},
 * never NaN. Stateless and thread-safe.
 *
 * <p>The correlations agree with {@code scipy.stats} ({@code kendalltau}, {@code spearmanr},
 * {@code pearsonr}) to 1e-9 on tied data (see RankMetricsTest).
 *
 * <p>References:
 * <ul>
 *   <li>Kendall tau-b: see {@link KendallTau}.</li>
 *   <li>C. Spearman, "The proof and measurement of association between two things", Am. J. Psychol. 15,
 *       1904; ties get the average of the ranks they span, and rho is Pearson's r of the ranks.</li>
 *   <li>Precision@k and the regret of the top-1 pick as used to compare performance predictors, e.g.
 *       Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021, sec. 4;
 *       White et al., "How powerful are performance predictors in NAS?", NeurIPS 2021, sec. 3.</li>
 * </ul>
 */
public final class RankMetrics {
    /** Fewer runs than this make every correlation undefined. */
    public static final int MIN_RUNS = 3;

    private RankMetrics() {
    }

    /** Kendall's tau-b; null when undefined. See {@link KendallTau}. */
    public static Double kendallTauB(double[] x, double[] y) {
        return new KendallTau(x, y).tauB();
    }

    /**
     * Spearman's rho: Pearson's r of the average ranks (ties share the mean of the ranks they span).
     * Null with fewer than 3 runs or a constant input. Infinite values rank as usual.
     */
    public static Double spearmanRho(double[] x, double[] y) {
        checkPaired(x, y);
        if (x.length < MIN_RUNS) {
            return null;
        }
        return pearsonOf(averageRanks(x), averageRanks(y));
    }

    /** Pearson's r; null with fewer than 3 runs, a constant input or an infinite value. */
    public static Double pearsonR(double[] x, double[] y) {
        checkPaired(x, y);
        if (x.length < MIN_RUNS) {
            return null;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                return null;
            }
        }
        return pearsonOf(x, y);
    }

    private static Double pearsonOf(double[] x, double[] y) {
        int n = x.length;
        if (constant(x) || constant(y)) {
            return null;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        // two passes (centre, then sum products): stable for accuracies that differ in the third decimal
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (sxx == 0 || syy == 0) {
            return null;
        }
        double r = sxy / (Math.sqrt(sxx) * Math.sqrt(syy));
        if (Double.isNaN(r)) {
            return null; // overflow of values near Double.MAX_VALUE: undefined rather than NaN
        }
        return Math.max(-1.0, Math.min(1.0, r));
    }

    private static boolean constant(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] != v[0]) {
                return false;
            }
        }
        return true;
    }

    /** 1-based ranks, ascending; tied values get the average of the ranks they span (scipy's "average"). */
    public static double[] averageRanks(double[] v) {
        for (double d : v) {
            if (Double.isNaN(d)) {
                throw new IllegalArgumentException("ranks of NaN are undefined; drop runs without a value first");
            }
        }
        int n = v.length;
        int[] idx = IndexSort.ascending(v);
        double[] ranks = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && v[idx[j + 1]] == v[idx[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[idx[k]] = avg;
            }
            i = j + 1;
        }
        return ranks;
    }

    /**
     * Precision@k: the share of the estimator's top k runs that belong to the true top k.
     *
     * <p>The estimator's top k are the k highest scores, ties broken by position (run-id order). The
     * true top k are taken tie-tolerantly: a run belongs to them when its truth is at least the k-th
     * highest truth, so that an arbitrary order among equally good runs never costs a hit. Without ties
     * this is the plain |predicted top k ∩ true top k| / k.
     *
     * @param k wanted top size, at least 1; clamped to the number of runs
     * @return a value in [0, 1], or null when there are no runs
     */
    public static Double precisionAtK(double[] score, double[] truth, int k) {
        checkPaired(score, truth);
        if (k < 1) {
            throw new IllegalArgumentException("k must be >= 1, got " + k);
        }
        int n = score.length;
        if (n == 0) {
            return null;
        }
        int kk = Math.min(k, n);
        double threshold = truth[IndexSort.descending(truth)[kk - 1]];
        int[] predicted = IndexSort.descending(score);
        int hits = 0;
        for (int p = 0; p < kk; p++) {
            if (truth[predicted[p]] >= threshold) {
                hits++;
            }
        }
        return hits / (double) kk;
    }

    /**
     * Regret of the estimator's top-1 pick: the best truth minus the truth of the run with the highest
     * score (ties in the score go to the earliest position, i.e. the smallest run id). Zero when the
     * estimator picks a best run; in the truth's units (accuracy) otherwise.
     *
     * @return a value >= 0, or null when there are no runs
     */
    public static Double regretTop1(double[] score, double[] truth) {
        checkPaired(score, truth);
        int n = score.length;
        if (n == 0) {
            return null;
        }
        int pick = 0;
        double best = truth[0];
        for (int i = 1; i < n; i++) {
            if (score[i] > score[pick]) {
                pick = i;
            }
            best = Math.max(best, truth[i]);
        }
        return best - truth[pick];
    }

    /**
     * The default k of precision@k: {@code fraction * n} rounded half up, at least 1 and at most n
     * (0 when n is 0).
     */
    public static int defaultK(int n, double fraction) {
        if (n == 0) {
            return 0;
        }
        return Math.max(1, Math.min(n, Fractions.roundHalfUp(fraction, n)));
    }

    static void checkPaired(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("paired samples differ in length: " + x.length + " and " + y.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                throw new IllegalArgumentException("NaN at position " + i + "; drop runs without a value first");
            }
        }
    }
}
