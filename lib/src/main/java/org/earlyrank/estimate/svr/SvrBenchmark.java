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
 * (true: include nu-svr-linear, slow), {@code earlyStopping} (true), {@code threads} (0 = all cores).
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
                if (early) {
                    earlyStopping(data, defaults, fitter);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static SrmFitter fitter(FitSvrOptions o, int draws, ExecutorService pool) {
        SearchSpace s = FitSvrStage.space(o);
        return new SrmFitter(new SrmFitter.Settings(new SearchSpace(s.cMin(), s.cMax(), s.nuMin(), s.nuMax(),
                s.gammaMin(), s.gammaMax(), draws), o.cvFolds(), o.forestTrees(), o.scaleTarget(),
                o.sigma().equals("mad")), pool);
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

    private static void earlyStopping(CurveSet data, FitSvrOptions o, SrmFitter fitter) {
        List<StoppingRule> rules = new ArrayList<>();
        for (double d : o.deltas()) {
            rules.add(new StoppingRule(StoppingRule.BEST, d, null, null));
            rules.add(new StoppingRule(StoppingRule.OFFSET, d, o.offsets().get(0), null));
            rules.add(new StoppingRule(StoppingRule.NTH_BEST, d, null, o.nthBest().get(0)));
        }
        int burnIn = Math.min(o.trainSize(), data.size() / 2);
        long t0 = System.nanoTime();
        List<EarlyStopping.Outcome> out = EarlyStopping.simulate(data, rules, ModelKind.NU_SVR_RBF, burnIn,
                o.orderings(), 42, fitter);
        double esSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "Early stopping (nu-SVR RBF, burn-in %d, %d orderings, sigma %s; %.0f s):%n%n",
                burnIn, o.orderings(), o.sigma(), esSeconds);
        System.out.println("| rule | Delta | speedup | best kept (orderings) | stopped per ordering | best found / best |");
        System.out.println("|---|---|---|---|---|---|");
        for (EarlyStopping.Outcome e : out) {
            StoppingRule r = e.rule();
            String name = r.variant() + (r.offset() != null ? " " + r.offset() : "") + (r.nth() != null ? " n=" + r.nth() : "");
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.0f%% | %.0f | %.4f / %.4f |%n", name, r.delta(),
                    e.speedup(), 100 * e.bestRecoveredFraction(), e.runsStopped(), e.finalBestAcc(), e.trueBestAcc());
        }
        t0 = System.nanoTime();
        List<HyperbandSimulation.Outcome> hb = HyperbandSimulation.simulate(data, new HyperbandSimulation.Settings(
                o.hyperbandEta(), o.hyperbandDelta(), o.hyperbandKappa(), o.hyperbandD()), ModelKind.NU_SVR_RBF,
                o.orderings(), 42, fitter);
        System.out.printf(Locale.ROOT, "%nHyperband (eta %d, R = %d) and f-Hyperband (Delta %.2f, kappa %.2f, d %d), %d"
                        + " orderings (%.0f s):%n%n", o.hyperbandEta(), data.epochs(), o.hyperbandDelta(),
                o.hyperbandKappa(), o.hyperbandD(), o.orderings(), (System.nanoTime() - t0) / 1e9);
        System.out.println("| variant | configurations | epochs | speedup vs Hyperband | stopped | best found / best evaluated | best kept |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (HyperbandSimulation.Outcome h : hb) {
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f | %.0f | %.4f / %.4f | %.0f%% |%n", h.variant(),
                    h.configurations(), h.epochs(), h.speedupVsHyperband(), h.runsStopped(), h.finalBestAcc(),
                    h.trueBestAcc(), 100 * h.bestRecoveredFraction());
        }
        System.out.println();
    }

    /** A CSV's curves in memory, through the import code (no sweep folder). */
    static SweepData load(String csv) throws Exception {
        String text = Files.readString(Path.of(csv), StandardCharsets.UTF_8);
        CurveCsv.CurveFile f = CurveCsv.parse(text, csv, "acc_");
        String name = Path.of(csv).getFileName().toString().replaceFirst("\\.csv$", "");
        CurveImport.Imported im = CurveImport.toRows(f, name, name, null, s -> { });
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
