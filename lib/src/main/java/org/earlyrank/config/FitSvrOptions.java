package org.earlyrank.config;

import java.util.List;

import org.earlyrank.base.Fractions;

/**
 * The {@code fit-svr} stage: nu-SVR learning-curve regression, the model comparison, early stopping and
 * fast Hyperband (Baker et al. 2018). Ranges are two-element lists [low, high].
 */
public record FitSvrOptions(Double observedFraction, int trainSize, int repeats, List<String> models, String kernel,
                            int searchDraws, List<Double> cRange, List<Double> nuRange, List<Double> gammaRange,
                            int cvFolds, int crossFitFolds, List<String> features, boolean logScale,
                            boolean scaleTarget, int forestTrees, boolean earlyStopping, int orderings,
                            List<Double> deltas, List<Double> offsets, List<Integer> nthBest, boolean hyperband,
                            int hyperbandEta, double hyperbandDelta, double hyperbandKappa, int hyperbandD,
                            double hyperbandOffset, boolean hyperbandResume, String sigma, int threads,
                            List<Double> baselineFractions, int lceWalkers, int lceSteps, int lceBurnIn, int lceSamples,
                            int lceStride, int bnnHidden, int bnnBurnIn, int bnnSteps, int bnnKeepEvery, int bnnBatch,
                            double bnnStepSize, String targetTransform)
        implements java.io.Serializable {
    public static final List<String> MODELS = List.of("nu-svr-rbf", "nu-svr-linear", "ols", "random-forest", "last-seen",
            "lce", "bnn");
    public static final List<String> KERNELS = List.of("rbf", "linear");
    public static final List<String> FEATURES = List.of("ts", "ap", "hp");
    /** The stopping rules' sigma: the paper's first (org.earlyrank.estimate.svr.SigmaEstimate). */
    public static final List<String> SIGMAS = List.of("loo-rms", "mad");
    /** fit-svr.target_transform (org.earlyrank.estimate.svr.TargetScale). */
    public static final List<String> TARGET_TRANSFORMS = List.of("auto", "none", "log");

    public static final Section<FitSvrOptions> SECTION = Section.of("fit-svr",
            "nu-SVR regression of final accuracy from partial learning curves, its comparison with other models,"
                    + " and early stopping and fast Hyperband simulated on the recorded curves (Baker et al. 2018).",
            FitSvrOptions.class,
            new Key("observed_fraction", KeyType.DOUBLE, null, "Fit and score only tau = round half up(F * T) epochs; unset = every tau from 1 to T-1 (early stopping always uses every tau)."),
            Key.integer("train_size", 100, "Configurations each model trains on (the paper: 100); early stopping trains fully this many first (at most half the configurations)."),
            Key.integer("repeats", 10, "Random training/held-out splits averaged for svr_fits (the paper: 10)."),
            Key.strings("models", List.of("nu-svr-rbf", "ols", "random-forest", "last-seen"), "Models compared in svr_fits: nu-svr-rbf, nu-svr-linear, ols, random-forest, last-seen, lce (learning-curve extrapolation, Domhan et al. 2015), bnn (Bayesian neural network, Klein et al. 2017). nu-svr-linear is left out by default: LIBSVM's solver converges slowly on the linear kernel with large C (20-40x the RBF kernel's time); lce and bnn too: they are slow by design (lce fits every run at every budget by MCMC, one Spark task per run) and run only at baseline_fractions. With lce, early stopping also simulates LCE's rule (variant lce-best)."),
            Key.string("kernel", "rbf", "Kernel of the nu-SVR behind the svr estimates, early stopping and f-Hyperband: rbf or linear."),
            Key.integer("search_draws", 100, "Random-search settings per fit. The paper draws 1000; 100 keeps the stage fast (one search on 100 configurations takes 0.05-0.2 s on 2 cores, 5-10x less than 1000) at a small cost in R^2 (MetaQNN SVHN at 25%: 0.654 with either; ResNets CIFAR-10: 0.448 against 0.485)."),
            Key.reals("c_range", List.of(1e-5, 10.0), "C ~ LogUniform(low, high)."),
            Key.reals("nu_range", List.of(0.0, 1.0), "nu ~ Uniform(low, high], within (0, 1]."),
            Key.reals("gamma_range", List.of(1e-5, 10.0), "RBF gamma ~ LogUniform(low, high)."),
            Key.integer("cv_folds", 3, "Cross-validation folds scoring each random-search setting (the paper: 3)."),
            Key.integer("cross_fit_folds", 5, "Folds of the cross-fitting that gives every run an out-of-fold svr estimate (and of svr_fits when the sweep has too few runs for a holdout split)."),
            Key.strings("features", FEATURES, "Feature groups: ts (validation curve with first and second differences), ap (architecture: parameters, depth, FLOPs), hp (hyperparameters)."),
            Key.bool("log_scale", true, "Use log10 of positive static features that span two orders of magnitude (parameter counts, learning rates)."),
            Key.bool("scale_target", true, "Scale the target to unit variance before fitting, so the C range means the same on any accuracy scale."),
            Key.integer("forest_trees", 100, "Trees of the random-forest comparison model."),
            Key.bool("early_stopping", true, "Simulate the early-stopping rules and Hyperband (writes early_stopping)."),
            Key.integer("orderings", 10, "Seeded random orderings of the configurations simulated (the paper: 10)."),
            Key.reals("deltas", List.of(0.9, 0.95, 0.99), "Probability thresholds Delta of the stopping rules."),
            Key.reals("offsets", List.of(0.01), "Offsets (accuracy units) of the offset rule: stop when P(y_T <= best - offset) >= Delta; [] = no offset rule."),
            Key.ints("nth_best", List.of(3), "n of the nth-best rule: stop when P(y_T <= n-th best) >= Delta; [] = no nth-best rule."),
            Key.bool("hyperband", true, "Simulate Hyperband and fast Hyperband (needs early_stopping)."),
            Key.integer("hyperband_eta", 3, "Hyperband's halving rate eta."),
            Key.real("hyperband_delta", 0.95, "f-Hyperband's probability threshold Delta."),
            Key.real("hyperband_kappa", 0.5, "f-Hyperband's kappa (Baker et al. Appendix C, Algorithm 2): a configuration of a round that keeps n_next is stopped when P(y_r <= max_k(L, k) - hyperband_offset) >= hyperband_delta, with k = ceil(kappa x n_next) and L the values (observed or, for stopped ones, predicted) of the round's configurations so far; nothing stops while L holds fewer than k values."),
            Key.integer("hyperband_d", 100, "f-Hyperband: configurations trained to a rung before the rung is predicted (the paper: 100)."),
            Key.real("hyperband_offset", 0.0, "f-Hyperband's delta (accuracy units): configurations predicted within it of the k-th best are not stopped (0: the paper's Section 4 rule)."),
            Key.bool("hyperband_resume", false, "Hyperband's cost: false = each successive-halving round trains its configurations from the first epoch, as Baker et al.'s Algorithm 2 is written; true = a promoted configuration continues from its epochs (a live search with checkpoints). The decisions are the same."),
            Key.string("sigma", "loo-rms", "The stopping rules' sigma from the models' leave-one-out residuals: loo-rms (their root mean square, the paper's) or mad (1.4826 x their median absolute deviation, robust). A few networks that stay at chance level or learn late make the residuals heavy-tailed: on the MetaQNN curves the RMS is several times the typical error, so loo-rms stops less (Delta 0.99: 1.51x with loo-rms, 4.26x with mad, the best kept in 10 of 10 orderings either way; BENCHMARKS.md). A sigma that is not positive is an error."),
            Key.integer("threads", 0, "Threads of fit-svr's fixed pool (whole orderings, taus and cross-fit models, else a random search's settings); 0 = one per available core. Results do not depend on it."),
            Key.reals("baseline_fractions", List.of(0.1, 0.25, 0.5, 0.75), "Fractions F of the curve at which the slow baselines lce and bnn are compared (tau = round half up(F * T), as in Baker et al.'s Figure 3), when observed_fraction is unset; with it set they run at its tau only."),
            Key.integer("lce_walkers", 100, "lce: walkers of the ensemble sampler (Domhan et al.: 100), raised to 2 x dimensions + 2 where the combination has more parameters."),
            Key.integer("lce_steps", 700, "lce: steps of every walker, burn-in included (Domhan et al.: 2500). One fit of a 20-epoch curve at 25% takes about 0.2 s of one core with 700."),
            Key.integer("lce_burn_in", 300, "lce: steps discarded before sampling (Domhan et al.: 500)."),
            Key.integer("lce_samples", 1000, "lce: posterior samples kept (thinned evenly over the post-burn-in steps) for the predictive mean and the stopping rule's probabilities."),
            Key.integer("lce_stride", 1, "lce's early-stopping rule is checked every this many epochs from tau = 2 (1 = every epoch, as Baker et al. describe; each check of each run is one fit)."),
            Key.integer("bnn_hidden", 50, "bnn: width of each of the two tanh layers (Klein et al.: 50)."),
            Key.integer("bnn_burn_in", 5000, "bnn: SGHMC burn-in steps (preconditioner adaptation), discarded."),
            Key.integer("bnn_steps", 5000, "bnn: SGHMC steps after burn-in."),
            Key.integer("bnn_keep_every", 100, "bnn: keep one network every this many steps (samples = bnn_steps / bnn_keep_every)."),
            Key.integer("bnn_batch", 20, "bnn: minibatch size (Springenberg et al.: 20)."),
            Key.real("bnn_step_size", 0.01, "bnn: SGHMC step size eps (Springenberg et al.: 0.01)."),
            Key.string("target_transform", "auto", "Scale the curve models (the regression, early stopping, f-Hyperband) work on: log = the logarithm of the sweep's metric, none = the values themselves, auto = log for a loss-like metric (loss, perplexity: values spanning orders of magnitude, where a few runs that never learn dominate a squared-error fit) and none otherwise (accuracy, error rate). Either way values are oriented so that higher is better (runs.higher_is_better), predictions are mapped back to the metric's scale for the svr estimates, svr_fits.r2 is on the metric's scale and svr_fits.r2_transformed on the log scale. Under log the stopping rules' sigma and offsets are in log units (an offset 0.01 = 1% of the value). log needs positive values."));

    public FitSvrOptions {
        String s = "fit-svr.";
        if (observedFraction != null && !(observedFraction > 0 && observedFraction < 1)) {
            throw new IllegalArgumentException(s + "observed_fraction must be in (0, 1), got " + observedFraction);
        }
        Check.atLeast(s + "train_size", trainSize, 3);
        Check.atLeast(s + "repeats", repeats, 1);
        Check.allOneOf(s + "models", models, MODELS);
        Check.oneOf(s + "kernel", kernel, KERNELS);
        Check.atLeast(s + "search_draws", searchDraws, 1);
        range(s + "c_range", cRange, 0, false);
        range(s + "nu_range", nuRange, 0, true);
        Check.between(s + "nu_range", nuRange.get(1), 0.0, 1.0);
        range(s + "gamma_range", gammaRange, 0, false);
        Check.atLeast(s + "cv_folds", cvFolds, 2);
        Check.atLeast(s + "cross_fit_folds", crossFitFolds, 2);
        Check.allOneOf(s + "features", features, FEATURES);
        Check.atLeast(s + "forest_trees", forestTrees, 1);
        Check.atLeast(s + "orderings", orderings, 1);
        Check.nonEmpty(s + "deltas", deltas);
        for (double d : deltas) {
            if (!(d > 0 && d < 1)) {
                throw new IllegalArgumentException(s + "deltas values must be in (0, 1), got " + d);
            }
        }
        // Empty lists are allowed: that rule is not simulated.
        for (double o : offsets) {
            Check.atLeast(s + "offsets", o, 0.0);
        }
        for (int k : nthBest) {
            Check.atLeast(s + "nth_best", k, 1);
        }
        Check.atLeast(s + "hyperband_eta", hyperbandEta, 2);
        if (!(hyperbandDelta > 0 && hyperbandDelta < 1)) {
            throw new IllegalArgumentException(s + "hyperband_delta must be in (0, 1), got " + hyperbandDelta);
        }
        Check.between(s + "hyperband_kappa", hyperbandKappa, 0.0, 1.0);
        Check.atLeast(s + "hyperband_d", hyperbandD, 3);
        if (!(hyperbandOffset >= 0) || !Double.isFinite(hyperbandOffset)) {
            throw new IllegalArgumentException(s + "hyperband_offset must be finite and >= 0, got " + hyperbandOffset);
        }
        Check.oneOf(s + "sigma", sigma, SIGMAS);
        Check.oneOf(s + "target_transform", targetTransform, TARGET_TRANSFORMS);
        Check.atLeast(s + "threads", threads, 0);
        Check.nonEmpty(s + "baseline_fractions", baselineFractions);
        for (double f : baselineFractions) {
            if (!(f > 0 && f < 1)) {
                throw new IllegalArgumentException(s + "baseline_fractions values must be in (0, 1), got " + f);
            }
        }
        Check.atLeast(s + "lce_walkers", lceWalkers, 2);
        Check.atLeast(s + "lce_steps", lceSteps, 2);
        if (lceBurnIn < 0 || lceBurnIn >= lceSteps) {
            throw new IllegalArgumentException(s + "lce_burn_in must be in [0, lce_steps), got " + lceBurnIn
                    + " with lce_steps " + lceSteps);
        }
        Check.atLeast(s + "lce_samples", lceSamples, 1);
        Check.atLeast(s + "lce_stride", lceStride, 1);
        Check.atLeast(s + "bnn_hidden", bnnHidden, 1);
        Check.atLeast(s + "bnn_burn_in", bnnBurnIn, 0);
        Check.atLeast(s + "bnn_steps", bnnSteps, 1);
        if (bnnKeepEvery < 1 || bnnKeepEvery > bnnSteps) {
            throw new IllegalArgumentException(s + "bnn_keep_every must be in [1, bnn_steps], got " + bnnKeepEvery
                    + " with bnn_steps " + bnnSteps);
        }
        Check.atLeast(s + "bnn_batch", bnnBatch, 1);
        if (!(bnnStepSize > 0)) {
            throw new IllegalArgumentException(s + "bnn_step_size must be > 0, got " + bnnStepSize);
        }
        models = List.copyOf(models);
        baselineFractions = List.copyOf(baselineFractions);
        features = List.copyOf(features);
    }

    /** The tau of --observed-fraction for budget T: round half up, kept within 1..T-1. */
    public int observedEpochs(int t) {
        int tau = Fractions.roundHalfUp(observedFraction, t);
        return Math.max(1, Math.min(t - 1, tau));
    }

    /** The taus of baseline_fractions for budget T (or observed_fraction's alone when it is set). */
    public java.util.SortedSet<Integer> baselineEpochs(int t) {
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        if (observedFraction != null) {
            out.add(observedEpochs(t));
            return out;
        }
        for (double f : baselineFractions) {
            out.add(Math.max(1, Math.min(t - 1, (int) Math.floor(f * t + 0.5))));
        }
        return out;
    }

    private static void range(String key, List<Double> r, double min, boolean minInclusive) {
        if (r == null || r.size() != 2) {
            throw new IllegalArgumentException(key + " must be [low, high], got " + r);
        }
        boolean lowOk = minInclusive ? r.get(0) >= min : r.get(0) > min;
        if (!lowOk || !(r.get(1) > r.get(0) || (r.get(1).equals(r.get(0)) && !minInclusive))) {
            throw new IllegalArgumentException(key + " must be [low, high] with " + (minInclusive ? min + " <= " : min + " < ")
                    + "low " + (minInclusive ? "<" : "<=") + " high, got " + r);
        }
    }
}
