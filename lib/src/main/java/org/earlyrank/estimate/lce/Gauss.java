package org.earlyrank.estimate.lce;

/** Gaussian elimination with partial pivoting for the small normal equations of the starting points. */
final class Gauss {
    private Gauss() {
    }

    /**
     * Solves the k x k system held in the augmented matrix {@code a} (k rows of k + 1 columns; overwritten).
     *
     * @return the solution, or null when the system is (numerically) singular
     */
    static double[] solve(double[][] a) {
        int k = a.length;
        double scale = 0;
        for (double[] row : a) {
            for (int c = 0; c < k; c++) {
                scale = Math.max(scale, Math.abs(row[c]));
            }
        }
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(a[pivot][col]) > 1e-12 * scale)) {
                return null;
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            for (int r = col + 1; r < k; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= k; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = a[r][k];
            for (int c = r + 1; c < k; c++) {
                s -= a[r][c] * x[c];
            }
            x[r] = s / a[r][r];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
