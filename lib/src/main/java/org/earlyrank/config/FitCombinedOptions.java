package org.earlyrank.config;

import java.util.List;

/**
 * The {@code fit-combined} stage: the combined estimator (White et al., NeurIPS 2021, OMNI), a regression
 * at each budget from the other estimators' scores (and the budget-0 proxies) plus architecture features
 * to the truth, cross-fitted over runs with the model chosen by nested cross-validation. Described in
 * {@code org.earlyrank.estimate.combined}.
 *
 * @param folds      outer cross-fitting folds: fold f's runs are scored by a model fitted on the others
 * @param innerFolds model-selection folds inside each outer fold
 * @param models     candidate model families ({@code CombinedModelKind} names)
 * @param inputCaps  candidate input counts (0 = every input, k = the k inputs with the largest |tau| on the
 *                   training runs)
 * @param exclude    estimator names never used as inputs (none by default)
 * @param seed       seed of the folds and the fits
 */
public record FitCombinedOptions(int folds, int innerFolds, List<String> models, List<Integer> inputCaps,
                                 List<String> exclude, long seed) implements java.io.Serializable {
    /** The model families, as {@code org.earlyrank.estimate.combined.CombinedModelKind} names them. */
    public static final List<String> MODELS = List.of("gradient-boosting", "random-forest", "nu-svr");

    public static final Section<FitCombinedOptions> SECTION = Section.of("fit-combined",
            "The combined estimator: at each budget, a model of the truth fitted on the other estimators' scores at that "
                    + "budget, the budget-0 proxies and architecture features, cross-fitted over runs (no run is scored by a "
                    + "model that saw its truth), the model chosen by nested cross-validation.",
            FitCombinedOptions.class,
            Key.integer("folds", 5, "Outer cross-fitting folds over the runs with a truth; each fold is scored by a model fitted on the others."),
            Key.integer("inner_folds", 5, "Nested cross-validation folds inside each outer fold, which choose the model (by pooled Kendall tau-b)."),
            Key.strings("models", MODELS, "Candidate models: gradient-boosting (Smile, 200 trees of 4 leaves, shrinkage 0.05), random-forest (Smile, 300 trees), nu-svr (RBF, C 1, nu 0.5)."),
            Key.ints("input_caps", List.of(3, 0), "Candidate input counts: k keeps the k inputs that rank the training runs best, 0 keeps every input."),
            Key.strings("exclude", List.of(), "Estimators never used as inputs, e.g. svr (itself cross-fitted: another run's truth reaches its scores; a run's own never does)."),
            Key.longInt("seed", 0, "Seed of the folds and the model fits."));

    public FitCombinedOptions {
        Check.atLeast("fit-combined.folds", folds, 2);
        Check.atLeast("fit-combined.inner_folds", innerFolds, 2);
        Check.nonEmpty("fit-combined.models", models);
        Check.allOneOf("fit-combined.models", models, MODELS);
        Check.nonEmpty("fit-combined.input_caps", inputCaps);
        Check.allAtLeast("fit-combined.input_caps", inputCaps, 0);
        models = List.copyOf(models);
        inputCaps = List.copyOf(inputCaps);
        exclude = List.copyOf(exclude);
    }
}
