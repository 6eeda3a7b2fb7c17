package org.earlyrank.estimate.tse;

/**
 * Training speed estimation, TSE: the sum of the mean minibatch training losses of epochs 1..T, negated.
 * Also its relative that only moves the window's end:
 * <ul>
 *   <li>{@code tse}: epochs 1..T (the paper, Eq. 1);</li>
 *   <li>{@code tse-prev}: epochs 1..T-1, the convention of the authors' original code, which sums the
 *       epochs before the current one (undefined at T = 1).</li>
 * </ul>
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021, Eq. 1.
 *
 * <p>Immutable and serializable.
 */
public final class TseEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final int lag;

    private TseEstimator(String name, int lag) {
        this.name = name;
        this.lag = lag;
    }

    /** {@code tse}: the paper's sum over epochs 1..T. */
    public static TseEstimator paper() {
        return new TseEstimator("tse", 0);
    }

    /** {@code tse-prev}: the original code's sum over the epochs before T. */
    public static TseEstimator previousEpochs() {
        return new TseEstimator("tse-prev", 1);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        int last = budgetEpoch - lag;
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
