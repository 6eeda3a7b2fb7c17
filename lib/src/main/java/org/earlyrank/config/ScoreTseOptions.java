package org.earlyrank.config;

import java.util.List;

/**
 * The {@code score-tse} stage: which training-speed estimators and baselines to compute, their settings,
 * and the effective-budget rule (Ru et al. 2021, Algorithm 1). The estimators themselves are described
 * in {@code org.earlyrank.estimate.tse}.
 *
 * @param estimators        names to compute ({@link #ALL}: every estimator of the family); checked against the
 *                          estimator registry by the score-tse stage
 * @param e                 TSE-E window in epochs (fractions allowed: 0.3 = the last 30% of epoch T's minibatches)
 * @param gamma             TSE-EMA decay
 * @param naslibMu          weight of the newest epoch in NASLib's EMA (tse-ema-naslib)
 * @param nS                N_s: fully trained runs the effective-budget rule looks at. Default 8: T_o is a
 *                          minimum over these runs, so more runs can only make it earlier (more conservative)
 *                          and fewer make it depend on one run's noise; 8 is a quarter of the default 32-run
 *                          sweep and all of the smoke sweep. In the paper the N_s runs are an extra up-front
 *                          cost; here every ok run is already fully trained, so N_s only sets how
 *                          conservative the rule is.
 * @param overfitPatience   consecutive epochs of rising validation loss (with falling training loss) that make overfitting
 * @param effectiveFraction fraction of T_o that TSE may use (the paper's 0.9)
 * @param seed              seed of the choice of the N_s runs
 */
public record ScoreTseOptions(List<String> estimators, double e, double gamma, double naslibMu, int nS,
                              int overfitPatience, double effectiveFraction, long seed) implements java.io.Serializable {
    /** The value of {@code estimators} that asks for every estimator of the family. */
    public static final String ALL = "all";

    public static final Section<ScoreTseOptions> SECTION = Section.of("score-tse",
            "Training-speed estimation (TSE, TSE-E, TSE-EMA; Ru et al., NeurIPS 2021) and its baselines, scored for every run at every budget.",
            ScoreTseOptions.class,
            Key.strings("estimators", List.of(ALL), "Estimators to compute, by name (the score-tse family's, listed under Estimators below), or all."),
            Key.real("e", 1.0, "TSE-E window E in epochs; a fraction counts the last part of an epoch's minibatches (0.3 = last 30% of epoch T, 1.5 = epoch T and the last half of T-1)."),
            Key.real("gamma", 0.999, "TSE-EMA decay: epoch t's mean training loss is weighted gamma^(T-t)."),
            Key.real("naslib_mu", 0.99, "tse-ema-naslib: weight of the newest epoch in NASLib's moving average (m_t = (1-mu) m_(t-1) + mu L_t), whose values are summed."),
            Key.integer("n_s", 8, "N_s of the effective-budget rule: fully trained (ok) runs, chosen with the seed, whose first overfitting epochs give T_o."),
            Key.integer("overfit_patience", 2, "A run overfits after epoch t when its validation loss rises in each of the next overfit_patience epochs while its training loss falls."),
            Key.real("effective_fraction", 0.9, "T_eff = floor(effective_fraction x T_o), at least 1: the paper's 0.9 (Algorithm 1); tse-e-eb and tse-ema-eb stop there."),
            Key.longInt("seed", 0, "Seed of the choice of the N_s runs (fixed, so re-scoring a sweep with another config's master seed gives the same T_o)."));

    public ScoreTseOptions {
        Check.nonEmpty("score-tse.estimators", estimators);
        if (estimators.contains(ALL) && estimators.size() > 1) {
            throw new IllegalArgumentException("score-tse.estimators is either all or a list of estimator names, got "
                    + estimators);
        }
        if (estimators.size() != estimators.stream().distinct().count()) {
            throw new IllegalArgumentException("score-tse.estimators lists a name twice: " + estimators);
        }
        estimators = List.copyOf(estimators);
        Check.positive("score-tse.e", e);
        if (Double.isInfinite(e)) {
            throw new IllegalArgumentException("score-tse.e must be a finite number of epochs, got " + e);
        }
        Check.between("score-tse.gamma", gamma, 0.0, 1.0);
        Check.between("score-tse.naslib_mu", naslibMu, 0.0, 1.0);
        Check.atLeast("score-tse.n_s", nS, 1);
        Check.atLeast("score-tse.overfit_patience", overfitPatience, 1);
        Check.positive("score-tse.effective_fraction", effectiveFraction);
        Check.between("score-tse.effective_fraction", effectiveFraction, 0.0, 1.0);
    }
}
