package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A fitted family, ready to score runs (Spark ML's {@code Model}): "score run r at budget t by estimator
 * name". It reads only the {@link RunView} it is given, never a run's truth, and keeps no state between
 * calls; it may be sent to executors.
 *
 * <p>{@link #scoreRun} is the bulk form every stage calls: every estimator at every budget of one run. Its
 * default scores each (budget, estimator) on its own, from the view truncated to the budget, and times it.
 * A family overrides it to share work across budgets (TSE keeps each epoch's mean loss, the feature-history
 * ensemble fits each epoch's head once); the contract is that it returns the same values as the default,
 * and that a score at budget t uses nothing after epoch t ({@code HonestyTest} checks both).
 */
public interface Scorer extends Serializable {
    /** The estimators it scores, in report order (the family's, less those the sweep cannot support). */
    List<String> estimators();

    /** Estimators asked for that it cannot score on this sweep, with the reason (a missing table, ...). */
    default Map<String, String> skipped() {
        return Map.of();
    }

    /**
     * One estimator's score of the run at the view's budget.
     *
     * @param run truncated to the budget t ({@link RunView#upTo})
     * @return the score (higher is better), or empty when undefined at t (a missing epoch, a NaN loss)
     */
    OptionalDouble score(String estimator, RunView run);

    /**
     * Every estimator at every budget, in budget order, then {@link #estimators()} order.
     *
     * @param run     the run up to the last budget
     * @param budgets ascending budgets, each at most {@code run.budget()}
     */
    default RunScores scoreRun(RunView run, List<Integer> budgets) {
        List<Score> out = new ArrayList<>();
        for (String e : estimators()) {
            out.addAll(Score.timed(e, budgets, t -> score(e, run.upTo(t))));
        }
        return inOrder(estimators(), out);
    }

    /** The scores in budget order, then in the given estimator order: the rows' order in {@code estimates}. */
    static RunScores inOrder(List<String> estimators, List<Score> scores) {
        List<Score> out = new ArrayList<>(scores);
        out.sort(Comparator.comparingInt(Score::budget).thenComparingInt(s -> estimators.indexOf(s.estimator())));
        return RunScores.of(out);
    }
}
