package org.earlyrank.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.schema.EstimatesTable.EstimateRow;

/**
 * A {@link RungScorer} over a finished sweep's {@code estimates} rows of one estimator: the stored score of
 * (run, budget) and its stored {@code cost_seconds}. A (run, budget) without a row has no score.
 *
 * <p>Estimators fitted across runs ({@link #FITTED_ACROSS_RUNS}: nu-SVR, the BNN, the combined estimator) are
 * stored cross-fitted: a run's score comes from models fitted on other runs' full curves, runs that a
 * search may not have trained yet. Replaying with their stored scores therefore leaks information a live
 * search would not have; {@link #fittedAcrossRuns()} is true for them and the search's notes say so.
 * Until the estimator registry says which families fit across runs, the names are listed here.
 *
 * <p>Immutable and thread-safe.
 */
public final class StoredEstimateScorer implements RungScorer {
    /** Estimator names whose stored scores come from models fitted across runs. */
    public static final Set<String> FITTED_ACROSS_RUNS = Set.of("svr", "bnn", "combined");

    private final String estimator;
    private final Map<String, Map<Integer, EstimateRow>> rows;

    /** @param rows the estimator's rows (other estimators' rows are rejected) */
    public StoredEstimateScorer(String estimator, List<EstimateRow> rows) {
        this.estimator = estimator;
        Map<String, Map<Integer, EstimateRow>> m = new HashMap<>();
        for (EstimateRow r : rows) {
            if (!r.estimator().equals(estimator)) {
                throw new IllegalArgumentException("a row of " + r.estimator() + " given to the scorer of " + estimator);
            }
            if (Double.isFinite(r.score())) {
                m.computeIfAbsent(r.runId(), k -> new HashMap<>()).put(r.budgetEpoch(), r);
            }
        }
        this.rows = m;
    }

    @Override
    public String estimator() {
        return estimator;
    }

    @Override
    public OptionalDouble score(String runId, int budgetEpoch, Map<String, Integer> trained) {
        EstimateRow r = row(runId, budgetEpoch);
        return r == null ? OptionalDouble.empty() : OptionalDouble.of(r.score());
    }

    @Override
    public double costSeconds(String runId, int budgetEpoch) {
        EstimateRow r = row(runId, budgetEpoch);
        return r == null || !Double.isFinite(r.costSeconds()) ? 0 : Math.max(0, r.costSeconds());
    }

    @Override
    public boolean fittedAcrossRuns() {
        return FITTED_ACROSS_RUNS.contains(estimator);
    }

    private EstimateRow row(String runId, int budgetEpoch) {
        Map<Integer, EstimateRow> byBudget = rows.get(runId);
        return byBudget == null ? null : byBudget.get(budgetEpoch);
    }
}
