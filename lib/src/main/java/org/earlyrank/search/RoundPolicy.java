package org.earlyrank.search;

import java.util.List;

/**
 * How one round of successive halving is played: which of the round's configurations are trained how far,
 * how they are scored, and which go on. {@link PlainRound} is Hyperband's (Li et al. 2017, Algorithm 1:
 * train all n_i to r_i, keep the top floor(n_i / eta)). This is the seam for fast Hyperband (Baker et al.
 * 2018, Appendix C, Algorithm 2, run_then_return_validation_loss): its policy trains configurations epoch by
 * epoch and stops those a performance-prediction model deems hopeless before r_i (recorded as trials at the
 * epoch they stopped, never promoted); that policy plugs in here without changing {@link Hyperband}.
 */
public interface RoundPolicy {
    /**
     * Plays round {@code rung} of {@code bracket} on the active configurations (in draw order), recording one
     * trial per configuration in the state.
     *
     * @return the configurations promoted, best first (in the last round: the round's best)
     */
    List<String> play(SearchState state, Bracket bracket, int rung, List<String> active);
}
