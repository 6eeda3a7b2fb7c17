package org.earlyrank.estimate.svr;

import libsvm.svm_node;

/**
 * The pairwise products and squared distances of one set of scaled training rows, computed once and shared
 * by every nu-SVR fit on subsets of those rows: a random search's settings and folds (Baker et al. 2018,
 * Section 3.3 and Appendix B: 3-fold cross-validation of each drawn setting), the final fit and the
 * leave-one-out refits of sigma (Section 4). Before, LIBSVM recomputed every kernel value from the
 * feature rows in each of those ~400 fits: about a third of fit-svr's time in a profile (JFR, 300 MetaQNN
 * curves, issue 23). Each setting's kernel ({@link #training}) is built once and shared by its fits.
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
     * The training kernel matrix of one setting over every row of a Gram, in LIBSVM's precomputed format:
     * row i is node 0 = (0, i + 1), its serial, then nodes (j + 1, K(x_i, x_j)) for every row j. A fit on any
     * subset of rows passes those rows' arrays: LIBSVM reads K(x_i, x_j) as row i's node at the serial of
     * row j, so the arrays are built once for all folds and leave-one-out refits (LIBSVM never writes them).
     */
    record Kernel(SvrParams params, svm_node[][] rows) {
    }

    /** The training kernel of {@code p} (see the class comment for the values). */
    Kernel training(SvrParams p) {
        int n = x.length;
        boolean linear = p.kernel() == SvrParams.Kernel.LINEAR;
        double g = p.gamma();
        svm_node[][] rows = new svm_node[n][n + 1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = node(0, i + 1);
            for (int j = 0; j < n; j++) {
                double v = linear ? dot[i][j] : Math.exp(-g * (square[i] + square[j] - 2 * dot[i][j]));
                rows[i][j + 1] = node(j + 1, v);
            }
        }
        return new Kernel(p, rows);
    }

    private static svm_node node(int index, double value) {
        svm_node n = new svm_node();
        n.index = index;
        n.value = value;
        return n;
    }

    /** The prediction kernel value of rows i and j under {@code p}, as LIBSVM's {@code k_function} gives it. */
    double predictionKernel(SvrParams p, int i, int j) {
        return p.kernel() == SvrParams.Kernel.LINEAR ? dot[i][j] : Math.exp(-p.gamma() * dist[i][j]);
    }
}
