package org.earlyrank.estimate.tse;

import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunView;
import org.earlyrank.schema.CurvesTable.CurveRow;

/**
 * {@code sovl}: baseline, the sum of the validation losses after epochs 1..T, negated (the paper's SoVL,
 * the validation counterpart of TSE). Empty unless every epoch 1..T has a curves row with a finite
 * validation loss; an imported epoch 0 is not summed (budgets start at 1). Reads curves only.
 *
 * <p>References: Ru et al., "Speedy performance estimation for neural architecture search", NeurIPS 2021,
 * baselines (SoVL, the sum of validation losses).
 */
public final class SovlEstimator implements PerformanceEstimator {
    private static final long serialVersionUID = 1L;

    @Override
    public String name() {
        return "sovl";
    }

    @Override
    public Set<String> requiredTables() {
        return Set.of();
    }

    @Override
    public OptionalDouble score(RunView run, int budgetEpoch) {
        double sum = 0;
        int next = 1;
        for (CurveRow c : run.upTo(budgetEpoch).curves()) {
            if (c.epoch() < 1) {
                continue;
            }
            if (c.epoch() != next || c.valLoss() == null) {
                return OptionalDouble.empty();
            }
            sum += c.valLoss();
            next++;
        }
        if (next != budgetEpoch + 1 || !Double.isFinite(sum)) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(-sum);
    }

    @Override
    public String toString() {
        return name();
    }
}
