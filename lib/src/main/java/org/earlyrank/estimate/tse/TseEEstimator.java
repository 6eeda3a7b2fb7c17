package org.earlyrank.estimate.tse;

import java.math.BigDecimal;
import java.math.RoundingMode;

import org.earlyrank.base.Fractions;

/**
 * {@code tse-e}: TSE over the last E epochs only (the paper's Eq. 2): the sum of the mean minibatch
 * training losses of epochs T-E+1..T, negated.
 *
 * <p>A fractional E counts the minibatches of a partial epoch, each weighted 1/B as in Eq. 2 (B = the
 * epoch's minibatches). With E = k + f (k whole epochs, 0 &lt; f &lt; 1) the quantity is the sum of the
 * means of epochs T-k+1..T plus (1/B) times the sum of the last round(f B) minibatch losses of epoch
 * T-k (rounded half up, at least one). So E = 0.3 reads the last 30% of epoch T's minibatches, and
 * E = 1.5 reads epoch T and the last half of epoch T-1. A window reaching before epoch 1 is cut there
 * (at T &lt; E, TSE-E equals TSE).
 *
 * <p>References: Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021, Eq. 2.
 */
public final class TseEEstimator extends EpochLossEstimator {
    private static final long serialVersionUID = 1L;
    private final double e;
    private final int whole;
    private final BigDecimal fraction;

    /** @param e window in epochs, &gt; 0 */
    public TseEEstimator(double e) {
        if (!(e > 0) || Double.isInfinite(e)) {
            throw new IllegalArgumentException("E must be a finite number of epochs > 0, got " + e);
        }
        this.e = e;
        // Decimal arithmetic so that E = 1.15 with 10 minibatches reads 2 of them, as a user would count.
        BigDecimal d = BigDecimal.valueOf(e);
        BigDecimal w = d.setScale(0, RoundingMode.FLOOR);
        this.whole = w.intValueExact();
        this.fraction = d.subtract(w);
    }

    @Override
    public String name() {
        return "tse-e";
    }

    /** The window E in epochs. */
    public double window() {
        return e;
    }

    @Override
    protected Double loss(EpochLosses losses, int budgetEpoch) {
        double sum = 0;
        for (int i = 0; i < whole && budgetEpoch - i >= 1; i++) {
            Double m = losses.mean(budgetEpoch - i);
            if (m == null) {
                return null;
            }
            sum += m;
        }
        int partial = budgetEpoch - whole;
        if (fraction.signum() > 0 && partial >= 1) {
            int b = losses.count(partial);
            if (b == 0) {
                return null;
            }
            int n = Fractions.roundHalfUp(fraction, b);
            n = Math.max(1, Math.min(b, n));
            sum += losses.tailSum(partial, n) / b;
        }
        return sum;
    }
}
