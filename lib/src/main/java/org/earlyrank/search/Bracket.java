package org.earlyrank.search;

import java.util.List;

/**
 * One bracket of Hyperband: successive halving started with {@code rungs.get(0).configurations()}
 * configurations (Li et al. 2017, Algorithm 1, bracket s).
 *
 * @param s     Li et al.'s bracket index: s_max is the most aggressive bracket (most configurations, smallest
 *              first budget), 0 trains every configuration to the maximum budget
 * @param rungs the rounds i = 0..s, in order
 */
public record Bracket(int s, List<Rung> rungs) {
    /**
     * Round i of successive halving: n_i configurations trained to r_i epochs, of which the best
     * {@code promote} go on to the next round (in the last round: 1, the bracket's result, as in Baker et
     * al. 2018, Appendix C, Algorithm 1 line 7).
     *
     * @param configurations n_i = floor(n eta^-i)
     * @param budgetEpoch    r_i = R eta^(i-s), rounded half up to whole epochs ({@link Budgets})
     * @param promote        floor(n_i / eta) before the last round, 1 in it
     */
    public record Rung(int configurations, int budgetEpoch, int promote) {
    }

    public Bracket {
        rungs = List.copyOf(rungs);
    }

    /** n, the configurations the bracket starts. */
    public int configurations() {
        return rungs.get(0).configurations();
    }

    /** Epochs the bracket trains when every configuration runs its rounds (a promoted one resumes). */
    public long epochs() {
        long e = 0;
        int previous = 0;
        for (Rung r : rungs) {
            e += (long) r.configurations() * (r.budgetEpoch() - previous);
            previous = r.budgetEpoch();
        }
        return e;
    }
}
