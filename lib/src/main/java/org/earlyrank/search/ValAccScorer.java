package org.earlyrank.search;

import java.util.Map;
import java.util.OptionalDouble;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.tse.ValAccEstimator;

/**
 * {@code val-acc} as a {@link RungScorer}: the validation accuracy after the budget's epoch, read from the
 * run's curves truncated to the budget ({@link ValAccEstimator}). The plain search algorithms decide by it,
 * and every other estimator falls back to it where it has no score. It costs nothing beyond training:
 * the validation pass is part of each epoch's measured {@code epoch_seconds}.
 *
 * <p>Immutable and thread-safe.
 */
public final class ValAccScorer implements RungScorer {
    public static final String NAME = "val-acc";
    private static final ValAccEstimator VAL_ACC = new ValAccEstimator();

    private final Map<String, RunHistory> histories;

    /** @param histories every configuration's full history, by run id */
    public ValAccScorer(Map<String, RunHistory> histories) {
        this.histories = Map.copyOf(histories);
    }

    @Override
    public String estimator() {
        return NAME;
    }

    @Override
    public OptionalDouble score(String runId, int budgetEpoch, Map<String, Integer> trained) {
        RunHistory h = histories.get(runId);
        return h == null ? OptionalDouble.empty() : VAL_ACC.score(h.view().upTo(budgetEpoch), budgetEpoch);
    }

    @Override
    public double costSeconds(String runId, int budgetEpoch) {
        return 0;
    }

    @Override
    public boolean fittedAcrossRuns() {
        return false;
    }
}
