package org.earlyrank.rank;

import java.util.Arrays;

/**
 * Kendall's tau-b of one paired sample, prepared once so that it can be evaluated again on weighted
 * copies of the sample (the bootstrap resamples) in O(n log n) time with no allocation.
 *
 * <p>Definition (tau-b, as {@code scipy.stats.kendalltau} computes it by default): over all unordered
 * pairs of observations, {@code tau_b = (C - D) / sqrt((P - X) (P - Y))} where C and D count concordant and
 * discordant pairs, P is the number of pairs, X the pairs tied in x and Y the pairs tied in y (a pair tied
 * in both counts in X and in Y). The result is clipped to [-1, 1] against rounding. It is undefined
 * ({@code null}) with fewer than 3 observations or when x or y is constant.
 *
 * <p>Algorithm: Knight's. The sample is sorted once by (x, y); then D is the number of pairs that
 * appear in that order with a strictly larger y first, counted with a Fenwick tree over y ranks. A
 * bootstrap resample drawn with replacement is the same sorted sample with a multiplicity per
 * observation, so {@link #tauB(int[])} needs no sorting: copies of one observation form pairs tied in
 * both x and y, exactly as the repeated observations would.
 *
 * <p>Inputs must not hold NaN ({@link IllegalArgumentException}); infinities are ordered as usual.
 * {@code -0.0} equals {@code 0.0}. Not thread-safe (it keeps work buffers): use one instance per thread.
 *
 * <p>References:
 * <ul>
 *   <li>M. G. Kendall, "The treatment of ties in ranking problems", Biometrika 33(3), 1945 (tau-b).</li>
 *   <li>W. R. Knight, "A computer method for calculating Kendall's tau with ungrouped data",
 *       JASA 61(314), 1966 (the O(n log n) count).</li>
 * </ul>
 */
public final class KendallTau {
    private final int n;
    /** Observation at each position of the (x, y) order. */
    private final int[] order;
    /** Dense rank (1-based) of y at each position of the (x, y) order. */
    private final int[] yRank;
    private final int yRanks;
    /** Whether the position has the same x (and, for sameXy, the same y) as the position before it. */
    private final boolean[] sameX;
    private final boolean[] sameXy;
    private final long[] fenwick;
    private final long[] yCount;
    private final int[] ones;

    /**
     * @param x first variable
     * @param y second variable, same length
     * @throws IllegalArgumentException on different lengths or a NaN
     */
    public KendallTau(double[] x, double[] y) {
        RankMetrics.checkPaired(x, y);
        n = x.length;
        int[] buf = new int[n];
        // y ranks first, from one y order
        int[] byY = IndexSort.identity(n);
        IndexSort.sort(byY, y, false, buf);
        int[] rankOf = new int[n];
        int r = 0;
        for (int p = 0; p < n; p++) {
            if (p == 0 || y[byY[p]] != y[byY[p - 1]]) {
                r++;
            }
            rankOf[byY[p]] = r;
        }
        yRanks = r;
        // (x, y) order: the y order sorted stably by x
        order = byY;
        IndexSort.sort(order, x, false, buf);
        yRank = new int[n];
        sameX = new boolean[n];
        sameXy = new boolean[n];
        for (int p = 0; p < n; p++) {
            int i = order[p];
            yRank[p] = rankOf[i];
            if (p > 0) {
                int prev = order[p - 1];
                sameX[p] = x[i] == x[prev];
                sameXy[p] = sameX[p] && yRank[p] == yRank[p - 1];
            }
        }
        fenwick = new long[yRanks + 1];
        yCount = new long[yRanks + 1];
        ones = new int[n];
        Arrays.fill(ones, 1);
    }

    /** Number of observations. */
    public int size() {
        return n;
    }

    /** Tau-b of the sample, or null when undefined (fewer than 3 observations, constant x or y). */
    public Double tauB() {
        return n < 3 ? null : tauB(ones);
    }

    /**
     * Tau-b of the sample in which observation i appears {@code counts[i]} times (0 = left out).
     *
     * @return tau-b, or null when undefined: fewer than 2 observations in all, or no pair untied in x or in y
     */
    public Double tauB(int[] counts) {
        if (counts.length != n) {
            throw new IllegalArgumentException("counts has " + counts.length + " entries, the sample " + n);
        }
        Arrays.fill(fenwick, 0);
        Arrays.fill(yCount, 0);
        long total = 0;
        long discordant = 0;
        long xTies = 0;
        long xyTies = 0;
        long xRun = 0;
        long xyRun = 0;
        for (int p = 0; p < n; p++) {
            long c = counts[order[p]];
            if (c < 0) {
                throw new IllegalArgumentException("counts must be >= 0, got " + c);
            }
            // runs of equal x (and equal x and y) are contiguous in this order; empty positions do not break them
            xRun = sameX[p] ? xRun + c : c;
            xyRun = sameXy[p] ? xyRun + c : c;
            if (c == 0) {
                continue;
            }
            // pairs this observation forms with earlier ones (and its own copies) that tie
            xTies += c * (xRun - c) + c * (c - 1) / 2;
            xyTies += c * (xyRun - c) + c * (c - 1) / 2;
            int rank = yRank[p];
            // earlier observations with a strictly larger y: discordant (equal x sorts by y, so never counted)
            discordant += c * (total - prefix(rank));
            add(rank, c);
            yCount[rank] += c;
            total += c;
        }
        long yTies = 0;
        for (int k = 1; k <= yRanks; k++) {
            yTies += yCount[k] * (yCount[k] - 1) / 2;
        }
        long pairs = total * (total - 1) / 2;
        long untiedX = pairs - xTies;
        long untiedY = pairs - yTies;
        if (untiedX == 0 || untiedY == 0) {
            return null;
        }
        long concordantMinusDiscordant = pairs - xTies - yTies + xyTies - 2 * discordant;
        // one square root of the product: a perfect ranking then gives exactly 1, not 0.9999999999999998
        double tau = concordantMinusDiscordant / Math.sqrt((double) untiedX * (double) untiedY);
        return Math.max(-1.0, Math.min(1.0, tau));
    }

    private long prefix(int rank) {
        long s = 0;
        for (int k = rank; k > 0; k -= k & -k) {
            s += fenwick[k];
        }
        return s;
    }

    private void add(int rank, long c) {
        for (int k = rank; k <= yRanks; k += k & -k) {
            fenwick[k] += c;
        }
    }
}
