package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Makes a search's decisions: ranks configurations that have all reached the same budget by the
 * estimator's score there (Cao 2021, Section 3.2: the search decides "based on the improved performance
 * estimation instead of the latest performance acquired").
 *
 * <p>Fallback: where the estimator has no score for one of the candidates at that budget (nu-SVR has no
 * model at the full budget; an estimator may skip a run it cannot score), the whole decision ranks by
 * validation accuracy at that budget instead, so that no decision compares two scales. Such decisions are
 * counted per budget ({@link #fallbacks()}) for the search's notes. A candidate without a validation
 * accuracy either ranks last.
 *
 * <p>Cost: the estimator's cost is charged for every candidate it scored, also in a decision that then fell
 * back (the estimator ran); validation accuracy costs nothing beyond training.
 *
 * <p>Ties keep the earlier candidate first (the search's draw order), so a decision is deterministic.
 * Not thread-safe (counts fallbacks); one per search.
 */
public final class Decider {
    private final RungScorer scorer;
    private final RungScorer fallback;
    private final TreeMap<Integer, Integer> fallbacks = new TreeMap<>();
    private final TreeMap<Integer, Integer> missing = new TreeMap<>();
    private int decisions;

    /**
     * One decision.
     *
     * @param runIds          the candidates, in the order given
     * @param budgetEpoch     the budget they had all reached
     * @param scores          each candidate's score (by the estimator, or by validation accuracy when
     *                        {@code fellBack}); -infinity where even validation accuracy is missing
     * @param estimateSeconds the estimator's cost for each candidate (0 where it had no score)
     * @param fellBack        true when the decision ranked by validation accuracy
     * @param ranked          indices into {@code runIds}, best first
     */
    public record Decision(List<String> runIds, int budgetEpoch, double[] scores, double[] estimateSeconds,
                           boolean fellBack, int[] ranked) {
        /** The best {@code k} run ids, best first. */
        public List<String> top(int k) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < Math.min(k, ranked.length); i++) {
                out.add(runIds.get(ranked[i]));
            }
            return out;
        }

        /** Where the estimator's decision came from: the estimator's name, or val-acc. */
        public String source(RungScorer scorer) {
            return fellBack ? ValAccScorer.NAME : scorer.estimator();
        }
    }

    /**
     * @param scorer   the estimator deciding
     * @param fallback validation accuracy ({@link ValAccScorer})
     */
    public Decider(RungScorer scorer, RungScorer fallback) {
        this.scorer = scorer;
        this.fallback = fallback;
    }

    public RungScorer scorer() {
        return scorer;
    }

    /** Ranks the candidates, all trained to {@code budgetEpoch}; counted as a decision. */
    public Decision decide(List<String> runIds, int budgetEpoch, Map<String, Integer> trained) {
        return rank(runIds, budgetEpoch, trained, true);
    }

    /**
     * The same ranking, not counted as a decision: for reading results already decided on (BOHB's density
     * model ranks every configuration scored at a budget in one go, so that all its scores share a scale).
     */
    public Decision observe(List<String> runIds, int budgetEpoch, Map<String, Integer> trained) {
        return rank(runIds, budgetEpoch, trained, false);
    }

    private Decision rank(List<String> runIds, int budgetEpoch, Map<String, Integer> trained, boolean count) {
        int n = runIds.size();
        double[] scores = new double[n];
        double[] cost = new double[n];
        boolean complete = true;
        Map<String, Integer> view = Collections.unmodifiableMap(trained);
        for (int i = 0; i < n; i++) {
            OptionalDouble s = scorer.score(runIds.get(i), budgetEpoch, view);
            if (s.isPresent() && Double.isFinite(s.getAsDouble())) {
                scores[i] = s.getAsDouble();
                cost[i] = scorer.costSeconds(runIds.get(i), budgetEpoch);
            } else {
                complete = false;
                scores[i] = Double.NEGATIVE_INFINITY;
            }
        }
        boolean plain = scorer.estimator().equals(fallback.estimator());
        boolean fellBack = !complete && !plain;
        if (!complete && plain && count) {
            for (double s : scores) {
                if (s == Double.NEGATIVE_INFINITY) {
                    missing.merge(budgetEpoch, 1, Integer::sum);
                }
            }
        }
        if (fellBack) {
            if (count) {
                fallbacks.merge(budgetEpoch, 1, Integer::sum);
            }
            for (int i = 0; i < n; i++) {
                OptionalDouble v = fallback.score(runIds.get(i), budgetEpoch, view);
                boolean ok = v.isPresent() && Double.isFinite(v.getAsDouble());
                scores[i] = ok ? v.getAsDouble() : Double.NEGATIVE_INFINITY;
                if (!ok && count) {
                    missing.merge(budgetEpoch, 1, Integer::sum);
                }
            }
        }
        if (count) {
            decisions++;
        }
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        // Arrays.sort on objects is stable: equal scores keep the draw order.
        Arrays.sort(idx, (a, b) -> Double.compare(scores[b], scores[a]));
        int[] ranked = new int[n];
        for (int i = 0; i < n; i++) {
            ranked[i] = idx[i];
        }
        return new Decision(List.copyOf(runIds), budgetEpoch, scores, cost, fellBack, ranked);
    }

    /** Decisions made so far. */
    public int decisions() {
        return decisions;
    }

    /** Decisions that fell back to validation accuracy, by budget. */
    public Map<Integer, Integer> fallbacks() {
        return Collections.unmodifiableMap(fallbacks);
    }

    /** Candidates that had no validation accuracy either (ranked last), by budget. */
    public Map<Integer, Integer> missing() {
        return Collections.unmodifiableMap(missing);
    }
}
