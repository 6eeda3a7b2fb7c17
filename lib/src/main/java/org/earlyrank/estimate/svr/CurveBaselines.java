package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

import org.apache.spark.sql.Row;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.estimate.bnn.BayesianCurveNet;
import org.earlyrank.estimate.lce.CurveExtrapolation;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;

/**
 * The fit-svr stage's Bayesian baselines (Baker et al. 2018, Section 3.3.1 and Figure 4) built from its options:
 * {@link LceFits} and {@link BnnFits} for the model comparison, and LCE's early-stopping rows. Kept apart from
 * the stage so that the stage only asks for them.
 */
public final class CurveBaselines {
    private CurveBaselines() {
    }

    /** The LCE chain of the options; its predictive quantiles are those of the stopping rules' deltas. */
    public static CurveExtrapolation.Settings lceSettings(FitSvrOptions o) {
        return new CurveExtrapolation.Settings(o.lceWalkers(), o.lceSteps(), o.lceBurnIn(), o.lceSamples(),
                o.deltas().stream().mapToDouble(d -> d).toArray());
    }

    public static BayesianCurveNet.Settings bnnSettings(FitSvrOptions o) {
        return new BayesianCurveNet.Settings(o.bnnHidden(), o.bnnBurnIn(), o.bnnSteps(), o.bnnKeepEvery(), o.bnnBatch(),
                o.bnnStepSize(), 0.05, 1.0);
    }

    /**
     * The baselines among {@code models}, evaluated at the taus of {@link FitSvrOptions#baselineEpochs}; empty
     * when there are none. LCE fits on the Spark session the stage runs in (active in this thread, or the
     * default one), one task per run, else on the pool; the BNN fits on the pool.
     */
    public static Map<ModelKind, CurveBaseline> of(CurveSet data, FitSvrOptions o, long seed, ExecutorService pool) {
        Map<ModelKind, CurveBaseline> out = new EnumMap<>(ModelKind.class);
        Set<Integer> taus = o.baselineEpochs(data.epochs());
        boolean wanted = o.models().contains(ModelKind.LCE.modelName()) || o.models().contains(ModelKind.BNN.modelName());
        if (wanted && !data.scale().identity()) {
            // Domhan's curve families and LC-Net model accuracies in [0, 1] that rise to an asymptote; a
            // negated or logged loss is neither, and fitting them anyway would be a silently wrong baseline.
            throw new org.earlyrank.config.ConfigException("fit-svr.models lce and bnn model accuracy curves in [0, 1],"
                    + " but this sweep's curves are " + data.scale().metric() + " (working scale "
                    + data.scale().describe() + "); leave lce and bnn out of fit-svr.models for this sweep");
        }
        if (o.models().contains(ModelKind.LCE.modelName())) {
            out.put(ModelKind.LCE, new LceFits(data, lceSettings(o), seed, taus, LceFits.activeSpark(), pool));
        }
        if (o.models().contains(ModelKind.BNN.modelName())) {
            out.put(ModelKind.BNN, new BnnFits(data, bnnSettings(o), taus, pool));
        }
        return out;
    }

    /** The LCE fits' count and cost into the stage's summary (what svr_fits.fit_ms averages, in total). */
    public static void summarize(Map<ModelKind, CurveBaseline> baselines, Map<String, Object> summary) {
        if (baselines.get(ModelKind.LCE) instanceof LceFits fits && fits.fits() > 0) {
            summary.put("lce_fits", fits.fits());
            summary.put("lce_fallbacks", fits.fallbacks());
            summary.put("lce_fit_core_seconds", fits.fitSeconds());
            summary.put("lce_seconds_per_fit", fits.fitSeconds() / fits.fits());
        }
    }

    /**
     * early_stopping rows of LCE's rule ({@link LceEarlyStopping#VARIANT}), one per Delta, when the baselines
     * hold LCE; else none.
     */
    public static List<Row> lceEarlyStopping(CurveSet data, FitSvrOptions o, long seed,
                                             Map<ModelKind, CurveBaseline> baselines, String sweepId) {
        List<Row> rows = new ArrayList<>();
        if (!(baselines.get(ModelKind.LCE) instanceof LceFits fits)) {
            return rows;
        }
        int t = data.epochs();
        for (EarlyStopping.Outcome e : LceEarlyStopping.simulate(data, o.deltas(), o.orderings(), seed, fits,
                o.lceStride())) {
            rows.add(new EarlyStoppingRow(sweepId, LceEarlyStopping.VARIANT, e.rule().delta(), null, e.orderings(),
                    e.speedup(), e.bestRecovered(), e.runsStopped(), null, "full-training", e.bestRecoveredFraction(),
                    e.configurations(), e.burnIn(), e.epochsWithout(), e.epochsWith(), e.finalBestAcc(),
                    e.trueBestAcc(), ModelKind.LCE.modelName(), t, null, null, null, null).toRow());
        }
        return rows;
    }
}
