package org.earlyrank.base;

import java.util.Arrays;
import java.util.List;

/**
 * The median of a sample, written once: the middle value of the sorted sample, or the mean of the two middle
 * values when the count is even. The stages' summaries (per-run and per-epoch seconds), the history's
 * throughput flag and the benchmarks' figures all take it this way.
 */
public final class Median {
    private Median() {
    }

    /** The median of {@code v} (not changed); {@code v} must not be empty. */
    public static double of(double[] v) {
        if (v.length == 0) {
            throw new IllegalArgumentException("the median of no values");
        }
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** The median of {@code v}; {@code v} must not be empty nor hold null. */
    public static double of(List<Double> v) {
        return of(v.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
