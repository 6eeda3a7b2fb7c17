package org.earlyrank.base;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one rounding rule for a fraction of a budget (DESIGN.md): round half up, on the decimal product, so
 * {@code 0.25 x 50 = 12.5} is 13 and {@code 0.35 x 10} is 3.5, hence 4 (in binary floating point it is
 * 3.4999999999999996, which would round to 3). Budgets (report.scatter_budget_fraction,
 * report.summary_fractions, train-final.budget_fraction, fit-svr.observed_fraction), counts of runs
 * (precision@k's k) and of minibatches (TSE-E's partial epoch) and training subsets (train_fraction) all
 * round this way. The one exception is TSE's effective budget, which takes the whole epochs within
 * 0.9 T_o as its paper says ({@link #floor}).
 */
public final class Fractions {
    private Fractions() {
    }

    /** {@code fraction x n} rounded half up. */
    public static int roundHalfUp(double fraction, int n) {
        return roundHalfUp(BigDecimal.valueOf(fraction), n);
    }

    /** {@code fraction x n} rounded half up, for a fraction already decimal (TSE-E's partial epoch). */
    public static int roundHalfUp(BigDecimal fraction, int n) {
        return fraction.multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** A budget as a fraction of a full one: {@code fraction x full} rounded half up, at least 1. */
    public static int budget(double fraction, int full) {
        return Math.max(1, roundHalfUp(fraction, full));
    }

    /** The whole units within {@code fraction x n} (floor of the decimal product). */
    public static int floor(double fraction, int n) {
        return BigDecimal.valueOf(fraction).multiply(BigDecimal.valueOf(n)).setScale(0, RoundingMode.FLOOR)
                .intValueExact();
    }
}
