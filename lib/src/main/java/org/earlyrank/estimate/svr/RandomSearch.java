package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Random search over nu-SVR settings, each scored by k-fold cross-validation (squared error summed over
 * the held-out folds; lower is better), as in Baker et al. 2018, Section 3.3. The settings are drawn and
 * the folds assigned from explicit seeds before any work starts; the settings are then scored in parallel
 * on the given pool, and the best one (ties: the earliest drawn) wins, so the result does not depend on
 * the pool's size or scheduling.
 *
 * <p>A setting stops being scored once the squared error of its folds so far exceeds the full error of a
 * setting already scored: the sum only grows (every term is &gt;= 0, and adding a non-negative double never
 * lowers a sum), so such a setting cannot win, and the winner and its error are exactly those of scoring
 * every setting on every fold. Which settings are cut short depends on scheduling; the result does not.
 * Settings from the paper's wide C and gamma ranges that are far worse than the best are cut after their
 * first fold (how many fits this saves was not counted separately; issue 23).
 */
final class RandomSearch {
    /** The winning setting and its cross-validated mean squared error (in the target units given). */
    record Result(SvrParams best, double cvMse, int evaluated) {
    }

    private RandomSearch() {
    }

    /**
     * @param x     scaled training rows
     * @param y     training targets
     * @param draws the settings to try, in draw order
     * @param folds k (reduced to n when there are fewer rows)
     * @param seed  fold assignment seed
     * @param pool  where settings are scored; null scores them on this thread
     */
    static Result search(double[][] x, double[] y, List<SvrParams> draws, int folds, long seed, ExecutorService pool) {
        return search(SvrGram.of(x), y, draws, folds, seed, pool);
    }

    /**
     * As above, on the rows of a Gram: each setting's kernel matrix is computed once for its k folds, and
     * no kernel value is recomputed from the rows (the same sums as LIBSVM's, so the same result).
     */
    static Result search(SvrGram g, double[] y, List<SvrParams> draws, int folds, long seed, ExecutorService pool) {
        int n = g.size();
        if (n < 2) {
            throw new IllegalArgumentException("cross-validation needs at least 2 rows, got " + n);
        }
        int k = Math.min(folds, n);
        int[] perm = Seeds.permutation(n, new Random(seed));
        int[] fold = new int[n];
        for (int p = 0; p < n; p++) {
            fold[perm[p]] = p % k;
        }
        // The fold splits once, shared by every setting.
        int[][] trainIdx = new int[k][];
        double[][] trainY = new double[k][];
        int[][] testIdx = new int[k][];
        for (int f = 0; f < k; f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                (fold[i] == f ? te : tr).add(i);
            }
            trainIdx[f] = tr.stream().mapToInt(i -> i).toArray();
            trainY[f] = tr.stream().mapToDouble(i -> y[i]).toArray();
            testIdx[f] = te.stream().mapToInt(i -> i).toArray();
        }
        // The smallest full squared error of a setting scored so far (as double bits; errors are >= 0, so
        // their bits order as the values do).
        AtomicLong bound = new AtomicLong(Double.doubleToLongBits(Double.POSITIVE_INFINITY));
        List<Callable<Double>> tasks = new ArrayList<>();
        for (SvrParams p : draws) {
            tasks.add(() -> {
                SvrGram.Kernel kernel = g.training(p);
                double sse = 0;
                for (int f = 0; f < k; f++) {
                    if (sse > Double.longBitsToDouble(bound.get())) {
                        return Double.POSITIVE_INFINITY; // cannot win: see the class comment
                    }
                    NuSvr m = NuSvr.fit(g, kernel, trainIdx[f], trainY[f], p);
                    for (int i : testIdx[f]) {
                        double e = m.predictRow(g, i) - y[i];
                        sse += e * e;
                    }
                }
                if (!Double.isFinite(sse)) {
                    return Double.POSITIVE_INFINITY;
                }
                long bits = Double.doubleToLongBits(sse);
                bound.accumulateAndGet(bits, Math::min);
                return sse;
            });
        }
        double[] sse = Parallel.all(pool, tasks).stream().mapToDouble(d -> d).toArray();
        int best = 0;
        for (int i = 1; i < sse.length; i++) {
            if (sse[i] < sse[best]) {
                best = i;
            }
        }
        return new Result(draws.get(best), sse[best] / n, draws.size());
    }
}
