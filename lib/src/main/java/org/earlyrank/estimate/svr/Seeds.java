package org.earlyrank.estimate.svr;

import java.util.Random;

import org.earlyrank.base.Shuffle;

/**
 * Explicit seed derivation: a child seed from a parent seed and a path of integers (SplitMix64 mixing),
 * so every random draw in this package is reproducible and independent of thread scheduling.
 */
public final class Seeds {
    /** Path tags, one per purpose, so two purposes never share a stream. */
    static final long SPLIT = 1;
    static final long SEARCH = 2;
    static final long FOLDS = 3;
    static final long ORDER = 4;
    static final long FOREST = 5;
    static final long CROSS_FIT = 6;
    static final long HYPERBAND = 7;
    static final long LCE = 8;
    static final long BNN = 9;

    private Seeds() {
    }

    /** A well-mixed child seed of {@code seed} for the given path, e.g. {@code derive(seed, TAU, tau, repeat)}. */
    public static long derive(long seed, long... path) {
        long s = mix(seed);
        for (long p : path) {
            s = mix(s ^ mix(p + 0x9E3779B97F4A7C15L));
        }
        return s;
    }

    /** A generator for one purpose. */
    public static Random random(long seed, long... path) {
        return new Random(derive(seed, path));
    }

    /** A seeded permutation of 0..n-1 (Fisher-Yates). */
    public static int[] permutation(int n, Random rnd) {
        return Shuffle.permutation(n, rnd);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
