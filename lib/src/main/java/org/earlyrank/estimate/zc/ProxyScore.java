package org.earlyrank.estimate.zc;

/**
 * One proxy's value for one network.
 *
 * @param proxy   which proxy
 * @param score   the value, higher meaning better; NaN when undefined for this network ({@code note} says why)
 * @param seconds wall time to compute it alone: its passes through the network, its reduction, and the
 *                assembly of the minibatch when it reads data
 * @param note    why the score is NaN, or null
 */
public record ProxyScore(ZeroCostProxy proxy, double score, double seconds, String note) {
    /** Whether the score is defined. */
    public boolean defined() {
        return Double.isFinite(score);
    }
}
