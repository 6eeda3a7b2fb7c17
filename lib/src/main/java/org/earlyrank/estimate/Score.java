package org.earlyrank.estimate;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.IntFunction;

/**
 * One estimator's score of one run at one budget (higher means better), with what producing it on its
 * own from the stored tables cost ({@code estimates.cost_seconds}).
 */
public record Score(String estimator, int budget, double value, double costSeconds) {
    /**
     * Scores budget by budget, each timed on its own: the cost of a score is the wall time of its call.
     * Undefined scores are left out.
     */
    public static List<Score> timed(String estimator, List<Integer> budgets, IntFunction<OptionalDouble> scoreAt) {
        List<Score> out = new ArrayList<>();
        for (int t : budgets) {
            long t0 = System.nanoTime();
            OptionalDouble s = scoreAt.apply(t);
            double seconds = Math.max(0, System.nanoTime() - t0) / 1e9;
            if (s.isPresent()) {
                out.add(new Score(estimator, t, s.getAsDouble(), seconds));
            }
        }
        return out;
    }

    /** The same score with more cost (a fitted model's share of its fit time). */
    public Score plusCost(double seconds) {
        return new Score(estimator, budget, value, costSeconds + seconds);
    }
}
