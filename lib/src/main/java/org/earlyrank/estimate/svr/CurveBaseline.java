package org.earlyrank.estimate.svr;

import java.util.List;

/**
 * A model of Baker et al.'s comparison (Section 3.3.1, Figure 3) that is not a sequential regression on feature
 * rows: learning-curve extrapolation ({@link LceFits}) and the Bayesian neural network ({@link BnnFits}). For one
 * split at one budget tau it predicts the final value of the held-out runs from what it may see: the full
 * curves of the training runs and the first tau epochs of the held-out runs. {@link ModelComparison} scores
 * the predictions exactly as it scores the regressions' (same splits, same R^2).
 *
 * <p>The models are slow by design, so the comparison evaluates them only at the budgets they {@link #covers},
 * and hands them every request at once ({@link #prepare}) so they can fit in parallel.
 */
public interface CurveBaseline {
    /**
     * One split at one budget.
     *
     * @param seed the split's seed (derived from the stage's seed, the budget, the repeat and the fold)
     */
    record Request(int tau, int[] train, int[] test, long seed) {
    }

    /**
     * The predictions for {@code test}, in its order.
     *
     * @param fitSeconds wall time of the fits behind them (cached fits count once, where they were computed)
     * @param fits       how many fits that time covers
     */
    record Predicted(double[] predictions, double fitSeconds, int fits) {
    }

    /** Whether the comparison evaluates this model at budget tau. */
    boolean covers(int tau);

    /** Fits everything the requests need, in parallel; {@link #predict} then only looks up. */
    default void prepare(List<Request> requests) {
    }

    Predicted predict(Request request);

    /** Runs the model trains on in this request ({@code svr_fits.n_train}). */
    int trainRows(Request request);
}
