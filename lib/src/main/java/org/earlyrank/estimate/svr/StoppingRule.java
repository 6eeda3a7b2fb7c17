package org.earlyrank.estimate.svr;

import java.util.List;

import smile.math.special.Erf;

/**
 * The probabilistic stopping rule of Baker et al. 2018, Section 4: with the model's prediction
 * {@code yhat} of the final value and its spread sigma, a configuration is stopped when
 * {@code P(y_T <= y_ref) >= delta} under {@code N(yhat, sigma)}, i.e. {@code Phi((y_ref - yhat) / sigma) >= delta}.
 * The variants choose the reference {@code y_ref} from the values of the configurations trained fully so far:
 * <ul>
 *   <li>{@code best}: the best value ({@code y_BEST});</li>
 *   <li>{@code offset}: the best value minus delta-offset, letting configurations within that offset of the
 *       best finish;</li>
 *   <li>{@code nth-best}: the n-th best value, so that with high probability the top n configurations are
 *       trained fully (no stopping until n configurations have finished).</li>
 * </ul>
 *
 * @param variant best, offset or nth-best
 * @param delta   the probability threshold, in (0, 1)
 * @param offset  the offset (accuracy units) of the offset variant, else null
 * @param nth     n of the nth-best variant, else null
 */
public record StoppingRule(String variant, double delta, Double offset, Integer nth) {
    public static final String BEST = "best";
    public static final String OFFSET = "offset";
    public static final String NTH_BEST = "nth-best";
    public static final List<String> VARIANTS = List.of(BEST, OFFSET, NTH_BEST);

    public StoppingRule {
        if (!VARIANTS.contains(variant)) {
            throw new IllegalArgumentException("variant must be one of " + VARIANTS + ", got '" + variant + "'");
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
        if (variant.equals(OFFSET) != (offset != null) || variant.equals(NTH_BEST) != (nth != null)
                || (nth != null && nth < 1)) {
            throw new IllegalArgumentException("offset goes with the offset variant, n >= 1 with nth-best; got " + this);
        }
    }

    /**
     * The reference value, or NaN when the rule cannot stop yet (fewer than n finished configurations).
     *
     * @param finishedDescending values of the fully trained configurations, best first
     */
    public double reference(double[] finishedDescending, int count) {
        return switch (variant) {
            case BEST -> count >= 1 ? finishedDescending[0] : Double.NaN;
            case OFFSET -> count >= 1 ? finishedDescending[0] - offset : Double.NaN;
            default -> count >= nth ? finishedDescending[nth - 1] : Double.NaN;
        };
    }

    /**
     * True when {@code Phi((reference - prediction) / sigma) >= delta}; never with a NaN reference (no
     * reference yet).
     *
     * @throws IllegalArgumentException when sigma is not a positive finite number: a stopping rule without
     *                                  a spread is not the paper's rule, so this is an error, never a guess
     */
    public static boolean stop(double prediction, double sigma, double reference, double delta) {
        if (Double.isNaN(reference)) {
            checkSigma(sigma);
            return false;
        }
        return probability(prediction, sigma, reference) >= delta;
    }

    /**
     * {@code P(y <= reference)} for {@code y ~ N(prediction, sigma)}: Phi(reference; prediction, sigma) of
     * Baker et al. 2018, Section 4 and Appendix C, Algorithm 2 (0 for a reference of -infinity).
     *
     * @throws IllegalArgumentException when sigma is not a positive finite number
     */
    public static double probability(double prediction, double sigma, double reference) {
        checkSigma(sigma);
        if (reference == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        return normalCdf((reference - prediction) / sigma);
    }

    private static void checkSigma(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("the stopping rule's sigma must be a positive finite number, got " + sigma
                    + " (a model whose leave-one-out residuals are all equal, or not computed)");
        }
    }

    /** The standard normal CDF. */
    static double normalCdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }
}
