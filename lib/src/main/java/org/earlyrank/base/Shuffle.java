package org.earlyrank.base;

import java.util.Random;

/**
 * The one seeded shuffle: a Fisher-Yates permutation of 0..n-1 drawn from a caller's generator (seeds are
 * options, never a hidden global generator). The same draws as {@code java.util.Collections.shuffle} of a
 * list 0..n-1 with that generator.
 */
public final class Shuffle {
    private Shuffle() {
    }

    /** A permutation of 0..n-1. */
    public static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
