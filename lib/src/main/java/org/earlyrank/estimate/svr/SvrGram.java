package org.earlyrank.estimate.svr;

/**
 * The pairwise products and squared distances of one set of scaled training rows, computed once and shared
 * by every nu-SVR fit on subsets of those rows: a random search's settings and folds (Baker et al. 2018,
 * Section 3.3 and Appendix B: 3-fold cross-validation of each drawn setting), the final fit and the
 * leave-one-out refits of sigma (Section 4). Before, LIBSVM recomputed every kernel value from the
 * feature rows in each of those ~400 fits; on 100 training rows that was about a third of fit-svr's time.
 *
 * <p>The values are computed in exactly the order LIBSVM 3.35 computes them, so the kernel matrices, and
 * hence every fitted model and prediction, are bit for bit those of LIBSVM's own kernels:
 * <ul>
 *   <li>training (LIBSVM's {@code Kernel.kernel_function}): linear {@code dot(x_i, x_j)}; RBF
 *       {@code exp(-gamma * ((dot(x_i, x_i) + dot(x_j, x_j)) - 2 * dot(x_i, x_j)))};</li>
 *   <li>prediction (LIBSVM's {@code Kernel.k_function}): linear {@code dot(x, sv)}; RBF
 *       {@code exp(-gamma * sum_k (x_k - sv_k)^2)};</li>
 * </ul>
 * each sum taken over the features in order from 0 (every feature is present: {@link NuSvr} passes zeros too).
 *
 * <p>Immutable once built; safe to share between threads.
 */
final class SvrGram {
    private final double[][] x;
    private final double[][] dot;
    private final double[][] dist;
    private final double[] square;

    private SvrGram(double[][] x, double[][] dot, double[][] dist, double[] square) {
        this.x = x;
        this.dot = dot;
        this.dist = dist;
        this.square = square;
    }

    /** The products and distances of {@code x} (scaled rows, all of one length; not copied). */
    static SvrGram of(double[][] x) {
        int n = x.length;
        double[][] dot = new double[n][n];
        double[][] dist = new double[n][n];
        double[] square = new double[n];
        for (int i = 0; i < n; i++) {
            double[] a = x[i];
            for (int j = 0; j <= i; j++) {
                double[] b = x[j];
                double s = 0;
                double d2 = 0;
                for (int k = 0; k < a.length; k++) {
                    s += a[k] * b[k];
                    double d = a[k] - b[k];
                    d2 += d * d;
                }
                // Both sums are symmetric in IEEE arithmetic (a*b == b*a, (a-b)^2 == (b-a)^2).
                dot[i][j] = s;
                dot[j][i] = s;
                dist[i][j] = d2;
                dist[j][i] = d2;
            }
            square[i] = dot[i][i];
        }
        return new SvrGram(x, dot, dist, square);
    }

    int size() {
        return x.length;
    }

    /** Row i as given. */
    double[] row(int i) {
        return x[i];
    }

    /**
     * The training kernel matrix of {@code p} over all rows, as LIBSVM's solver computes it (see the class
     * comment); the linear kernel's is the product matrix itself (do not modify it).
     */
    double[][] training(SvrParams p) {
        if (p.kernel() == SvrParams.Kernel.LINEAR) {
            return dot;
        }
        int n = x.length;
        double g = p.gamma();
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = Math.exp(-g * (square[i] + square[j] - 2 * dot[i][j]));
                k[i][j] = v;
                k[j][i] = v;
            }
        }
        return k;
    }

    /** The prediction kernel value of rows i and j under {@code p}, as LIBSVM's {@code k_function} gives it. */
    double predictionKernel(SvrParams p, int i, int j) {
        return p.kernel() == SvrParams.Kernel.LINEAR ? dot[i][j] : Math.exp(-p.gamma() * dist[i][j]);
    }
}
