package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * One performance estimator: scores run r at budget t, higher meaning better. A family's {@link Scorer}
 * is built from these (TSE and its baselines are one class each; a learned family's estimator holds its
 * fitted models).
 *
 * <p>Honesty rule: {@link #score} receives a {@link RunView}: the run's settings and what it produced up to
 * epoch t, never its truth. It cannot read what the run produced later, nor how it ended.
 *
 * <p>Implementations are serializable (they may be sent to executors) and must not keep hidden random
 * state: seeds are options.
 */
public interface PerformanceEstimator extends Serializable {
    /** Estimator name as written to {@code estimates.estimator}, e.g. {@code tse-ema}. */
    String name();

    /** Tables the estimator reads besides runs and curves (e.g. {@code steps}); a sweep lacking one skips it. */
    Set<String> requiredTables();

    /**
     * @param run         the run, truncated to {@code budgetEpoch}
     * @param budgetEpoch the budget t (1-based epochs)
     * @return the score, or empty when this run cannot be scored at this budget (e.g. it diverged before t)
     */
    OptionalDouble score(RunView run, int budgetEpoch);

    /**
     * Scores at every budget (ascending, each at most {@code run.budget()}), each with its measured cost.
     * The default scores each budget on its own; an estimator may share work across budgets, giving the
     * same values.
     */
    default List<Score> scoreRun(RunView run, List<Integer> budgets) {
        return Score.timed(name(), budgets, t -> score(run.upTo(t), t));
    }
}
