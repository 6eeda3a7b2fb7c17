package org.earlyrank.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Random search (Cao 2021, Section 3.2 and Appendix A.3.2: sample a pool of configurations, train each for
 * a fixed budget, pick the best by the latest performance; here by the estimator's score at that budget).
 * Draws {@code configurations} at random, trains each to {@code budgetEpoch}, and picks the best; one
 * decision, recorded as bracket 0, rung 0, the pick marked promoted.
 */
public final class RandomSearch implements SearchAlgorithm {
    public static final String NAME = "random";
    private final int configurations;
    private final int budgetEpoch;

    public RandomSearch(int configurations, int budgetEpoch) {
        if (configurations < 1 || budgetEpoch < 1) {
            throw new IllegalArgumentException("random search needs >= 1 configuration and a budget >= 1 epoch, got "
                    + configurations + " and " + budgetEpoch);
        }
        this.configurations = configurations;
        this.budgetEpoch = budgetEpoch;
    }

    @Override
    public String name() {
        return NAME;
    }

    public int configurations() {
        return configurations;
    }

    public int budgetEpoch() {
        return budgetEpoch;
    }

    @Override
    public String play(SearchState state) {
        if (state.untried().size() < configurations) {
            throw new IllegalStateException("random search draws " + configurations + " configurations, the pool has "
                    + state.untried().size());
        }
        List<String> drawn = new ArrayList<>();
        for (int i = 0; i < configurations; i++) {
            drawn.add(state.drawRandom());
        }
        return state.trainAndDecide(0, 0, drawn, budgetEpoch, 1).top(1).get(0);
    }
}
