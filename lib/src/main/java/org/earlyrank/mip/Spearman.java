package org.earlyrank.mip;

import java.util.Arrays;

/**
 * Spearman's rank correlation with average ranks for ties: the Pearson correlation of the two rank
 * vectors. Undefined (null, never NaN) for fewer than 3 pairs or when either side is constant.
 *
 * <p>A stand-in until the shared rank-correlation package ({@code org.earlyrank.rank}) lands; MIP calls
 * it only through {@link #rho}, so swapping it is one line.
 */
public final class Spearman {
    private Spearman() {
    }

    /** Spearman's rho of x and y (same length, finite values), or null when undefined. */
    public static Double rho(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
        }
        if (x.length < 3) {
            return null;
        }
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = mean(rx);
        double my = mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < rx.length; i++) {
            double a = rx[i] - mx;
            double b = ry[i] - my;
            sxy += a * b;
            sxx += a * a;
            syy += b * b;
        }
        if (sxx == 0 || syy == 0) {
            return null;
        }
        return Math.max(-1.0, Math.min(1.0, sxy / Math.sqrt(sxx * syy)));
    }

    /** 1-based ranks, ties sharing the average of the ranks they span. */
    static double[] ranks(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("ranks need finite values, got " + d);
            }
        }
        Integer[] order = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        double[] r = new double[v.length];
        int i = 0;
        while (i < v.length) {
            int j = i;
            while (j + 1 < v.length && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            double avg = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                r[order[k]] = avg;
            }
            i = j + 1;
        }
        return r;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
