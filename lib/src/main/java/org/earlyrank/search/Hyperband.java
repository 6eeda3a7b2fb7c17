package org.earlyrank.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband over a finite pool (Li et al. 2017, Algorithm 1), and BOHB with a {@link BohbProposer} (Falkner
 * et al. 2018, Algorithm 2: the same brackets, new configurations from the density model).
 *
 * <p>One iteration: brackets s = s_max..0 in that order, each started with n configurations from the
 * {@link Proposer} and played round by round by the {@link RoundPolicy}. A bracket that the untried pool can
 * no longer fill is skipped (and noted); at least one bracket must run. The pick is the best configuration,
 * by one decision at the maximum budget, among every configuration that reached it (each bracket's last
 * round trains to the maximum budget), the analogue of Li et al.'s "configuration with the smallest
 * intermediate loss seen so far" restricted to fully trained configurations, so that every candidate is
 * scored at the same budget.
 */
public final class Hyperband implements SearchAlgorithm {
    public static final String NAME = "hyperband";
    public static final String BOHB = "bohb";

    private final String name;
    private final List<Bracket> brackets;
    private final RoundPolicy policy;
    private final Proposer proposer;

    /** @param name {@link #NAME}, {@link #BOHB} or another variant's name */
    public Hyperband(String name, List<Bracket> brackets, RoundPolicy policy, Proposer proposer) {
        if (brackets.isEmpty()) {
            throw new IllegalArgumentException("Hyperband needs at least one bracket");
        }
        this.name = name;
        this.brackets = List.copyOf(brackets);
        this.policy = policy;
        this.proposer = proposer;
    }

    @Override
    public String name() {
        return name;
    }

    public List<Bracket> brackets() {
        return brackets;
    }

    /** The smallest bracket's n: a pool smaller than this cannot run any bracket. */
    public int smallestBracket() {
        return brackets.stream().mapToInt(Bracket::configurations).min().orElseThrow();
    }

    @Override
    public String play(SearchState state) {
        int maxBudget = brackets.get(0).rungs().get(brackets.get(0).rungs().size() - 1).budgetEpoch();
        List<String> full = new ArrayList<>();
        for (Bracket b : brackets) {
            int n = b.configurations();
            if (state.untried().size() < n) {
                state.note("bracket s=" + b.s() + " needs " + n + " untried configurations, the pool had "
                        + state.untried().size() + " left: skipped");
                continue;
            }
            List<String> active = proposer.propose(state, n);
            for (int i = 0; i < b.rungs().size(); i++) {
                List<String> trainedThisRound = active;
                active = policy.play(state, b, i, active);
                if (i == b.rungs().size() - 1) {
                    for (String id : trainedThisRound) {
                        if (state.trainer().reached().getOrDefault(id, 0) >= maxBudget) {
                            full.add(id);
                        }
                    }
                }
            }
        }
        if (full.isEmpty()) {
            throw new IllegalStateException("no bracket could run: the smallest needs " + smallestBracket()
                    + " configurations, the pool has " + state.order().size());
        }
        return state.decider().decide(full, maxBudget, state.trainer().reached()).top(1).get(0);
    }
}
