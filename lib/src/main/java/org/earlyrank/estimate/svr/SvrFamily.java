package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.Section;
import org.earlyrank.estimate.EstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;

/**
 * The {@code svr} family, scored by {@code fit-svr}: one estimator, {@code svr}, a run's final accuracy
 * predicted by the sequential regression model of the budget from the validation accuracies up to the
 * budget and the run's settings (Baker et al. 2018, Section 3). It is learned: {@link #fit} cross-fits the
 * models over the sweep's runs ({@link CrossFit}), so each run is scored by models that never saw it.
 */
public final class SvrFamily implements EstimatorFamily {
    public static final String NAME = "svr";
    public static final SvrFamily DEFAULT = new SvrFamily();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Section<?> section() {
        return FitSvrOptions.SECTION;
    }

    @Override
    public List<EstimatorInfo> estimators() {
        return List.of(new EstimatorInfo(SvrCurveEstimator.NAME, NAME, true, List.of(),
                "Final accuracy predicted by nu-SVR from the validation curve up to T and the run's settings "
                        + "(Baker et al. 2018), cross-fitted over runs; fit-svr.kernel, fit-svr.train_size."));
    }

    /**
     * Cross-fits the models at every budget the options ask for (every tau below the full budget, or the
     * one of observed_fraction). A sweep with too few usable runs gets a scorer of nothing.
     */
    @Override
    public CrossFit.Fitted fit(FitInput in) {
        FitSvrOptions opts = in.config().get(FitSvrOptions.SECTION);
        CurveSet data = CurveSet.of(in.data(), opts.features(), opts.logScale(), opts.targetTransform(), in.note());
        String skip = FitSvrStage.whySkip(data);
        if (skip != null) {
            throw new IllegalArgumentException("svr cannot be fitted on this sweep: " + skip);
        }
        ExecutorService pool = FitSvrStage.pool(opts.threads());
        try {
            return fit(in.data(), data, FitSvrStage.taus(opts, data.epochs()), opts, in.config().seed(),
                    FitSvrStage.fitter(opts, pool));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The cross-fitted models on a curve set the stage has already built. */
    static CrossFit.Fitted fit(org.earlyrank.estimate.SweepData sweep, CurveSet data, List<Integer> taus,
                               FitSvrOptions opts, long seed, SrmFitter fitter) {
        return CrossFit.fit(sweep, data, new ArrayList<>(taus), FitSvrStage.kind(opts), opts.trainSize(),
                opts.crossFitFolds(), seed, fitter);
    }
}
