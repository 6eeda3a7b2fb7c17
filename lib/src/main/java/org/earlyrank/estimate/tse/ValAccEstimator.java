package org.earlyrank.estimate.tse;

import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunView;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.Metric;

/**
 * {@code val-acc}: baseline, the validation accuracy after epoch T (early stopping at T), as a fraction
 * in [0, 1]; higher is better. Empty when epoch T has no curves row or no validation accuracy. Reads
 * curves only, so it also scores imported sweeps. On a sweep of another metric ({@code runs.metric}: an
 * imported loss, perplexity or error rate) it is that metric's validation value after epoch T, oriented
 * by {@link Metric#orient} (a perplexity's negative), so higher still means a better run.
 *
 * <p>References: Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021,
 * baselines (early-stopped validation accuracy).
 */
public final class ValAccEstimator implements PerformanceEstimator {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "val-acc";
    }

    @Override
    public Set<String> requiredTables() {
        return Set.of();
    }

    @Override
    public OptionalDouble score(RunView run, int budgetEpoch) {
        CurveRow c = run.upTo(budgetEpoch).curve(budgetEpoch);
        Metric metric = run.settings().metric();
        Double v = metric.value(c);
        if (v == null || !Double.isFinite(v)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(metric.orient(v));
    }

    @Override
    public String toString() {
        return name();
    }
}
