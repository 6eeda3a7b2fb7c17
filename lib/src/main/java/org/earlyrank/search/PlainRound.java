package org.earlyrank.search;

import java.util.List;

/**
 * Hyperband's round (Li et al. 2017, Algorithm 1, lines 6-9): every active configuration trains to r_i
 * (resuming where it stopped), the decider ranks them by the estimator's score at r_i, and the best
 * floor(n_i / eta) are promoted (the best one in the last round). Stateless.
 */
public final class PlainRound implements RoundPolicy {
    @Override
    public List<String> play(SearchState state, Bracket bracket, int rung, List<String> active) {
        Bracket.Rung r = bracket.rungs().get(rung);
        int keep = Math.min(r.promote(), active.size());
        return state.trainAndDecide(bracket.s(), rung, active, r.budgetEpoch(), keep).top(keep);
    }
}
