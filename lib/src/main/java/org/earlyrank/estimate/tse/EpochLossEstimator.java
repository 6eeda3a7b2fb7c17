package org.earlyrank.estimate.tse;

import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.StepsTable;

/**
 * An estimator computed from minibatch training losses (the {@code steps} table): a loss-like quantity,
 * lower meaning better, negated into the score. Undefined (empty) when an epoch it needs has no
 * minibatch losses or the quantity is NaN or infinite.
 *
 * <p>{@link #score(RunHistory, int)} reads the run from scratch; the score-tse stage calls
 * {@link #score(EpochLosses, int)} with a view of an {@link EpochLosses} it keeps for the run across
 * budgets, which gives the same value while reading each minibatch loss once per run.
 */
public abstract class EpochLossEstimator implements PerformanceEstimator {
    private static final long serialVersionUID = 1L;

    @Override
    public final Set<String> requiredTables() {
        return Set.of(StepsTable.NAME);
    }

    @Override
    public final OptionalDouble score(RunHistory history, int budgetEpoch) {
        return score(EpochLosses.of(history, budgetEpoch), budgetEpoch);
    }

    /** Scores the losses of epochs 1..{@code budgetEpoch}; {@code losses} must end at that budget. */
    public final OptionalDouble score(EpochLosses losses, int budgetEpoch) {
        if (losses.budget() != budgetEpoch) {
            throw new IllegalArgumentException("losses end at epoch " + losses.budget() + ", not at the budget "
                    + budgetEpoch);
        }
        Double loss = loss(losses, budgetEpoch);
        return loss == null || !Double.isFinite(loss) ? OptionalDouble.empty() : OptionalDouble.of(-loss);
    }

    /** The loss-like quantity at budget T (lower = better), or null when undefined. */
    protected abstract Double loss(EpochLosses losses, int budgetEpoch);

    @Override
    public String toString() {
        return name();
    }
}
