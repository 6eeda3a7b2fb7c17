package org.earlyrank.search;

import java.util.Map;
import java.util.OptionalDouble;

/**
 * What a search decision asks an estimator: the score of one configuration at the budget it has reached
 * (higher means better), and what computing that score costs. Every search algorithm decides through this
 * interface, so any estimator EarlyRank scores can drive any algorithm; {@code val-acc} gives the plain
 * algorithms (the "latest performance" of Cao 2021, Section 3.2).
 *
 * <p>Honesty: a score at budget b may only use what the run had produced by the end of epoch b. Estimators
 * scored run by run (the TSE family, the feature-history ensemble {@code fh-*}, {@code val-acc}) satisfy
 * this by construction. An estimator fitted across runs (nu-SVR, later {@code combined}) also learns from
 * other runs' final accuracies: its stored cross-fitted scores were fitted on runs this search has not
 * trained, which a real search could not have seen. {@code trained} exists for that case: an
 * implementation that refits the estimator's family on only those runs (each truncated to the epochs it
 * reached) makes such decisions honest; the stored-score implementation ignores it and
 * {@link #fittedAcrossRuns()} says so, so the search's notes carry the caveat.
 *
 * <p>Implementations are used by one search repeat at a time; they may cache but must give the same score
 * for the same arguments.
 */
public interface RungScorer {
    /** Estimator name, as in {@code estimates.estimator}. */
    String estimator();

    /**
     * @param runId       the configuration (a run of the sweep)
     * @param budgetEpoch the epochs it has been trained
     * @param trained     what the search has trained so far: run id to epochs reached (read-only)
     * @return the score, or empty where the estimator has none for this run at this budget
     */
    OptionalDouble score(String runId, int budgetEpoch, Map<String, Integer> trained);

    /** Seconds the estimator needs to produce that score (0 where it has none). */
    double costSeconds(String runId, int budgetEpoch);

    /** True when the scores come from a model fitted across runs (see the class comment). */
    boolean fittedAcrossRuns();
}
