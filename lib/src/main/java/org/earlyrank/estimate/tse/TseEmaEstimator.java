package org.earlyrank.estimate.tse;

/**
 * {@code tse-ema}: the paper's Eq. 3, the sum over epochs t = 1..T of gamma^(T-t) times epoch t's mean
 * minibatch training loss, negated. gamma = 1 gives TSE; gamma = 0 gives TSE-E with E = 1.
 *
 * <p>References: Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021, Eq. 3.
 */
public final class TseEmaEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final double gamma;

    /** @param gamma decay in [0, 1] */
    public TseEmaEstimator(double gamma) {
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        this.gamma = gamma;
    }

    @Override
    public String name() {
        return "tse-ema";
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        // Horner form: ((L1 g + L2) g + L3) ... = sum of g^(T-t) L_t
        double acc = 0;
        for (int t = 1; t <= budgetEpoch; t++) {
            Double m = losses.mean(t);
            if (m == null) {
                return null;
            }
            acc = gamma * acc + m;
        }
        return acc;
    }
}
