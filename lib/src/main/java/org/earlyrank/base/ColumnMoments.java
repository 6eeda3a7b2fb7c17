package org.earlyrank.base;

/**
 * The mean and population standard deviation (divided by n, not n - 1) of each column of a set of rows,
 * written once: the combined estimator standardises its inputs with them and BOHB's density takes its
 * bandwidths from them (Scott's rule).
 *
 * @param mean per column
 * @param std  per column, sqrt(sum_i (x_ij - mean_j)^2 / n); 0 for a constant column
 */
public record ColumnMoments(double[] mean, double[] std) {
    /** Of the first {@code columns} columns of {@code rows}; {@code rows} must not be empty. */
    public static ColumnMoments of(double[][] rows, int columns) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("the moments of no rows");
        }
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int j = 0; j < columns; j++) {
            double m = 0;
            for (double[] r : rows) {
                m += r[j];
            }
            m /= rows.length;
            double s = 0;
            for (double[] r : rows) {
                s += (r[j] - m) * (r[j] - m);
            }
            mean[j] = m;
            std[j] = Math.sqrt(s / rows.length);
        }
        return new ColumnMoments(mean, std);
    }
}
