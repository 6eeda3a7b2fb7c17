package org.earlyrank.estimate.tse;

/**
 * {@code tl-mini}: baseline, the training loss of the last minibatch of epoch T, negated. The paper's
 * "TLmini" baseline; noisy, since one minibatch is a small sample.
 *
 * <p>References: Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021,
 * baselines (TLmini).
 */
public final class TlMiniEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "tl-mini";
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        return losses.last(budgetEpoch);
    }
}
