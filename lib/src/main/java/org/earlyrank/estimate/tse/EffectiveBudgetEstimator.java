package org.earlyrank.estimate.tse;

/**
 * An estimator stopped at the effective budget of Algorithm 1: at budget T it is the inner estimator at
 * min(T, T_eff), held constant after T_eff ({@link EffectiveBudget}: T_eff = floor(0.9 T_o)). Algorithm 1
 * outputs "the effective training budget T_effective to use TSE-EMA or TSE-E", so EarlyRank offers
 * {@code tse-e-eb} (TSE-E) and {@code tse-ema-eb} (TSE-EMA). Beyond T_eff the paper's Figure 3 also
 * suggests switching to validation accuracy; the report shows that rule beside these estimators.
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021, Algorithm 1 and Figure 3.
 */
public final class EffectiveBudgetEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final EpochLossEstimator inner;
    private final int cap;

    /** @param cap T_eff, at least 1 */
    public EffectiveBudgetEstimator(String name, EpochLossEstimator inner, int cap) {
        if (cap < 1) {
            throw new IllegalArgumentException("the effective budget must be >= 1 epoch, got " + cap);
        }
        this.name = name;
        this.inner = inner;
        this.cap = cap;
    }

    @Override
    public String name() {
        return name;
    }

    /** T_eff. */
    public int cap() {
        return cap;
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        int t = Math.min(budgetEpoch, cap);
        return inner.loss(losses.upTo(t), t);
    }
}
