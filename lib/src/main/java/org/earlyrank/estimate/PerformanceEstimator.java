package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * A performance estimator: scores run r at budget t, higher meaning better. Every estimator family
 * (training speed, feature histories, curve regression, baselines) implements this one question; the
 * report knows nothing else about them.
 *
 * <p>Honesty rule: {@link #score} receives the run's history truncated to epoch t
 * ({@link RunHistory#upTo(int)}); it cannot read what the run produced later.
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
     * @param history     the run, truncated to {@code budgetEpoch}
     * @param budgetEpoch the budget t (1-based epochs)
     * @return the score, or empty when this run cannot be scored at this budget (e.g. it diverged before t)
     */
    OptionalDouble score(RunHistory history, int budgetEpoch);
}
