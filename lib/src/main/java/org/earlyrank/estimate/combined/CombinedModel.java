package org.earlyrank.estimate.combined;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.earlyrank.base.ColumnMoments;
import org.earlyrank.rank.RankMetrics;

/**
 * One fitted combined model: the scorer the combined estimator fits on some runs' inputs and truths
 * and then applies to other runs' inputs alone (it never reads a scored run's truth).
 *
 * <p>Preparation, fitted on the training rows only: a missing estimator score is replaced by the lowest
 * score that estimator gave a training run (an estimator that cannot score a run, e.g. jacov on a network
 * whose output ignores its input, says the run is poor); a missing architecture feature by the training
 * median. Columns missing on every training run or constant on them are dropped. The kept columns are
 * standardised (training mean and standard deviation). The target is the training runs' truth turned
 * into average ranks scaled to [0, 1] and then standardised: the product is a ranking, and ranks keep a
 * few degenerate runs (chance accuracy) from dominating the squared error every family minimises. With
 * no usable column the model scores every run the same.
 *
 * <p>Immutable and serializable; {@link #score} is thread-safe.
 */
public final class CombinedModel implements Serializable {
    private static final long serialVersionUID = 1L;
    private final CombinedModelKind kind;
    private final double[] fill;
    private final int[] keep;
    private final double[] mean;
    private final double[] scale;
    private final CombinedModelKind.Predictor predictor;

    private CombinedModel(CombinedModelKind kind, double[] fill, int[] keep, double[] mean, double[] scale,
                          CombinedModelKind.Predictor predictor) {
        this.kind = kind;
        this.fill = fill;
        this.keep = keep;
        this.mean = mean;
        this.scale = scale;
        this.predictor = predictor;
    }

    /**
     * @param x               training rows (NaN = missing)
     * @param estimatorColumn per column: an estimator score (missing = worst) or an architecture feature
     * @param truth           the training runs' truth (finite)
     */
    public static CombinedModel fit(double[][] x, boolean[] estimatorColumn, double[] truth, CombinedModelKind kind,
                                    long seed) {
        return fit(x, estimatorColumn, truth, kind, 0, seed);
    }

    /**
     * @param maxInputs when positive, only the {@code maxInputs} columns whose values rank the training runs
     *                  most like their truth (largest |Kendall tau-b|) are kept: with tens of runs, dozens
     *                  of mostly redundant inputs let every family fit noise
     */
    public static CombinedModel fit(double[][] x, boolean[] estimatorColumn, double[] truth, CombinedModelKind kind,
                                    int maxInputs, long seed) {
        if (x.length == 0 || x.length != truth.length) {
            throw new IllegalArgumentException("a combined model needs as many truths as rows (> 0), got " + x.length
                    + " rows and " + truth.length + " truths");
        }
        int p = estimatorColumn.length;
        double[] fill = new double[p];
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < p; j++) {
            double[] v = finiteColumn(x, j);
            if (v.length == 0) {
                fill[j] = Double.NaN;
                continue;
            }
            Arrays.sort(v);
            fill[j] = estimatorColumn[j] ? v[0] : (v[(v.length - 1) / 2] + v[v.length / 2]) / 2;
            boolean constant = v[0] == v[v.length - 1]; // imputed values lie within [min, max] too
            if (!constant) {
                kept.add(j);
            }
        }
        if (maxInputs > 0 && kept.size() > maxInputs) {
            kept = strongest(x, fill, kept, truth, maxInputs);
        }
        int[] keep = kept.stream().mapToInt(i -> i).toArray();
        double[][] prepared = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            prepared[i] = impute(x[i], fill, keep);
        }
        ColumnMoments moments = ColumnMoments.of(prepared, keep.length);
        double[] mean = moments.mean();
        double[] scale = moments.std();
        for (int j = 0; j < keep.length; j++) {
            scale[j] = scale[j] > 0 ? scale[j] : 1;
        }
        for (double[] r : prepared) {
            standardise(r, mean, scale);
        }
        double[] y = target(truth);
        CombinedModelKind.Predictor predictor = keep.length == 0 ? row -> 0.0 : kind.fit(prepared, y, seed);
        return new CombinedModel(kind, fill, keep, mean, scale, predictor);
    }

    /** The score of one run's raw row (same columns as the training rows); higher means better. */
    public double score(double[] row) {
        if (keep.length == 0) {
            return 0;
        }
        double[] r = impute(row, fill, keep);
        standardise(r, mean, scale);
        return predictor.predict(r);
    }

    /** Scores of many rows (faster than one by one for the tree models). */
    public double[] scoreAll(double[][] rows) {
        if (keep.length == 0) {
            return new double[rows.length];
        }
        double[][] prepared = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            prepared[i] = impute(rows[i], fill, keep);
            standardise(prepared[i], mean, scale);
        }
        return predictor.predictAll(prepared);
    }

    public CombinedModelKind kind() {
        return kind;
    }

    /** Columns the model reads (indices into the raw row). */
    public int[] keptColumns() {
        return keep.clone();
    }

    /** The {@code m} columns with the largest |tau-b| against the truth on these rows, in column order. */
    private static List<Integer> strongest(double[][] x, double[] fill, List<Integer> columns, double[] truth, int m) {
        double[] strength = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            int j = columns.get(c);
            double[] v = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                v[i] = Double.isFinite(x[i][j]) ? x[i][j] : fill[j];
            }
            Double tau = RankMetrics.kendallTauB(v, truth);
            strength[c] = tau == null ? 0 : Math.abs(tau);
        }
        Integer[] order = new Integer[columns.size()];
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        Arrays.sort(order, (a, b) -> Double.compare(strength[b], strength[a]));
        List<Integer> out = new ArrayList<>();
        for (int c = 0; c < m; c++) {
            out.add(columns.get(order[c]));
        }
        out.sort(Integer::compare);
        return out;
    }

    /** Standardised average ranks of the truth, scaled to [0, 1] first. */
    static double[] target(double[] truth) {
        int n = truth.length;
        double[] r = RankMetrics.averageRanks(truth);
        double[] y = new double[n];
        double m = 0;
        for (int i = 0; i < n; i++) {
            y[i] = n == 1 ? 0.5 : (r[i] - 1) / (n - 1);
            m += y[i];
        }
        m /= n;
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        double sd = Math.sqrt(s / n) > 0 ? Math.sqrt(s / n) : 1;
        for (int i = 0; i < n; i++) {
            y[i] = (y[i] - m) / sd;
        }
        return y;
    }

    private static double[] finiteColumn(double[][] x, int j) {
        return Arrays.stream(x).mapToDouble(r -> r[j]).filter(Double::isFinite).toArray();
    }

    private static double[] impute(double[] row, double[] fill, int[] keep) {
        double[] out = new double[keep.length];
        for (int j = 0; j < keep.length; j++) {
            double v = row[keep[j]];
            out[j] = Double.isFinite(v) ? v : fill[keep[j]];
        }
        return out;
    }

    private static void standardise(double[] r, double[] mean, double[] scale) {
        for (int j = 0; j < r.length; j++) {
            r[j] = (r[j] - mean[j]) / scale[j];
        }
    }
}
