package org.earlyrank.search;

/**
 * Budgets of a search are whole epochs. A rung of Hyperband that is not a whole number of epochs
 * (R eta^(i-s), e.g. 12 / 2^3 = 1.5) is rounded half up (1.5 -> 2, 1.33 -> 1), the project's rule for a
 * fraction of a budget (DESIGN.md, Conventions), computed exactly on integers so that no floating-point
 * error can move a rung across the half.
 *
 * <p>This is a small local helper: a project-wide rounding helper is being consolidated, and this one is
 * to be replaced by it. Stateless.
 */
public final class Budgets {
    private Budgets() {
    }

    /**
     * {@code floor(numerator / denominator + 1/2)} for a non-negative numerator and positive denominator.
     *
     * @throws IllegalArgumentException for a negative numerator or a non-positive denominator
     */
    public static long roundHalfUp(long numerator, long denominator) {
        if (numerator < 0 || denominator <= 0) {
            throw new IllegalArgumentException("roundHalfUp needs numerator >= 0 and denominator > 0, got "
                    + numerator + " / " + denominator);
        }
        return Math.addExact(Math.multiplyExact(2, numerator), denominator) / Math.multiplyExact(2, denominator);
    }

    /** {@code eta^k}, failing clearly instead of overflowing. */
    static long power(long eta, int k) {
        long p = 1;
        for (int i = 0; i < k; i++) {
            p = Math.multiplyExact(p, eta);
        }
        return p;
    }
}
