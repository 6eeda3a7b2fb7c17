package org.earlyrank.estimate;

import java.util.List;
import java.util.function.Consumer;

import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;

/**
 * A family of estimators that share their inputs and their fitting (Spark ML's {@code Estimator}):
 * {@link #fit} on a sweep returns a {@link Scorer}. For families that learn nothing from other runs (TSE,
 * the baselines, the feature-history ensemble) fitting only reads options, or a rule fixed once per sweep
 * (TSE's effective budget); for a learned family it trains on the sweep's runs (nu-SVR, cross-fitted over
 * runs so no run is scored by a model that saw its truth).
 *
 * <p>The {@link EstimatorRegistry} knows every family through the stage that scores it
 * ({@link ScoringStage#family()}); adding an estimator to a family is one class and one entry in the
 * family's list. See the package documentation for a worked example and for the two kinds of family to
 * come (zero-cost proxies, the combined estimator).
 */
public interface EstimatorFamily {
    /** Short name, e.g. {@code tse}. */
    String name();

    /** Its options section (score-tse, fit-ensemble, fit-svr), where its settings are documented. */
    Section<?> section();

    /** Every estimator it can produce, in report order. */
    List<EstimatorInfo> estimators();

    /**
     * Fits the family on a sweep.
     *
     * @param data the sweep's runs, whole (a fitted family may learn from other runs' truth; the scorer it
     *             returns gets views without it)
     */
    Scorer fit(FitInput in);

    /**
     * What {@link #fit} gets.
     *
     * @param data       the sweep, with the tables the family's stage read
     * @param config     the resolved config (the family reads its own section)
     * @param estimators the names asked for, each one of {@link #estimators()}
     * @param note       where notes go (the stage's options.json)
     */
    record FitInput(SweepData data, SweepConfig config, List<String> estimators, Consumer<String> note) {
        public FitInput {
            estimators = List.copyOf(estimators);
        }
    }
}
