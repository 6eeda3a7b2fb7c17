package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutorService;

import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.estimate.AbstractEstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;

/**
 * The {@code svr} family, scored by {@code fit-svr}: {@code svr}, a run's final accuracy predicted by the
 * sequential regression model of the budget from the validation accuracies up to the budget and the run's
 * settings (Baker et al. 2018, Section 3). It is learned: {@link #fit} cross-fits the models over the sweep's
 * runs ({@link CrossFit}), so each run is scored by models that never saw it. With {@code lce} or {@code bnn}
 * in {@code fit-svr.models}, Baker et al.'s baselines are estimators too, at the model comparison's budgets
 * ({@link BaselineEstimates}: LCE from the run's own curve, the BNN cross-fitted like svr).
 */
public final class SvrFamily extends AbstractEstimatorFamily {
    public static final String NAME = "svr";
    public static final SvrFamily DEFAULT = new SvrFamily();

    public SvrFamily() {
        super(NAME, FitSvrOptions.SECTION);
    }

    @Override
    public List<EstimatorInfo> estimators() {
        return List.of(new EstimatorInfo(SvrCurveEstimator.NAME, NAME, true, List.of(),
                "Final accuracy predicted by nu-SVR from the validation curve up to T and the run's settings "
                        + "(Baker et al. 2018), cross-fitted over runs; fit-svr.kernel, fit-svr.train_size."),
                new EstimatorInfo(ModelKind.LCE.modelName(), NAME, true, List.of(),
                        "Final validation accuracy extrapolated from the run's own curve up to T (Domhan et al. 2015, "
                                + "MCMC over 11 curve families); only with lce in fit-svr.models, at fit-svr.baseline_fractions."),
                new EstimatorInfo(ModelKind.BNN.modelName(), NAME, true, List.of(),
                        "Final validation accuracy predicted by the Bayesian neural network over curves (Klein et al. "
                                + "2017, SGHMC), cross-fitted over runs; only with bnn in fit-svr.models, at "
                                + "fit-svr.baseline_fractions."));
    }

    /** The names of the estimators the options produce: svr, and lce and bnn when fit-svr.models names them. */
    public static List<String> produced(FitSvrOptions opts) {
        List<String> out = new ArrayList<>(List.of(SvrCurveEstimator.NAME));
        for (ModelKind k : List.of(ModelKind.LCE, ModelKind.BNN)) {
            if (opts.models().contains(k.modelName())) {
                out.add(k.modelName());
            }
        }
        return out;
    }

    /**
     * Cross-fits the models at every budget the options ask for (every tau below the full budget, or the
     * one of observed_fraction). A sweep with too few usable runs gets a scorer of nothing.
     */
    @Override
    public Scorer fit(FitInput in) {
        FitSvrOptions opts = in.config().get(FitSvrOptions.SECTION);
        CurveSet data = CurveSet.of(in.data(), opts.features(), opts.logScale(), opts.targetTransform(), in.note());
        String skip = FitSvrStage.whySkip(data);
        if (skip != null) {
            throw new IllegalArgumentException("svr cannot be fitted on this sweep: " + skip);
        }
        ExecutorService pool = FitSvrStage.pool(opts.threads());
        try {
            long seed = in.config().seed();
            CrossFit.Fitted svr = fit(in.data(), data, FitSvrStage.taus(opts, data.epochs()), opts, seed,
                    FitSvrStage.fitter(opts, pool));
            boolean baselines = in.estimators().stream().anyMatch(e -> !e.equals(SvrCurveEstimator.NAME));
            return new Both(svr, baselines ? BaselineEstimates.fit(data, CurveBaselines.of(data, opts, seed, pool),
                    opts.baselineEpochs(data.epochs()), opts.crossFitFolds(), seed) : BaselineEstimates.none());
        } finally {
            pool.shutdownNow();
        }
    }

    /** svr and the Bayesian baselines together, in the family's order. Serializable. */
    public static final class Both implements Scorer {
        private static final long serialVersionUID = 1L;
        private final CrossFit.Fitted svr;
        private final BaselineEstimates baselines;

        public Both(CrossFit.Fitted svr, BaselineEstimates baselines) {
            this.svr = svr;
            this.baselines = baselines;
        }

        @Override
        public List<String> estimators() {
            List<String> out = new ArrayList<>(svr.estimators());
            out.addAll(baselines.estimators());
            return out;
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            return SvrCurveEstimator.NAME.equals(estimator) ? svr.score(estimator, run) : baselines.score(estimator, run);
        }

        /** svr at every budget asked, the baselines at theirs among them. */
        @Override
        public RunScores scoreRun(RunView run, List<Integer> budgets) {
            List<Score> out = new ArrayList<>(svr.scoreRun(run, budgets).scores());
            out.addAll(baselines.scoreRun(run, budgets).scores());
            return Scorer.inOrder(estimators(), out);
        }
    }

    /** The cross-fitted models on a curve set the stage has already built. */
    static CrossFit.Fitted fit(org.earlyrank.estimate.SweepData sweep, CurveSet data, List<Integer> taus,
                               FitSvrOptions opts, long seed, SrmFitter fitter) {
        return CrossFit.fit(sweep, data, new ArrayList<>(taus), FitSvrStage.kind(opts), opts.trainSize(),
                opts.crossFitFolds(), seed, fitter);
    }
}
