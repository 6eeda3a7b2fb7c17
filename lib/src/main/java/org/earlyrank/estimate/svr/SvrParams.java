package org.earlyrank.estimate.svr;

import java.io.Serializable;

/**
 * One nu-SVR setting: kernel, C (regularisation), nu (bound on the fraction of support vectors and of
 * errors, in (0, 1]) and the RBF width gamma ({@code K(a, b) = exp(-gamma |a - b|^2)}; unused by the
 * linear kernel).
 */
public record SvrParams(Kernel kernel, double c, double nu, double gamma) implements Serializable {
    /**
     * The kernels EarlyRank offers; {@code svr_fits} names their models {@link ModelKind#NU_SVR_RBF} and
     * {@link ModelKind#NU_SVR_LINEAR}.
     */
    public enum Kernel {
        RBF,
        LINEAR;

        /** "rbf" or "linear" (the fit-svr.kernel option). */
        public static Kernel of(String name) {
            return switch (name) {
                case "rbf" -> RBF;
                case "linear" -> LINEAR;
                default -> throw new IllegalArgumentException("kernel must be rbf or linear, got '" + name + "'");
            };
        }
    }

    public SvrParams {
        if (!(c > 0) || !(nu > 0 && nu <= 1) || !(gamma > 0)) {
            throw new IllegalArgumentException("nu-SVR needs C > 0, nu in (0, 1] and gamma > 0, got C=" + c
                    + " nu=" + nu + " gamma=" + gamma);
        }
    }
}
