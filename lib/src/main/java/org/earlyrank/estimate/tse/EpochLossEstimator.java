package org.earlyrank.estimate.tse;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.schema.StepsTable;

/**
 * An estimator computed from minibatch training losses (the {@code steps} table): a loss-like quantity,
 * lower meaning better, negated into the score. Undefined (empty) when an epoch it needs has no
 * minibatch losses or the quantity is NaN or infinite.
 *
 * <p>{@link #score(RunView, int)} reads the run from scratch; {@link #scoreRun} keeps one
 * {@link EpochLosses} for the run across budgets, which gives the same values while reading each minibatch
 * loss once per run: the score at budget t pays for epoch t's mean and its own sum, not for recomputing the
 * epochs before t.
 */
public abstract class EpochLossEstimator implements PerformanceEstimator {
    private static final long serialVersionUID = 1L;

    @Override
    public final Set<String> requiredTables() {
        return Set.of(StepsTable.NAME);
    }

    @Override
    public final OptionalDouble score(RunView run, int budgetEpoch) {
        return score(EpochLosses.of(run, budgetEpoch), budgetEpoch);
    }

    /** Every budget from one {@link EpochLosses} of the run: the same values as scoring each budget alone. */
    @Override
    public final List<Score> scoreRun(RunView run, List<Integer> budgets) {
        if (budgets.isEmpty()) {
            return List.of();
        }
        EpochLosses losses = EpochLosses.of(run, budgets.get(budgets.size() - 1));
        return Score.timed(name(), budgets, t -> score(losses.upTo(t), t));
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
