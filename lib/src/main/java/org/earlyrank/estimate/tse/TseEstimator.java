package org.earlyrank.estimate.tse;

/**
 * Training speed estimation, TSE: the sum of the mean minibatch training losses of epochs 1..T, negated.
 * Also its two relatives that only move the window's end:
 * <ul>
 *   <li>{@code tse}: epochs 1..T (the paper, Eq. 1);</li>
 *   <li>{@code tse-prev}: epochs 1..T-1, the convention of the authors' original code, which sums the
 *       epochs before the current one (undefined at T = 1);</li>
 *   <li>{@code tse-eb}: epochs 1..min(T, T_eff) with T_eff the effective budget of the paper's
 *       Algorithm 1 ({@link EffectiveBudget}): what the rule recommends, held constant after T_eff.</li>
 * </ul>
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021, Eq. 1 and Algorithm 1.
 *
 * <p>Immutable and serializable.
 */
public final class TseEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final int lag;
    private final int cap;

    private TseEstimator(String name, int lag, int cap) {
        this.name = name;
        this.lag = lag;
        this.cap = cap;
    }

    /** {@code tse}: the paper's sum over epochs 1..T. */
    public static TseEstimator paper() {
        return new TseEstimator("tse", 0, Integer.MAX_VALUE);
    }

    /** {@code tse-prev}: the original code's sum over the epochs before T. */
    public static TseEstimator previousEpochs() {
        return new TseEstimator("tse-prev", 1, Integer.MAX_VALUE);
    }

    /** {@code tse-eb}: the sum over epochs 1..min(T, effectiveBudget). */
    public static TseEstimator effectiveBudget(int effectiveBudget) {
        if (effectiveBudget < 1) {
            throw new IllegalArgumentException("the effective budget must be >= 1 epoch, got " + effectiveBudget);
        }
        return new TseEstimator("tse-eb", 0, effectiveBudget);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        int last = Math.min(budgetEpoch - lag, cap);
        if (last < 1) {
            return null;
        }
        double sum = 0;
        for (int e = 1; e <= last; e++) {
            Double m = losses.mean(e);
            if (m == null) {
                return null;
            }
            sum += m;
        }
        return sum;
    }
}
