package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.sql.Row;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.Section;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.report.ReportSection;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.report.sections.SvrSection;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.StageOutput;

/**
 * The {@code fit-svr} stage (Baker, Gupta, Raskar and Naik, "Accelerating neural architecture search using
 * performance prediction", ICLR 2018 workshop, Sections 3-4 and Appendix C). Reads runs and curves (a
 * trained or an imported sweep) and writes three units, each committed on its own so a killed stage
 * resumes after the last one finished:
 * <ol>
 *   <li>{@code svr-fits}: {@link ModelComparison} of every configured model at every observed budget tau
 *       (every tau from 1 to T-1, or only the tau of {@code observed_fraction}) into {@code svr_fits};</li>
 *   <li>{@code estimates}: the {@link SvrFamily}'s scores ({@link CrossFit}: out-of-fold models) of every run
 *       at the same taus into {@code estimates} (stage {@code fit-svr}), and, when {@code fit-svr.models}
 *       names them, {@code lce} and {@code bnn} at the baseline budgets ({@link BaselineEstimates}; LCE reuses
 *       the comparison's cached fits);</li>
 *   <li>{@code early-stopping}: {@link EarlyStopping} for every rule and Delta, and {@link HyperbandSimulation}
 *       (always at every tau &lt; T) into {@code early_stopping}.</li>
 * </ol>
 *
 * <p>Skipped with a note (the stage still finishes, with empty tables): a sweep whose usable runs
 * ({@link CurveSet}: ok, complete curve, truth) number fewer than {@value #MIN_RUNS}, a budget T below 2,
 * or a truth that is the same for every usable run (nothing to regress; typically every curve is constant).
 * Single constant curves (a network that never learns) are ordinary training data, and noted.
 *
 * <p>The data are small (configurations x epochs), so the stage computes on the driver, on a fixed thread
 * pool; the Spark session only labels the work in the UI.
 */
public final class FitSvrStage extends DeclaredStage implements ReportedStage, ScoringStage {
    public static final String NAME = "fit-svr";
    public static final List<TableSchema> OUTPUTS = List.of(SvrFitsTable.TABLE, EarlyStoppingTable.TABLE,
            EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(FitSvrOptions.SECTION);
    /** Its section of the report page. */
    static final List<ReportSection> REPORT_SECTIONS = List.of(new SvrSection());
    /** Fewer usable runs than this: nothing sensible to fit. */
    public static final int MIN_RUNS = 8;

    public FitSvrStage() {
        super(NAME, false, TableInput.runsAndCurves(), OUTPUTS, SECTIONS);
    }

    @Override
    public SvrFamily family() {
        return SvrFamily.DEFAULT;
    }

    @Override
    public List<ReportSection> reportSections() {
        return REPORT_SECTIONS;
    }

    @Override
    public Map<String, Object> run(StageContext ctx) {
        return run(SweepData.read(ctx.sweep()), ctx.options(FitSvrOptions.SECTION), ctx.config().seed(), ctx);
    }

    /** Computes and commits every unit not yet committed; the caller publishes. */
    static Map<String, Object> run(SweepData sweepData, FitSvrOptions opts, long seed, StageContext stage) {
        Map<String, Object> summary = new LinkedHashMap<>();
        CurveSet data = CurveSet.of(sweepData, opts.features(), opts.logScale(), opts.targetTransform(), stage::note);
        summary.put("usable_runs", data.size());
        summary.put("epochs", data.epochs());
        summary.put("truth", data.truthColumn());
        summary.put("metric", data.scale().metric().toString());
        summary.put("target_transform", data.scale().transform());
        String skip = whySkip(data);
        if (skip != null) {
            stage.note(skip + "; fit-svr writes no rows");
            summary.put("skipped", skip);
            return summary;
        }
        int constant = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] c = data.curve(i);
            boolean flat = true;
            for (int e = 2; e <= data.epochs(); e++) {
                flat &= c[e] == c[1];
            }
            constant += flat ? 1 : 0;
        }
        if (constant > 0) {
            stage.note(constant + " usable runs have a constant validation curve (a network that never learns);"
                    + " they are kept as training data");
        }
        int t = data.epochs();
        List<Integer> taus = taus(opts, t);
        summary.put("observed_epochs", taus.size() == 1 ? taus.get(0) : "1.." + (t - 1));
        summary.put("features", data.spec().names(taus.get(0)));
        String sweepId = sweepData.sweepId();
        StageOutput out = stage.output();
        ExecutorService pool = pool(opts.threads());
        try {
            SrmFitter fitter = fitter(opts, pool);
            ModelKind kind = kind(opts);
            Map<ModelKind, CurveBaseline> baselines = CurveBaselines.of(data, opts, seed, pool);
            if (!out.isCommitted("svr-fits")) {
                long t0 = System.nanoTime();
                List<ModelKind> models = opts.models().stream().map(ModelKind::of).toList();
                List<Row> rows = new ArrayList<>();
                for (ModelComparison.Result r : ModelComparison.run(data, taus, models, opts.trainSize(),
                        opts.repeats(), opts.crossFitFolds(), seed, fitter, baselines)) {
                    rows.add(new SvrFitRow(sweepId, r.model().modelName(), r.tau(), r.nTrain(), r.repeats(), r.r2(),
                            r.r2Se(), r.sigmaLoo(), r.c(), r.nu(), r.gamma(), r.nTest(), r.crossFitted(),
                            data.truthColumn(), data.spec().describe(),
                            r.model().kernel() != null ? opts.searchDraws() : null, r.fitMillis(),
                            r.searchSeconds(), r.sigmaRobust(), r.r2Transformed(), data.scale().transform()).toRow());
                }
                out.commit("svr-fits", Map.of(SvrFitsTable.NAME, rows), "{\"rows\":" + rows.size() + "}");
                summary.put("svr_fits_seconds", (System.nanoTime() - t0) / 1e9);
            }
            if (!out.isCommitted("estimates")) {
                long t0 = System.nanoTime();
                List<Row> rows = new ArrayList<>();
                Scorer scorer = new SvrFamily.Both(SvrFamily.fit(sweepData, data, taus, opts, seed, fitter),
                        BaselineEstimates.fit(data, baselines, opts.baselineEpochs(t), opts.crossFitFolds(), seed));
                // Runs are scored in contiguous chunks on the pool (issue 23: 15,625 runs); rows keep the runs' order.
                List<RunHistory> all = sweepData.runs();
                int chunk = Math.max(64, (all.size() + 63) / 64);
                List<java.util.concurrent.Callable<List<Row>>> tasks = new ArrayList<>();
                for (int from = 0; from < all.size(); from += chunk) {
                    List<RunHistory> part = all.subList(from, Math.min(all.size(), from + chunk));
                    tasks.add(() -> {
                        List<Row> mine = new ArrayList<>();
                        for (RunHistory h : part) {
                            for (Score e : scorer.scoreRun(h.view().upTo(taus.get(taus.size() - 1)), taus).scores()) {
                                mine.add(new EstimateRow(sweepId, h.runId(), e.estimator(), e.budget(), e.value(),
                                        e.costSeconds(), NAME).toRow());
                            }
                        }
                        return mine;
                    });
                }
                Parallel.all(pool, tasks).forEach(rows::addAll);
                out.commit("estimates", Map.of(EstimatesTable.NAME, rows), "{\"rows\":" + rows.size() + "}");
                summary.put("estimates_seconds", (System.nanoTime() - t0) / 1e9);
            }
            if (opts.earlyStopping() && !out.isCommitted("early-stopping")) {
                long t0 = System.nanoTime();
                List<Row> rows = earlyStopping(data, opts, seed, kind, fitter, sweepId, stage);
                rows.addAll(CurveBaselines.lceEarlyStopping(data, opts, seed, baselines, sweepId));
                out.commit("early-stopping", Map.of(EarlyStoppingTable.NAME, rows), "{\"rows\":" + rows.size() + "}");
                summary.put("early_stopping_seconds", (System.nanoTime() - t0) / 1e9);
            }
            CurveBaselines.summarize(baselines, summary);
        } finally {
            pool.shutdownNow();
        }
        return summary;
    }

    /** The budgets tau the models are fitted at: every tau below T, or the one of observed_fraction. */
    static List<Integer> taus(FitSvrOptions opts, int t) {
        List<Integer> taus = new ArrayList<>();
        if (opts.observedFraction() != null) {
            taus.add(opts.observedEpochs(t));
        } else {
            for (int tau = 1; tau < t; tau++) {
                taus.add(tau);
            }
        }
        return taus;
    }

    /** The nu-SVR fitter of fit-svr's options; {@code pool} null fits on the calling thread. */
    public static SrmFitter fitter(FitSvrOptions opts, ExecutorService pool) {
        return new SrmFitter(new SrmFitter.Settings(space(opts), opts.cvFolds(), opts.forestTrees(),
                opts.scaleTarget(), SigmaEstimate.of(opts.sigma())), pool);
    }

    /** The nu-SVR kernel the svr estimates and early stopping use. */
    public static ModelKind kind(FitSvrOptions opts) {
        return SvrParams.Kernel.of(opts.kernel()) == SvrParams.Kernel.RBF ? ModelKind.NU_SVR_RBF
                : ModelKind.NU_SVR_LINEAR;
    }

    static String whySkip(CurveSet data) {
        if (data.size() < MIN_RUNS) {
            return "only " + data.size() + " usable runs (ok, complete curve, with a truth); at least " + MIN_RUNS
                    + " are needed";
        }
        if (data.epochs() < 2) {
            return "the full budget is " + data.epochs() + " epoch(s): no partial curve to regress from";
        }
        if (data.constantTruth()) {
            return "every usable run has the same " + data.truthColumn() + " (" + data.truth(0)
                    + "), e.g. all curves are constant: nothing to regress";
        }
        return null;
    }

    private static List<Row> earlyStopping(CurveSet data, FitSvrOptions opts, long seed, ModelKind kind,
                                           SrmFitter fitter, String sweepId, StageContext stage) {
        int n = data.size();
        int burnIn = Math.min(opts.trainSize(), n / 2);
        if (burnIn < opts.trainSize()) {
            stage.note("early stopping: " + n + " usable runs, so the burn-in is " + burnIn + " configurations instead"
                    + " of train_size " + opts.trainSize() + " (at most half of them)");
        }
        List<StoppingRule> rules = new ArrayList<>();
        for (double d : opts.deltas()) {
            rules.add(new StoppingRule(StoppingRule.BEST, d, null, null));
            for (double off : opts.offsets()) {
                rules.add(new StoppingRule(StoppingRule.OFFSET, d, off, null));
            }
            for (int nth : opts.nthBest()) {
                rules.add(new StoppingRule(StoppingRule.NTH_BEST, d, null, nth));
            }
        }
        List<Row> rows = new ArrayList<>();
        int t = data.epochs();
        for (EarlyStopping.Outcome o : EarlyStopping.simulate(data, rules, kind, burnIn, opts.orderings(), seed, fitter)) {
            StoppingRule r = o.rule();
            rows.add(new EarlyStoppingRow(sweepId, r.variant(), r.delta(), r.offset(), o.orderings(), o.speedup(),
                    o.bestRecovered(), o.runsStopped(), r.nth(), "full-training", o.bestRecoveredFraction(),
                    o.configurations(), o.burnIn(), o.epochsWithout(), o.epochsWith(), data.scale().original(o.finalBestAcc()),
                    data.scale().original(o.trueBestAcc()), kind.modelName(), t, null, null, null, opts.sigma()).toRow());
        }
        if (opts.hyperband()) {
            HyperbandSimulation.Settings hs = new HyperbandSimulation.Settings(opts.hyperbandEta(),
                    opts.hyperbandDelta(), opts.hyperbandKappa(), opts.hyperbandD(), opts.hyperbandOffset(),
                    opts.hyperbandResume());
            List<HyperbandSimulation.Outcome> hb = HyperbandSimulation.simulate(data, hs, kind, opts.orderings(), seed,
                    fitter);
            if (hb.get(1).modelsFitted() == 0) {
                stage.note("f-hyperband: no rung was reached by hyperband_d = " + opts.hyperbandD() + " configurations,"
                        + " so it never stopped a configuration and equals Hyperband");
            }
            for (HyperbandSimulation.Outcome o : hb) {
                boolean fast = o.variant().equals(HyperbandSimulation.FAST_HYPERBAND);
                double without = fast ? hb.get(0).epochs() : o.configurations() * t;
                rows.add(new EarlyStoppingRow(sweepId, o.variant(), fast ? opts.hyperbandDelta() : null,
                        fast ? opts.hyperbandOffset() : null,
                        o.orderings(), fast ? o.speedupVsHyperband() : o.speedupVsFull(),
                        o.bestRecoveredFraction() > 0.5, o.runsStopped(), null, fast ? "hyperband" : "full-training",
                        o.bestRecoveredFraction(), o.configurations(), null, without, o.epochs(), data.scale().original(o.finalBestAcc()),
                        data.scale().original(o.trueBestAcc()), kind.modelName(), t, opts.hyperbandEta(), fast ? opts.hyperbandKappa() : null,
                        fast ? opts.hyperbandD() : null, fast ? opts.sigma() : null).toRow());
            }
        }
        return rows;
    }

    /** f-Hyperband's stopping rule of fit-svr's options (hyperband_kappa, _offset, _delta, _d). */
    public static FastHyperband.Rule hyperbandRule(FitSvrOptions o) {
        return new FastHyperband.Rule(o.hyperbandKappa(), o.hyperbandOffset(), o.hyperbandDelta(), o.hyperbandD());
    }

    static SearchSpace space(FitSvrOptions o) {
        return new SearchSpace(o.cRange().get(0), o.cRange().get(1), o.nuRange().get(0), o.nuRange().get(1),
                o.gammaRange().get(0), o.gammaRange().get(1), o.searchDraws());
    }

    /** A fixed pool of daemon threads (so a failing stage never keeps the JVM alive). */
    static ExecutorService pool(int threads) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        AtomicInteger count = new AtomicInteger();
        ThreadFactory f = r -> {
            Thread th = new Thread(r, "fit-svr-" + count.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
        return Executors.newFixedThreadPool(n, f);
    }
}
