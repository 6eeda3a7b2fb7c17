package org.earlyrank.estimate.tse;

/**
 * {@code tse-ema-naslib}: the moving-average variant as NASLib's SoLoss predictor computes it, offered
 * for comparison with published NASLib numbers. With L_t epoch t's mean minibatch training loss,
 * m_1 = L_1 and m_t = (1 - mu) m_(t-1) + mu L_t; the quantity is the sum of m_1..m_T, negated. With NASLib's
 * mu = 0.99 the newest epoch dominates each m_t, so this is close to TSE. Unlike the paper's Eq. 3 the
 * weights do not decay geometrically towards old epochs.
 *
 * <p>References: NASLib (automl/NASLib), predictors/soloss.py, option SoTLEMA, mu = 0.99; compare
 * Ru et al., NeurIPS 2021, Eq. 3 ({@link TseEmaEstimator}).
 */
public final class TseEmaNaslibEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final double mu;

    /** @param mu weight of the newest epoch, in [0, 1] */
    public TseEmaNaslibEstimator(double mu) {
        if (!(mu >= 0 && mu <= 1)) {
            throw new IllegalArgumentException("mu must be in [0, 1], got " + mu);
        }
        this.mu = mu;
    }

    @Override
    public String name() {
        return "tse-ema-naslib";
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        double m = 0;
        double sum = 0;
        for (int t = 1; t <= budgetEpoch; t++) {
            Double l = losses.mean(t);
            if (l == null) {
                return null;
            }
            m = t == 1 ? l : (1 - mu) * m + mu * l;
            sum += m;
        }
        return sum;
    }
}
