package org.earlyrank.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Function;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.tse.TseFamily;

/**
 * A live search's {@link RungScorer}: scores a configuration at the budget it reached with the same
 * {@link PerformanceEstimator} the {@code score-tse} stage runs ({@link TseFamily#ESTIMATORS}, built from the
 * config's {@code score-tse} section), on the history the search trained so far, truncated to the budget.
 * Its cost is the measured time of that call.
 *
 * <p>Live-scorable: the TSE family's estimators that need nothing but the run's own curves and minibatch
 * losses ({@link #LIVE}), val-acc among them. The others need what a rung does not have (the effective
 * budget of the whole sweep, an ensemble or regression fitted across runs): {@link #of} refuses them with a
 * message naming the ones that work.
 *
 * <p>One per search; caches scores (same arguments, same score).
 */
public final class LiveScorer implements RungScorer {
    /** The estimators a live search can decide by. */
    public static final List<String> LIVE = TseFamily.ESTIMATORS.stream().filter(e -> !e.effectiveBudget())
            .map(TseFamily.Entry::name).toList();

    private final PerformanceEstimator estimator;
    private final Function<String, RunHistory> histories;
    private final Map<String, OptionalDouble> scores = new HashMap<>();
    private final Map<String, Double> seconds = new HashMap<>();

    private LiveScorer(PerformanceEstimator estimator, Function<String, RunHistory> histories) {
        this.estimator = estimator;
        this.histories = histories;
    }

    /**
     * @param histories a trained configuration's history so far, by run id
     * @throws ConfigException when the estimator cannot be scored live
     */
    public static LiveScorer of(String estimator, ScoreTseOptions tse, Function<String, RunHistory> histories) {
        check(estimator);
        TseFamily.Entry e = TseFamily.ESTIMATORS.stream().filter(x -> x.name().equals(estimator)).findFirst()
                .orElseThrow();
        return new LiveScorer(e.factory().make(tse, 0), histories);
    }

    /** @throws ConfigException naming the estimators a live search can decide by */
    public static void check(String estimator) {
        if (!LIVE.contains(estimator)) {
            throw new ConfigException("search.estimator '" + estimator + "' cannot decide a live search: a rung scores "
                    + "each configuration on its own curves and minibatch losses, and " + estimator + " needs more (a "
                    + "model fitted across runs, features, or the whole sweep's effective budget); live searches decide "
                    + "by " + String.join(", ", LIVE) + ", or replay " + estimator + " over a finished sweep"
                    + " (--replay --sweep DIR)");
        }
    }

    @Override
    public String estimator() {
        return estimator.name();
    }

    @Override
    public OptionalDouble score(String runId, int budgetEpoch, Map<String, Integer> trained) {
        String key = runId + "@" + budgetEpoch;
        OptionalDouble s = scores.get(key);
        if (s == null) {
            RunHistory h = histories.apply(runId);
            long t0 = System.nanoTime();
            // a configuration that stopped before the budget (diverged) has no score there
            s = h.curve(budgetEpoch) == null ? OptionalDouble.empty()
                    : estimator.score(h.view().upTo(budgetEpoch), budgetEpoch);
            seconds.put(key, (System.nanoTime() - t0) / 1e9);
            scores.put(key, s);
        }
        return s;
    }

    @Override
    public double costSeconds(String runId, int budgetEpoch) {
        return seconds.getOrDefault(runId + "@" + budgetEpoch, 0.0);
    }

    @Override
    public boolean fittedAcrossRuns() {
        return false;
    }
}
