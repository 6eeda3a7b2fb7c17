package org.earlyrank.search;

import java.util.List;

/**
 * Chooses the configurations a Hyperband bracket starts with, from the untried part of the pool. Hyperband
 * draws them at random ({@link RandomProposer}); BOHB from its density model ({@link BohbProposer}).
 */
public interface Proposer {
    /**
     * Draws {@code n} untried configurations (the caller checks that the pool has that many), marking them
     * drawn in the state. All of a bracket's configurations are drawn when it starts, from what the search
     * had observed then: a rung trains its configurations together (one job in a live search).
     */
    List<String> propose(SearchState state, int n);
}
