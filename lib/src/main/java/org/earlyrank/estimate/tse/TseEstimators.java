package org.earlyrank.estimate.tse;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.estimate.PerformanceEstimator;

/**
 * Builds the score-tse estimators by name. The names, in report order, are
 * {@link ScoreTseOptions#ESTIMATORS}; the package documentation says what each one computes.
 */
public final class TseEstimators {
    private TseEstimators() {
    }

    /**
     * One estimator.
     *
     * @param effectiveBudget the effective budget of Algorithm 1, needed by {@code tse-eb} only (may be null otherwise)
     * @throws IllegalArgumentException for an unknown name, or {@code tse-eb} without an effective budget
     */
    public static PerformanceEstimator create(String name, ScoreTseOptions o, Integer effectiveBudget) {
        return switch (name) {
            case "tse" -> TseEstimator.paper();
            case "tse-e" -> new TseEEstimator(o.e());
            case "tse-ema" -> new TseEmaEstimator(o.gamma());
            case "val-acc" -> new ValAccEstimator();
            case "sovl" -> new SovlEstimator();
            case "tl-mini" -> new TlMiniEstimator();
            case "tse-prev" -> TseEstimator.previousEpochs();
            case "tse-ema-naslib" -> new TseEmaNaslibEstimator(o.naslibMu());
            case "tse-eb" -> {
                if (effectiveBudget == null) {
                    throw new IllegalArgumentException("tse-eb needs the effective budget, and there is none");
                }
                yield TseEstimator.effectiveBudget(effectiveBudget);
            }
            default -> throw new IllegalArgumentException("unknown estimator '" + name + "'; known: "
                    + String.join(", ", ScoreTseOptions.ESTIMATORS));
        };
    }

    /** The estimators the options name, in their order ({@code tse-eb} left out when effectiveBudget is null). */
    public static List<PerformanceEstimator> create(ScoreTseOptions o, Integer effectiveBudget) {
        List<PerformanceEstimator> out = new ArrayList<>();
        for (String n : o.estimators()) {
            if (n.equals("tse-eb") && effectiveBudget == null) {
                continue;
            }
            out.add(create(n, o, effectiveBudget));
        }
        return out;
    }
}
