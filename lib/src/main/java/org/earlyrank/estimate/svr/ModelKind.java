package org.earlyrank.estimate.svr;

import java.util.Arrays;
import java.util.List;

/** The regression models of the paper's Table 1, named as in {@code svr_fits.model}. */
public enum ModelKind {
    NU_SVR_RBF("nu-svr-rbf"),
    NU_SVR_LINEAR("nu-svr-linear"),
    OLS("ols"),
    RANDOM_FOREST("random-forest"),
    /** The last observed value y_tau as the prediction of y_T (Li et al. 2017's heuristic); nothing is fitted. */
    LAST_SEEN("last-seen"),
    /** Learning-curve extrapolation of each run from its own partial curve (Domhan et al. 2015): {@link LceFits}. */
    LCE("lce"),
    /** A Bayesian neural network over (configuration, epoch) (Klein et al. 2017): {@link BnnFits}. */
    BNN("bnn");

    public static final List<String> NAMES = Arrays.stream(values()).map(ModelKind::modelName).toList();

    private final String modelName;

    ModelKind(String modelName) {
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }

    public static ModelKind of(String name) {
        for (ModelKind k : values()) {
            if (k.modelName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("model must be one of " + NAMES + ", got '" + name + "'");
    }

    /**
     * True for Baker et al.'s Bayesian baselines (Section 3.3.1), which are not sequential regression models
     * on feature rows: they predict through a {@link CurveBaseline}.
     */
    public boolean baseline() {
        return this == LCE || this == BNN;
    }

    /** The nu-SVR kernel, or null for the other models. */
    SvrParams.Kernel kernel() {
        return switch (this) {
            case NU_SVR_RBF -> SvrParams.Kernel.RBF;
            case NU_SVR_LINEAR -> SvrParams.Kernel.LINEAR;
            default -> null;
        };
    }
}
