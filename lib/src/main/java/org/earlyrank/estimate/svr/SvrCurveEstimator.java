package org.earlyrank.estimate.svr;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunView;

/**
 * Estimator {@code svr}: a run's final accuracy as predicted by the sequential regression model of the
 * budget (Baker et al. 2018, Section 3), from the validation accuracies of epochs up to the budget and the
 * run's architecture and hyperparameter features. Higher means better (it predicts accuracy). On a sweep
 * of another metric the models work on its {@link TargetScale} (e.g. -ln perplexity) and the score is the
 * predicted final value on the metric's own scale, oriented (a predicted perplexity's negative).
 *
 * <p>An instance holds models fitted on other runs: the stage cross-fits, so a run is only ever scored by
 * models that never saw its final value. A run is not scored (empty) at a budget without a model, or when
 * it lacks an epoch up to the budget or a static feature. Reads only the view it is given (truncated to
 * the budget), which has the run's settings and no truth.
 *
 * <p>Immutable, serializable, thread-safe.
 */
public final class SvrCurveEstimator implements PerformanceEstimator {
    private static final long serialVersionUID = 1L;
    public static final String NAME = "svr";

    private final FeatureSpec spec;
    private final TreeMap<Integer, Srm> models;
    private final TargetScale scale;

    /** An estimator of accuracy (models fitted on accuracy itself). */
    public SvrCurveEstimator(FeatureSpec spec, Map<Integer, Srm> models) {
        this(spec, models, TargetScale.ACCURACY);
    }

    /**
     * @param models the model of each budget tau it can score
     * @param scale  the scale the models were fitted on
     */
    public SvrCurveEstimator(FeatureSpec spec, Map<Integer, Srm> models, TargetScale scale) {
        this.spec = spec;
        this.scale = scale;
        this.models = new TreeMap<>(models);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> requiredTables() {
        return Set.of();
    }

    @Override
    public OptionalDouble score(RunView run, int budgetEpoch) {
        Srm m = models.get(budgetEpoch);
        if (m == null) {
            return OptionalDouble.empty();
        }
        double[] row = spec.row(CurveSet.curve(run.upTo(budgetEpoch), budgetEpoch, scale), budgetEpoch, run.settings());
        if (row == null) {
            return OptionalDouble.empty();
        }
        double s = scale.score(m.predict(row));
        return Double.isFinite(s) ? OptionalDouble.of(s) : OptionalDouble.empty();
    }

    /** The budgets this instance can score. */
    public Set<Integer> budgets() {
        return models.keySet();
    }
}
