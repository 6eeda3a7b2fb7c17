package org.earlyrank.estimate.svr;

import java.io.Serializable;

import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * nu-support-vector regression through LIBSVM (Chang and Lin, "LIBSVM: a library for support vector
 * machines", 2011; the nu formulation: Schoelkopf, Smola, Williamson and Bartlett, "New support vector
 * algorithms", Neural Computation 12, 2000). LIBSVM's progress printing is silenced once per JVM.
 *
 * <p>Input rows are dense and already scaled; every value (zeros included) is passed. LIBSVM is given the
 * kernel matrix ({@code kernel_type = PRECOMPUTED}) from an {@link SvrGram}, whose values are bit for bit those
 * of LIBSVM's own linear and RBF kernels, so a fit on a subset of rows of one Gram (a random search's folds,
 * leave-one-out refits) computes no kernel value again and the model is the one LIBSVM's kernels give. The
 * fitted model keeps its support vectors, coefficients and rho and predicts as LIBSVM's
 * {@code svm_predict} does (same sums in the same order), without building LIBSVM nodes per row.
 *
 * <p>A fitted model is immutable and serializable; {@link #predict} is thread-safe. Fitting is thread-safe
 * for nu-SVR (LIBSVM's shared random generator is used only by its cross-validation and probability code,
 * which this class never calls).
 *
 * <p>References: LIBSVM 3.35 ({@code svm_type = NU_SVR}, solver tolerance {@code eps = 1e-3}, shrinking on).
 */
public final class NuSvr implements Serializable {
    private static final long serialVersionUID = 2L;

    static {
        svm.svm_set_print_string_function(s -> { });
    }

    private final SvrParams params;
    /** The support vectors (scaled rows), in LIBSVM's order (training order). */
    private final double[][] sv;
    private final double[] coef;
    private final double rho;
    /** Rows of the Gram fitted on that are the support vectors (for {@link #predictRow}); not serialized. */
    private final transient int[] svRows;

    private NuSvr(SvrParams params, double[][] sv, double[] coef, double rho, int[] svRows) {
        this.params = params;
        this.sv = sv;
        this.coef = coef;
        this.rho = rho;
        this.svRows = svRows;
    }

    /**
     * @param x training rows (n x d, finite)
     * @param y targets (n, finite)
     */
    public static NuSvr fit(double[][] x, double[] y, SvrParams params) {
        if (x.length != y.length || x.length == 0) {
            throw new IllegalArgumentException("nu-SVR needs as many targets as rows (> 0), got " + x.length
                    + " rows and " + y.length + " targets");
        }
        SvrGram g = SvrGram.of(x);
        int[] all = new int[x.length];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return fit(g, g.training(params), all, y, params);
    }

    /**
     * Fits on rows {@code rows} (in that order) of a Gram.
     *
     * @param kernel {@link SvrGram#training} of {@code params}
     * @param y      targets of those rows, in the same order
     */
    static NuSvr fit(SvrGram g, SvrGram.Kernel kernel, int[] rows, double[] y, SvrParams params) {
        int l = rows.length;
        if (l != y.length || l == 0) {
            throw new IllegalArgumentException("nu-SVR needs as many targets as rows (> 0), got " + l
                    + " rows and " + y.length + " targets");
        }
        if (!kernel.params().equals(params)) {
            throw new IllegalArgumentException("the kernel was computed for " + kernel.params() + ", not " + params);
        }
        svm_problem prob = new svm_problem();
        prob.l = l;
        prob.y = y.clone();
        prob.x = new svm_node[l][];
        for (int i = 0; i < l; i++) {
            prob.x[i] = kernel.rows()[rows[i]];
        }
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.NU_SVR;
        p.kernel_type = svm_parameter.PRECOMPUTED;
        p.gamma = params.gamma();
        p.C = params.c();
        p.nu = params.nu();
        p.degree = 3;
        p.coef0 = 0;
        p.p = 0.1; // epsilon-SVR only
        p.cache_size = 16;
        p.eps = 1e-3;
        p.shrinking = 1;
        p.probability = 0;
        p.nr_weight = 0;
        p.weight_label = new int[0];
        p.weight = new double[0];
        String problem = svm.svm_check_parameter(prob, p);
        if (problem != null) {
            throw new IllegalArgumentException("LIBSVM rejects " + params + ": " + problem);
        }
        svm_model m = svm.svm_train(prob, p);
        double[][] sv = new double[m.l][];
        int[] svRows = new int[m.l];
        for (int s = 0; s < m.l; s++) {
            svRows[s] = (int) m.SV[s][0].value - 1; // the serial of a Gram row
            sv[s] = g.row(svRows[s]);
        }
        return new NuSvr(params, sv, m.sv_coef[0].clone(), m.rho[0], svRows);
    }

    /** LIBSVM's {@code svm_predict} for nu-SVR: sum over support vectors of coef x k_function(x, sv), minus rho. */
    public double predict(double[] x) {
        boolean rbf = params.kernel() == SvrParams.Kernel.RBF;
        double g = params.gamma();
        double sum = 0;
        for (int s = 0; s < sv.length; s++) {
            double[] v = sv[s];
            double k = 0;
            if (rbf) {
                for (int j = 0; j < x.length; j++) {
                    double d = x[j] - v[j];
                    k += d * d;
                }
                k = Math.exp(-g * k);
            } else {
                for (int j = 0; j < x.length; j++) {
                    k += x[j] * v[j];
                }
            }
            sum += coef[s] * k;
        }
        return sum - rho;
    }

    /**
     * {@link #predict} of row i of the Gram this model was fitted on (a held-out row of a fold), from the
     * Gram's distances: the same value without recomputing them.
     */
    double predictRow(SvrGram g, int i) {
        double sum = 0;
        for (int s = 0; s < sv.length; s++) {
            sum += coef[s] * g.predictionKernel(params, i, svRows[s]);
        }
        return sum - rho;
    }

    public SvrParams params() {
        return params;
    }

    /** Support vectors of the fitted model. */
    public int supportVectors() {
        return sv.length;
    }

}
