package org.earlyrank.estimate.svr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;

import org.earlyrank.base.Fractions;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.data.curves.CurveCsv;
import org.earlyrank.data.curves.CurveImport;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * Benchmark of the curve regression on learning-curve CSVs (no Spark, no sweep folder): the time to fit
 * one nu-SVR on 100 configurations, R^2 of every model at 25% of the curve (the paper's Table 1
 * protocol: 100 training configurations, R^2 on all others, mean of 10 splits), and early stopping with
 * the stage's defaults. Prints Markdown.
 *
 * <p>Usage: {@code SvrBenchmark CSV...}; system properties {@code draws} (100), {@code repeats} (10),
 * {@code paperDraws} (1000, a second nu-SVR RBF row with the paper's draws; 0 skips it), {@code linear}
 * (true: include nu-svr-linear, slow), {@code earlyStopping} (true), {@code sigmas} (loo-rms,mad: the
 * early-stopping rules once per sigma), {@code hyperbandDeltas} (the option's Delta: f-Hyperband once per
 * Delta, then once resuming, then the ceiling of {@link HyperbandSimulation#ceiling} at d and at d = 3),
 * {@code regression} (true: the R^2 table and the fit time), {@code threads} (0 = all cores).
 */
public final class SvrBenchmark {
    private SvrBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int draws = Integer.getInteger("draws", 100);
        int repeats = Integer.getInteger("repeats", 10);
        int paperDraws = Integer.getInteger("paperDraws", 1000);
        boolean linear = Boolean.parseBoolean(System.getProperty("linear", "true"));
        boolean early = Boolean.parseBoolean(System.getProperty("earlyStopping", "true"));
        boolean regression = Boolean.parseBoolean(System.getProperty("regression", "true"));
        FitSvrOptions defaults = FitSvrOptions.SECTION.defaults();
        ExecutorService pool = FitSvrStage.pool(Integer.getInteger("threads", 0));
        try {
            System.out.printf(Locale.ROOT, "# fit-svr benchmark (%d cores, search draws %d, repeats %d)%n%n",
                    Runtime.getRuntime().availableProcessors(), draws, repeats);
            for (String csv : args) {
                CurveSet data = CurveSet.of(load(csv), defaults.features(), defaults.logScale(), s -> { });
                int tau = Fractions.roundHalfUp(0.25, data.epochs());
                System.out.printf(Locale.ROOT, "## %s: %d configurations, T = %d, tau = %d (25%%), features %s%n%n",
                        Path.of(csv).getFileName(), data.size(), data.epochs(), tau, data.spec().names(tau));
                SrmFitter fitter = fitter(defaults, draws, pool);
                if (early) {
                    earlyStopping(data, defaults, draws, pool);
                }
                if (!regression) {
                    continue;
                }
                fitTime(data, tau, fitter);
                List<ModelKind> models = new ArrayList<>(List.of(ModelKind.NU_SVR_RBF, ModelKind.OLS,
                        ModelKind.RANDOM_FOREST, ModelKind.LAST_SEEN));
                if (linear) {
                    models.add(1, ModelKind.NU_SVR_LINEAR);
                }
                System.out.println("| model | search draws | R^2 (mean of " + repeats + ") | s.e. | sigma rms | sigma mad | C | nu | gamma | s per search |");
                System.out.println("|---|---|---|---|---|---|---|---|---|---|");
                for (ModelComparison.Result r : ModelComparison.run(data, List.of(tau), models, 100, repeats,
                        defaults.crossFitFolds(), 42, fitter)) {
                    row(r, r.model().kernel() != null ? draws : 0);
                }
                if (paperDraws > 0) {
                    for (ModelComparison.Result r : ModelComparison.run(data, List.of(tau),
                            List.of(ModelKind.NU_SVR_RBF), 100, repeats, defaults.crossFitFolds(), 42,
                            fitter(defaults, paperDraws, pool))) {
                        row(r, paperDraws);
                    }
                }
                System.out.println();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static SrmFitter fitter(FitSvrOptions o, int draws, ExecutorService pool) {
        return fitter(o, draws, SigmaEstimate.of(o.sigma()), pool);
    }

    private static SrmFitter fitter(FitSvrOptions o, int draws, SigmaEstimate sigma, ExecutorService pool) {
        SearchSpace s = FitSvrStage.space(o);
        return new SrmFitter(new SrmFitter.Settings(new SearchSpace(s.cMin(), s.cMax(), s.nuMin(), s.nuMax(),
                s.gammaMin(), s.gammaMax(), draws), o.cvFolds(), o.forestTrees(), o.scaleTarget(), sigma), pool);
    }

    /**
     * Median milliseconds of one nu-SVR (RBF) fit on 100 configurations of a curves CSV at 25% of its
     * curve, with the setting a (small) random search chose; for bin/bench.
     */
    public static double medianFitMillis(String csv) throws Exception {
        FitSvrOptions defaults = FitSvrOptions.SECTION.defaults();
        ExecutorService pool = FitSvrStage.pool(0);
        try {
            CurveSet data = CurveSet.of(load(csv), defaults.features(), defaults.logScale(), s -> { });
            int tau = Fractions.roundHalfUp(0.25, data.epochs());
            return fitTime(data, tau, fitter(defaults, 40, pool));
        } finally {
            pool.shutdownNow();
        }
    }

    /** One nu-SVR (RBF) fit on 100 configurations with the setting a random search chose, warm JIT. */
    private static double fitTime(CurveSet data, int tau, SrmFitter fitter) {
        int[] rows = Arrays.copyOf(Seeds.permutation(data.size(), Seeds.random(1, Seeds.SPLIT)), 100);
        double[][] raw = data.design(tau, rows);
        double[] y = data.truth(rows);
        long t0 = System.nanoTime();
        Srm m = fitter.fit(ModelKind.NU_SVR_RBF, tau, raw, y, 7, false, tau - 1).srm();
        double search = (System.nanoTime() - t0) / 1e9;
        double[][] x = Standardizer.fit(raw).apply(raw);
        double[] t = Standardizer.target(y);
        double[] ys = new double[y.length];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = (y[i] - t[0]) / t[1];
        }
        for (int i = 0; i < 300; i++) {
            NuSvr.fit(x, ys, m.params());
        }
        double[] ms = new double[1000];
        for (int i = 0; i < ms.length; i++) {
            long a = System.nanoTime();
            NuSvr.fit(x, ys, m.params());
            ms[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(ms);
        double[] predict = new double[1000];
        NuSvr model = NuSvr.fit(x, ys, m.params());
        for (int i = 0; i < predict.length; i++) {
            long a = System.nanoTime();
            model.predict(x[i % x.length]);
            predict[i] = (System.nanoTime() - a) / 1e6;
        }
        Arrays.sort(predict);
        System.out.printf(Locale.ROOT, "One nu-SVR (RBF) fit on 100 configurations, %d features, %s: median %.2f ms, "
                        + "mean %.2f ms, 90th percentile %.2f ms (1000 fits, one thread); one prediction: median %.4f ms;"
                        + " the random search that chose the setting (%d settings x %d-fold CV, pool of %d): %.2f s.%n%n",
                x[0].length, m.params(), ms[500], Arrays.stream(ms).average().orElse(0), ms[900], predict[500],
                fitter.settings().space().draws(), fitter.settings().cvFolds(),
                Runtime.getRuntime().availableProcessors(), search);
        return ms[500];
    }

    private static void row(ModelComparison.Result r, int draws) {
        System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.2f |%n", r.model().modelName(),
                draws > 0 ? String.valueOf(draws) : "-", f(r.r2()), f(r.r2Se()), f(r.sigmaLoo()), f(r.sigmaRobust()),
                g(r.c()), f(r.nu()), g(r.gamma()), r.searchSeconds());
    }

    /**
     * The stopping rules at every Delta once per sigma, then Hyperband and f-Hyperband (fit-svr's defaults,
     * and once per extra Delta), with what explains f-Hyperband's speedup: the Hyperband iteration in which
     * each rung's models appear and the speedup once every rung has them.
     */
    private static void earlyStopping(CurveSet data, FitSvrOptions o, int draws, ExecutorService pool) {
        List<StoppingRule> rules = new ArrayList<>();
        for (double d : o.deltas()) {
            rules.add(new StoppingRule(StoppingRule.BEST, d, null, null));
            rules.add(new StoppingRule(StoppingRule.OFFSET, d, o.offsets().get(0), null));
            rules.add(new StoppingRule(StoppingRule.NTH_BEST, d, null, o.nthBest().get(0)));
        }
        int burnIn = Math.min(o.trainSize(), data.size() / 2);
        for (String sigma : System.getProperty("sigmas", String.join(",", FitSvrOptions.SIGMAS)).split(",")) {
            if (sigma.isBlank()) {
                continue;
            }
            long t0 = System.nanoTime();
            List<EarlyStopping.Outcome> out = EarlyStopping.simulate(data, rules, ModelKind.NU_SVR_RBF, burnIn,
                    o.orderings(), 42, fitter(o, draws, SigmaEstimate.of(sigma), pool));
            double esSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "Early stopping (nu-SVR RBF, burn-in %d, %d orderings, sigma %s; %.0f s):%n%n",
                    burnIn, o.orderings(), sigma, esSeconds);
            System.out.println("| rule | Delta | sigma | speedup | best kept (of " + o.orderings()
                    + " orderings) | stopped per ordering | best found / best |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (EarlyStopping.Outcome e : out) {
                StoppingRule r = e.rule();
                String name = r.variant() + (r.offset() != null ? " " + r.offset() : "") + (r.nth() != null ? " n=" + r.nth() : "");
                System.out.printf(Locale.ROOT, "| %s | %.2f | %s | %.2f | %d | %.0f | %.4f / %.4f |%n", name, r.delta(),
                        sigma, e.speedup(), Math.round(e.bestRecoveredFraction() * e.orderings()), e.runsStopped(),
                        e.finalBestAcc(), e.trueBestAcc());
            }
            System.out.println();
        }
        List<Double> hbDeltas = new ArrayList<>();
        for (String d : System.getProperty("hyperbandDeltas", String.valueOf(o.hyperbandDelta())).split(",")) {
            hbDeltas.add(Double.parseDouble(d));
        }
        SrmFitter fitter = fitter(o, draws, pool);
        System.out.printf(Locale.ROOT, "Hyperband (eta %d, R = %d, %d configurations per iteration) and f-Hyperband"
                        + " (kappa %.2f, d %d, offset %.3f, sigma %s), %d orderings; cost: each round from epoch 1"
                        + " (Algorithm 2 as written) unless the row says resume:%n%n", o.hyperbandEta(), data.epochs(),
                HyperbandSchedule.configurationsPerIteration(HyperbandSchedule.brackets(data.epochs(), o.hyperbandEta())),
                o.hyperbandKappa(), o.hyperbandD(), o.hyperbandOffset(), o.sigma(), o.orderings());
        System.out.println("| variant | Delta | d | configurations | iterations | epochs | speedup vs Hyperband | stopped"
                + " | best kept (of " + o.orderings() + ") | best found / best evaluated | models appear in iteration"
                + " (rung: iteration) | speedup once every rung has models | s |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        List<HyperbandSimulation.Settings> runs = new ArrayList<>();
        for (double delta : hbDeltas) {
            runs.add(settings(o, delta, o.hyperbandD(), false));
        }
        runs.add(settings(o, o.hyperbandDelta(), o.hyperbandD(), true));
        boolean[] hyperbandShown = new boolean[2];
        for (HyperbandSimulation.Settings hs : runs) {
            long t0 = System.nanoTime();
            List<HyperbandSimulation.Outcome> hb = HyperbandSimulation.simulate(data, hs, ModelKind.NU_SVR_RBF,
                    o.orderings(), 42, fitter);
            double seconds = (System.nanoTime() - t0) / 1e9;
            for (HyperbandSimulation.Outcome h : hb) {
                boolean fast = h.variant().equals(HyperbandSimulation.FAST_HYPERBAND);
                if (!fast && hyperbandShown[hs.resume() ? 1 : 0]) {
                    continue;
                }
                hyperbandShown[hs.resume() ? 1 : 0] |= !fast;
                hyperbandRow(h, hs, seconds);
            }
        }
        for (HyperbandSimulation.Settings hs : List.of(settings(o, o.hyperbandDelta(), o.hyperbandD(), false),
                settings(o, o.hyperbandDelta(), 3, false), settings(o, o.hyperbandDelta(), o.hyperbandD(), true))) {
            long t0 = System.nanoTime();
            HyperbandSimulation.Outcome h = HyperbandSimulation.ceiling(data, hs, o.orderings(), 42);
            hyperbandRow(h, hs, (System.nanoTime() - t0) / 1e9);
        }
        System.out.println();
    }

    private static HyperbandSimulation.Settings settings(FitSvrOptions o, double delta, int d, boolean resume) {
        return new HyperbandSimulation.Settings(o.hyperbandEta(), delta, o.hyperbandKappa(), d, o.hyperbandOffset(),
                resume);
    }

    private static void hyperbandRow(HyperbandSimulation.Outcome h, HyperbandSimulation.Settings hs, double seconds) {
        boolean plain = h.variant().equals(HyperbandSimulation.HYPERBAND);
        boolean fast = h.variant().equals(HyperbandSimulation.FAST_HYPERBAND);
        StringBuilder from = new StringBuilder();
        h.modelsFrom().forEach((rung, it) -> from.append(from.length() > 0 ? ", " : "").append(rung).append(": ")
                .append(String.format(Locale.ROOT, "%.1f", it)));
        System.out.printf(Locale.ROOT, "| %s%s | %s | %s | %.0f | %.0f | %.0f | %.2f | %.1f | %d | %.4f / %.4f | %s | %s | %.0f |%n",
                h.variant(), hs.resume() ? " (resume)" : "", plain ? "-" : String.format(Locale.ROOT, "%.2f", hs.delta()),
                plain ? "-" : String.valueOf(hs.minTrain()), h.configurations(), h.iterations(), h.epochs(),
                h.speedupVsHyperband(), h.runsStopped(), Math.round(h.bestRecoveredFraction() * h.orderings()),
                h.finalBestAcc(), h.trueBestAcc(), fast ? (from.length() > 0 ? from.toString() : "never") : "-",
                fast ? (Double.isNaN(h.speedupOncePredicting()) ? "never" : String.format(Locale.ROOT, "%.2f",
                        h.speedupOncePredicting())) : "-", seconds);
    }

    /** A CSV's curves in memory, through the import code (no sweep folder). */
    static SweepData load(String csv) throws Exception {
        String text = Files.readString(Path.of(csv), StandardCharsets.UTF_8);
        CurveCsv.CurveFile f = CurveCsv.parse(text, csv, "acc_");
        String name = Path.of(csv).getFileName().toString().replaceFirst("\\.csv$", "");
        return sweepData(name, CurveImport.toRows(f, name, name, null, s -> { }));
    }

    /** Imported curves as the estimators' sweep data: each run with its curve rows (curve files have no minibatch steps). */
    static SweepData sweepData(String name, CurveImport.Imported im) {
        Map<String, List<CurveRow>> curves = new HashMap<>();
        for (CurveRow c : im.curves()) {
            curves.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(c);
        }
        List<RunHistory> runs = new ArrayList<>();
        for (RunRow r : im.runs()) {
            runs.add(new RunHistory(r, curves.getOrDefault(r.runId(), List.of()), null));
        }
        return SweepData.of(name, runs, false);
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    private static String g(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
