package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.stream.LongStream;

import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.math.matrix.Matrix;
import smile.regression.RandomForest;

/**
 * Fits sequential regression models of every kind the stage compares.
 *
 * <ul>
 *   <li>Features are scaled to zero mean and unit variance on the training rows; with
 *       {@code scaleTarget} the target too (so the C range means the same whatever the accuracy scale).</li>
 *   <li>nu-SVR: random search ({@link RandomSearch}) over {@link SearchSpace}, k-fold CV on the training
 *       rows (scaled once on all training rows), then one fit with the winning setting.</li>
 *   <li>OLS: least squares by Smile's singular value decomposition, minimum-norm where the design is
 *       rank-deficient ({@link #leastSquares}).</li>
 *   <li>Random forest: Smile's, with one explicit seed per tree.</li>
 *   <li>Last seen value: nothing is fitted.</li>
 * </ul>
 * sigma ({@link Srm#sigma}) comes from leave-one-out residuals, each from a refit with the chosen setting
 * (the random search is not repeated per left-out row); for the random forest from k-fold (cv_folds)
 * residuals, since a forest per row is too slow (and Smile's out-of-bag error sums in a thread-dependent
 * order); for the last seen value from {@code y_tau - y_T} on the training rows. Two scales are kept: the
 * RMS of the residuals, which the stopping rules use by default (Baker et al. 2018, Section 4: sigma
 * "via Leave One Out Cross Validation"), and their robust scale ({@link #robustScale}), an option
 * ({@link SigmaEstimate}): on the MetaQNN curves a few networks that stay at chance level or learn late
 * make the residuals heavy-tailed, and their RMS is about four times the typical error.
 *
 * <p>Parallel work goes to the pool given (fixed size, shared); call from outside the pool.
 */
public final class SrmFitter {
    /**
     * @param space       nu-SVR random-search distribution and draws
     * @param cvFolds     k of the random search's cross-validation
     * @param forestTrees trees of the random forest
     * @param scaleTarget scale the target to unit variance
     * @param sigma       which scale of the residuals the stopping rules use
     */
    public record Settings(SearchSpace space, int cvFolds, int forestTrees, boolean scaleTarget, SigmaEstimate sigma) {
    }

    private final Settings settings;
    private final ExecutorService pool;

    public SrmFitter(Settings settings, ExecutorService pool) {
        this.settings = settings;
        this.pool = pool;
    }

    public Settings settings() {
        return settings;
    }

    /** The pool its parallel work goes to; null: the calling thread. */
    ExecutorService pool() {
        return pool;
    }

    /**
     * The same fitter on the calling thread: for work that is itself one task of many on {@link #pool()}
     * (a task must not wait for others queued on its own fixed pool). Results do not depend on the pool.
     */
    public SrmFitter serial() {
        return pool == null ? this : new SrmFitter(settings, null);
    }

    /** Timing of the last steps of a fit, for benchmarks. */
    public record Timing(double searchSeconds, double fitMillis) {
    }

    /** A fitted model and how long its parts took. */
    public record Fitted(Srm srm, Timing timing) {
    }

    /**
     * @param raw      raw training rows at budget tau ({@link FeatureSpec#row})
     * @param y        targets
     * @param seed     seed of the random search, its folds and the forest
     * @param loo      compute sigma
     * @param lastSeen index of y_tau in the raw rows (for {@link ModelKind#LAST_SEEN})
     */
    public Fitted fit(ModelKind kind, int tau, double[][] raw, double[] y, long seed, boolean loo, int lastSeen) {
        int n = raw.length;
        if (n < 3) {
            throw new IllegalArgumentException("a regression model needs at least 3 training rows, got " + n);
        }
        if (kind == ModelKind.LAST_SEEN) {
            double[] r = new double[n];
            for (int i = 0; i < n; i++) {
                r[i] = raw[i][lastSeen] - y[i];
            }
            return new Fitted(new Srm(kind, tau, null, 0, 1, null, null, rms(r), robustScale(r), settings.sigma(),
                    lastSeen, n), new Timing(0, 0));
        }
        Standardizer scaling = Standardizer.fit(raw);
        double[][] x = scaling.apply(raw);
        double[] t = settings.scaleTarget() ? Standardizer.target(y) : new double[]{0, 1};
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            ys[i] = (y[i] - t[0]) / t[1];
        }
        long t0 = System.nanoTime();
        SvrParams params = null;
        // One Gram for every nu-SVR fit on these rows: the search's settings and folds, the final fit and the
        // leave-one-out refits (the same kernel values LIBSVM computes, computed once).
        SvrGram gram = kind.kernel() != null ? SvrGram.of(x) : null;
        if (kind.kernel() != null) {
            List<SvrParams> draws = settings.space().draw(kind.kernel(), Seeds.random(seed, Seeds.SEARCH));
            params = RandomSearch.search(gram, ys, draws, settings.cvFolds(), Seeds.derive(seed, Seeds.FOLDS), pool).best();
        }
        double searchSeconds = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        Fit fit = gram != null ? svrFit(gram, gram.training(params), all(n), ys, params)
                : fitScaled(kind, x, ys, params, seed);
        double fitMillis = (System.nanoTime() - t1) / 1e6;
        double sigmaRms = Double.NaN;
        double sigmaRobust = Double.NaN;
        if (loo) {
            // A forest per left-out row is too slow: the forest's sigma comes from k-fold residuals.
            int folds = kind == ModelKind.RANDOM_FOREST ? Math.min(settings.cvFolds(), n) : n;
            double[] r = gram != null ? looResiduals(gram, ys, params) : cvResiduals(kind, x, ys, params, seed, folds);
            sigmaRms = rms(r) * t[1];
            sigmaRobust = robustScale(r) * t[1];
        }
        Srm srm = new Srm(kind, tau, scaling, t[0], t[1], fit.predictor, params, sigmaRms, sigmaRobust,
                settings.sigma(), lastSeen, n);
        return new Fitted(srm, new Timing(searchSeconds, fitMillis));
    }

    private record Fit(Srm.Predictor predictor) {
    }

    /** Rows below which {@link #predictAll} predicts on the calling thread. */
    static final int PARALLEL_ROWS = 2048;

    /**
     * {@link Srm#predictAll} of many rows, in contiguous chunks on the pool: at 15,625 runs a model predicts
     * every held-out run (the model comparison, early stopping). Each row's prediction is independent of
     * the others, so the values are those of one call on the calling thread.
     */
    public double[] predictAll(Srm srm, double[][] raw) {
        if (pool == null || raw.length < PARALLEL_ROWS) {
            return srm.predictAll(raw);
        }
        int chunks = 4 * Math.max(1, Runtime.getRuntime().availableProcessors());
        int size = (raw.length + chunks - 1) / chunks;
        List<Callable<double[]>> tasks = new ArrayList<>();
        for (int from = 0; from < raw.length; from += size) {
            double[][] part = java.util.Arrays.copyOfRange(raw, from, Math.min(raw.length, from + size));
            tasks.add(() -> srm.predictAll(part));
        }
        double[] out = new double[raw.length];
        int at = 0;
        for (double[] part : Parallel.all(pool, tasks)) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    private static int[] all(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    private static Fit svrFit(SvrGram g, SvrGram.Kernel kernel, int[] rows, double[] y, SvrParams params) {
        NuSvr m = NuSvr.fit(g, kernel, rows, y, params);
        return new Fit(m::predict);
    }

    /**
     * nu-SVR's leave-one-out residuals (prediction - truth, scaled target units): row i's from a refit with
     * the chosen setting on every other row, in order, all from one kernel matrix.
     */
    private double[] looResiduals(SvrGram g, double[] y, SvrParams params) {
        int n = g.size();
        SvrGram.Kernel kernel = g.training(params);
        List<Callable<Double>> tasks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int out = i;
            tasks.add(() -> {
                int[] rows = new int[n - 1];
                double[] yr = new double[n - 1];
                for (int p = 0, k = 0; p < n; p++) {
                    if (p != out) {
                        rows[k] = p;
                        yr[k++] = y[p];
                    }
                }
                return NuSvr.fit(g, kernel, rows, yr, params).predictRow(g, out) - y[out];
            });
        }
        return Parallel.all(pool, tasks).stream().mapToDouble(Double::doubleValue).toArray();
    }

    private Fit fitScaled(ModelKind kind, double[][] x, double[] y, SvrParams params, long seed) {
        return switch (kind) {
            case NU_SVR_RBF, NU_SVR_LINEAR -> {
                NuSvr m = NuSvr.fit(x, y, params);
                yield new Fit(m::predict);
            }
            case OLS -> {
                double[] w = leastSquares(x, y);
                yield new Fit(row -> {
                    double s = w[row.length];
                    for (int j = 0; j < row.length; j++) {
                        s += w[j] * row[j];
                    }
                    return s;
                });
            }
            case RANDOM_FOREST -> {
                int p = x[0].length;
                long[] seeds = new long[settings.forestTrees()];
                for (int i = 0; i < seeds.length; i++) {
                    // Smile reseeds a tree's generator only for seeds > 1.
                    seeds[i] = 2 + Math.floorMod(Seeds.derive(seed, Seeds.FOREST, i), Long.MAX_VALUE - 2);
                }
                RandomForest m = RandomForest.fit(Formula.lhs("y"), frame(x, y), settings.forestTrees(),
                        Math.max(1, p / 3), 20, Math.max(2, x.length), 5, 1.0, LongStream.of(seeds));
                yield new Fit(new ForestPredictor(m, p));
            }
            case LAST_SEEN -> throw new IllegalStateException("nothing to fit");
            case LCE, BNN -> throw new IllegalStateException(kind.modelName() + " is a CurveBaseline, not a regression on rows");
        };
    }

    /**
     * RMS of cross-validated residuals (scaled target units): leave-one-out when {@code folds == n}, else
     * contiguous folds of a seeded permutation. Each refit uses the chosen setting.
     */
    /** Root mean square. */
    static double rms(double[] r) {
        double s = 0;
        for (double e : r) {
            s += e * e;
        }
        return Math.sqrt(s / r.length);
    }

    /**
     * 1.4826 x the median absolute deviation from the median: the standard deviation for Gaussian residuals,
     * unmoved by a few huge ones (Rousseeuw and Croux, "Alternatives to the median absolute deviation",
     * JASA 88, 1993, Section 1).
     */
    static double robustScale(double[] r) {
        double[] a = r.clone();
        java.util.Arrays.sort(a);
        double med = a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = Math.abs(a[i] - med);
        }
        java.util.Arrays.sort(d);
        double mad = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        return 1.4826 * mad;
    }

    /** Cross-validated residuals (prediction - truth, scaled target units), one per row. */
    private double[] cvResiduals(ModelKind kind, double[][] x, double[] y, SvrParams params, long seed, int folds) {
        int n = x.length;
        int[] perm = folds == n ? java.util.stream.IntStream.range(0, n).toArray()
                : Seeds.permutation(n, Seeds.random(seed, Seeds.FOLDS, 1));
        List<Callable<double[]>> tasks = new ArrayList<>();
        for (int f = 0; f < folds; f++) {
            int fold = f;
            tasks.add(() -> {
                List<double[]> xr = new ArrayList<>();
                List<Double> yr = new ArrayList<>();
                for (int p = 0; p < n; p++) {
                    if (p % folds != fold) {
                        xr.add(x[perm[p]]);
                        yr.add(y[perm[p]]);
                    }
                }
                Srm.Predictor m = fitScaled(kind, xr.toArray(new double[0][]), yr.stream().mapToDouble(d -> d).toArray(),
                        params, seed).predictor();
                double[] res = new double[n];
                java.util.Arrays.fill(res, Double.NaN);
                for (int p = fold; p < n; p += folds) {
                    res[perm[p]] = m.predict(x[perm[p]]) - y[perm[p]];
                }
                return res;
            });
        }
        double[] out = new double[n];
        for (double[] part : Parallel.all(kind == ModelKind.RANDOM_FOREST ? null : pool, tasks)) {
            for (int i = 0; i < n; i++) {
                if (!Double.isNaN(part[i])) {
                    out[i] = part[i];
                }
            }
        }
        return out;
    }

    /**
     * Ordinary least squares with an intercept, by the pseudo-inverse of the centred design (Smile's SVD):
     * the minimum-norm solution, so it is defined when the design is rank-deficient (the time-series
     * features are linear combinations of one another) or has more columns than rows (small sweeps).
     *
     * @return the weights, then the intercept
     */
    static double[] leastSquares(double[][] x, double[] y) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        double ym = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                mean[j] += x[i][j] / n;
            }
            ym += y[i] / n;
        }
        double[][] xc = new double[n][p];
        double[] yc = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                xc[i][j] = x[i][j] - mean[j];
            }
            yc[i] = y[i] - ym;
        }
        Matrix pinv = Matrix.of(xc).svd().pinv();
        double[] w = new double[p + 1];
        double b = ym;
        for (int j = 0; j < p; j++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += pinv.get(j, i) * yc[i];
            }
            w[j] = s;
            b -= s * mean[j];
        }
        w[p] = b;
        return w;
    }

    /** Smile's models read data frames: columns x0..x(p-1) and the target y (0 when predicting). */
    public static DataFrame frame(double[][] x, double[] y) {
        int p = x[0].length;
        double[][] data = new double[x.length][p + 1];
        String[] names = new String[p + 1];
        for (int j = 0; j < p; j++) {
            names[j] = "x" + j;
        }
        names[p] = "y";
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, data[i], 0, p);
            data[i][p] = y == null ? 0 : y[i];
        }
        return DataFrame.of(data, names);
    }

    /** Smile's forest predicts from a data frame with the training schema. */
    private record ForestPredictor(RandomForest forest, int p) implements Srm.Predictor {
        @Override
        public double predict(double[] row) {
            return forest.predict(frame(new double[][]{row}, null).get(0));
        }

        @Override
        public double[] predictAll(double[][] rows) {
            return rows.length == 0 ? new double[0] : forest.predict(frame(rows, null));
        }
    }
}
