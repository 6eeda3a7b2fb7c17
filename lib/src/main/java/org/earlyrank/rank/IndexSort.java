package org.earlyrank.rank;

/**
 * Stable merge sort of index arrays by a {@code double} key, without boxing. Keys are compared with
 * {@code <} and {@code >}, so {@code -0.0} equals {@code 0.0}; NaN keys are the caller's to exclude.
 */
final class IndexSort {
    private IndexSort() {
    }

    /** 0..n-1 ordered by {@code key} ascending; equal keys keep index order. */
    static int[] ascending(double[] key) {
        int[] idx = identity(key.length);
        sort(idx, key, false, new int[key.length]);
        return idx;
    }

    /** 0..n-1 ordered by {@code key} descending; equal keys keep index order. */
    static int[] descending(double[] key) {
        int[] idx = identity(key.length);
        sort(idx, key, true, new int[key.length]);
        return idx;
    }

    static int[] identity(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** Sorts {@code idx} in place by {@code key[idx[i]]}, stably; {@code buf} has at least idx.length slots. */
    static void sort(int[] idx, double[] key, boolean descending, int[] buf) {
        int n = idx.length;
        // Bottom-up: runs of width w are merged pairwise from idx into buf, then the roles swap.
        int[] src = idx;
        int[] dst = buf;
        for (int w = 1; w < n; w *= 2) {
            for (int lo = 0; lo < n; lo += 2 * w) {
                int mid = Math.min(lo + w, n);
                int hi = Math.min(lo + 2 * w, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    double a = key[src[i]];
                    double b = key[src[j]];
                    // take from the right run only when strictly before: equal keys stay in order
                    boolean right = descending ? b > a : b < a;
                    dst[k++] = right ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        if (src != idx) {
            System.arraycopy(src, 0, idx, 0, n);
        }
    }
}
