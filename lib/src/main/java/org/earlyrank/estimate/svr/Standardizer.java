package org.earlyrank.estimate.svr;

import org.earlyrank.base.ColumnMoments;

import java.io.Serializable;

/**
 * Per-column scaling to zero mean and unit variance, fitted on a model's training rows only. A column
 * that is constant on those rows is centred and left unscaled (it becomes all zeros and carries no
 * information), so the transform is always defined.
 *
 * <p>Immutable and serializable.
 */
final class Standardizer implements Serializable {
    private static final long serialVersionUID = 1L;
    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    static Standardizer fit(double[][] x) {
        if (x.length == 0) {
            return new Standardizer(new double[0], new double[0]);
        }
        ColumnMoments m = ColumnMoments.of(x, x[0].length);
        double[] mean = m.mean();
        double[] scale = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            double sd = m.std()[j];
            scale[j] = sd > 1e-12 * Math.max(1, Math.abs(mean[j])) ? sd : 1;
        }
        return new Standardizer(mean, scale);
    }

    double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = (row[j] - mean[j]) / scale[j];
        }
        return out;
    }

    double[][] apply(double[][] x) {
        double[][] out = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = apply(x[i]);
        }
        return out;
    }

    /** Target scaling: (mean, sd) of y, sd 1 when y is constant. */
    static double[] target(double[] y) {
        double m = 0;
        for (double v : y) {
            m += v;
        }
        m /= y.length;
        double s = 0;
        for (double v : y) {
            s += (v - m) * (v - m);
        }
        double sd = Math.sqrt(s / y.length);
        return new double[]{m, sd > 1e-12 ? sd : 1};
    }
}
