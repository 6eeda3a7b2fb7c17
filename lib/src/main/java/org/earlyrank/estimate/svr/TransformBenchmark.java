package org.earlyrank.estimate.svr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.DoubleUnaryOperator;

import org.earlyrank.base.Fractions;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.data.curves.CurveCsv;
import org.earlyrank.data.curves.CurveImport;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.Metric;

/**
 * R^2 of the curve regression with and without {@code fit-svr.target_transform = log} (issue 21), on the
 * paper's Table 1 protocol: 100 training configurations, R^2 of the final value on all others at 25% of the
 * curve, mean of {@code repeats} splits, the stage's default search. Prints Markdown: per model, r2 on the
 * metric's scale under none and under log, and log's r2 on the log scale.
 *
 * <p>Usage: {@code TransformBenchmark CSV...}; system properties {@code prefix} (acc_), {@code metric}
 * (perplexity), {@code higherIsBetter} (unset: the metric's own), {@code convert} (none: the values as
 * they are; error: 1 - v; inverse: 1 / v, for turning accuracy curves into lower-is-better curves when no
 * curve set of the metric is at hand, said so in the output), {@code repeats} (10), {@code draws} (100),
 * {@code models} (nu-svr-rbf,ols,random-forest,last-seen).
 */
public final class TransformBenchmark {
    private TransformBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String prefix = System.getProperty("prefix", "acc_");
        String hib = System.getProperty("higherIsBetter");
        Metric metric = Metric.of("metric", System.getProperty("metric", "perplexity"),
                hib == null ? null : Boolean.valueOf(hib));
        String convert = System.getProperty("convert", "none");
        DoubleUnaryOperator f = switch (convert) {
            case "none" -> v -> v;
            case "error" -> v -> 1 - v;
            case "inverse" -> v -> 1 / v;
            default -> throw new IllegalArgumentException("convert is none, error or inverse, got " + convert);
        };
        int repeats = Integer.getInteger("repeats", 10);
        FitSvrOptions defaults = FitSvrOptions.SECTION.defaults();
        int draws = Integer.getInteger("draws", defaults.searchDraws());
        List<ModelKind> models = java.util.Arrays.stream(System.getProperty("models",
                "nu-svr-rbf,ols,random-forest,last-seen").split(",")).map(String::trim).map(ModelKind::of).toList();
        ExecutorService pool = FitSvrStage.pool(0);
        try {
            System.out.printf(Locale.ROOT, "# fit-svr target transform (%d cores, search draws %d, repeats %d)%n%n",
                    Runtime.getRuntime().availableProcessors(), draws, repeats);
            for (String csv : args) {
                SweepData sweep = load(csv, prefix, metric, f);
                System.out.printf(Locale.ROOT, "## %s, values %s as %s%n%n", Path.of(csv).getFileName(),
                        convert.equals("none") ? "as they are" : convert.equals("error") ? "converted to 1 - v"
                                : "converted to 1 / v", metric);
                System.out.println("| model | tau | r2, none | r2, log | log: r2 on the log scale |");
                System.out.println("|---|---|---|---|---|");
                Map<String, ModelComparison.Result> none = run(sweep, TargetScale.NONE, models, defaults, draws, repeats,
                        pool);
                Map<String, ModelComparison.Result> log = run(sweep, TargetScale.LOG, models, defaults, draws, repeats,
                        pool);
                for (String model : none.keySet()) {
                    ModelComparison.Result a = none.get(model);
                    ModelComparison.Result b = log.get(model);
                    System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", model, a.tau(), f(a.r2(), a.r2Se()),
                            f(b.r2(), b.r2Se()), f(b.r2Transformed(), null));
                }
                System.out.println();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Map<String, ModelComparison.Result> run(SweepData sweep, String transform, List<ModelKind> models,
                                                            FitSvrOptions o, int draws, int repeats,
                                                            ExecutorService pool) {
        CurveSet data = CurveSet.of(sweep, o.features(), o.logScale(), transform, s -> { });
        int tau = Fractions.roundHalfUp(0.25, data.epochs());
        SearchSpace s = FitSvrStage.space(o);
        SrmFitter fitter = new SrmFitter(new SrmFitter.Settings(new SearchSpace(s.cMin(), s.cMax(), s.nuMin(),
                s.nuMax(), s.gammaMin(), s.gammaMax(), draws), o.cvFolds(), o.forestTrees(), o.scaleTarget(),
                SigmaEstimate.of(o.sigma())), pool);
        Map<String, ModelComparison.Result> out = new java.util.LinkedHashMap<>();
        for (ModelComparison.Result r : ModelComparison.run(data, List.of(tau), models, 100, repeats, o.crossFitFolds(), 42,
                fitter)) {
            out.put(r.model().modelName(), r);
        }
        return out;
    }

    static SweepData load(String csv, String prefix, Metric metric, DoubleUnaryOperator convert) throws Exception {
        String text = Files.readString(Path.of(csv), StandardCharsets.UTF_8);
        CurveCsv.CurveFile raw = CurveCsv.parse(text, csv, prefix);
        List<CurveCsv.Row> rows = new ArrayList<>();
        for (CurveCsv.Row r : raw.rows()) {
            double[] v = r.values().clone();
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.isNaN(v[i]) ? v[i] : convert.applyAsDouble(v[i]);
            }
            rows.add(new CurveCsv.Row(r.line(), v, r.numeric(), r.text()));
        }
        CurveCsv.CurveFile file = new CurveCsv.CurveFile(raw.file(), raw.prefix(), raw.epochs(), raw.numericColumns(),
                raw.textColumns(), rows);
        String name = Path.of(csv).getFileName().toString().replaceFirst("\\.csv$", "");
        return SvrBenchmark.sweepData(name, CurveImport.toRows(file, name, name, null, metric, s -> { }));
    }

    private static String f(Double v, Double se) {
        if (v == null) {
            return "-";
        }
        return se == null ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.3f +- %.3f", v, se);
    }
}
