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
 * <p>Input rows are dense and already scaled; every value (zeros included) is passed. A fitted model is
 * immutable and serializable; {@link #predict} is thread-safe. Fitting is thread-safe for nu-SVR (LIBSVM's
 * shared random generator is used only by its cross-validation and probability code, which this class
 * never calls).
 *
 * <p>References: LIBSVM 3.35 ({@code svm_type = NU_SVR}, solver tolerance {@code eps = 1e-3}, shrinking on).
 */
public final class NuSvr implements Serializable {
    private static final long serialVersionUID = 1L;

    static {
        svm.svm_set_print_string_function(s -> { });
    }

    private final svm_model model;
    private final SvrParams params;

    private NuSvr(svm_model model, SvrParams params) {
        this.model = model;
        this.params = params;
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
        svm_problem prob = new svm_problem();
        prob.l = x.length;
        prob.y = y.clone();
        prob.x = new svm_node[x.length][];
        for (int i = 0; i < x.length; i++) {
            prob.x[i] = nodes(x[i]);
        }
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.NU_SVR;
        p.kernel_type = params.kernel() == SvrParams.Kernel.RBF ? svm_parameter.RBF : svm_parameter.LINEAR;
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
        return new NuSvr(svm.svm_train(prob, p), params);
    }

    public double predict(double[] x) {
        return svm.svm_predict(model, nodes(x));
    }

    public SvrParams params() {
        return params;
    }

    /** Support vectors of the fitted model. */
    public int supportVectors() {
        return svm.svm_get_nr_sv(model);
    }

    private static svm_node[] nodes(double[] row) {
        svm_node[] out = new svm_node[row.length];
        for (int j = 0; j < row.length; j++) {
            svm_node n = new svm_node();
            n.index = j + 1;
            n.value = row[j];
            out[j] = n;
        }
        return out;
    }
}
