package org.earlyrank.report.sections;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.report.AbstractReportSection;
import org.earlyrank.report.Charts;
import org.earlyrank.report.Html;
import org.earlyrank.report.ReportContext;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.schema.TableSchema;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * What fit-svr wrote: R^2 of each curve-regression model, Baker et al.'s Bayesian baselines (lce, bnn) among
 * them, against the percentage of the learning curve observed, with the standard error shaded (Baker et al.
 * 2018, Figure 3), the svr_fits table, and the simulated early stopping and Hyperband runs (early_stopping),
 * LCE's stopping rule beside the nu-SVR's (their Figure 4).
 */
public final class SvrSection extends AbstractReportSection {
    static final String STAGE = "fit-svr";
    static final int WIDTH = 920;
    static final int HEIGHT = 400;

    public SvrSection() {
        super("svr", "Curve regression (nu-SVR) and early stopping");
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(SvrFitsTable.TABLE, EarlyStoppingTable.TABLE);
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.hasTable(SvrFitsTable.NAME) && !fits(ctx).isEmpty();
    }

    private static List<SvrFitRow> fits(ReportContext ctx) {
        return ctx.table(SvrFitsTable.TABLE, STAGE).stream().map(SvrFitRow::fromRow)
                .sorted(Comparator.comparingInt(SvrFitRow::observedEpochs).thenComparing(SvrFitRow::model)).toList();
    }

    @Override
    public String html(ReportContext ctx) {
        List<SvrFitRow> fits = fits(ctx);
        SvrFitRow first = fits.get(0);
        StringBuilder b = new StringBuilder();
        b.append("<p>How well each model predicts the truth (<code>").append(esc(first.truth()))
                .append("</code>) from the validation accuracy of the first tau epochs and the run's features (")
                .append(esc(first.features())).append("): R<sup>2</sup> on held-out runs, ")
                .append(first.crossFitted() ? "k-fold cross-fitted (the sweep has fewer runs than the training size)"
                        : "trained on " + first.nTrain() + " runs and measured on the " + first.nTest() + " others")
                .append(", mean of ").append(first.repeats()).append(" repeats. The table <code>svr_fits</code>.</p>\n");
        if (fits.stream().map(SvrFitRow::observedEpochs).distinct().count() > 1) {
            b.append("<figure>").append(Charts.svg(chart(chartData(fits, ctx.fullBudget()), ctx.fullBudget()), WIDTH,
                    HEIGHT, "chart-" + id())).append("</figure>\n<p>Shaded: &plusmn; one standard error over the repeats."
                    + " R<sup>2</sup> below -1 is drawn at -1.");
            if (fits.stream().anyMatch(f -> f.model().equals("lce") || f.model().equals("bnn"))) {
                b.append(" <code>lce</code> (learning-curve extrapolation, Domhan et al. 2015) and <code>bnn</code>"
                        + " (Bayesian neural network, Klein et al. 2017) are fitted only at <code>fit-svr.baseline_fractions</code>"
                        + " of the curve: they are slow by design.");
            }
            b.append("</p>\n");
        }
        b.append("<details><summary>").append(fits.size()).append(" fits</summary>\n<table>\n<thead><tr><th>tau</th>"
                + "<th>model</th><th>R<sup>2</sup> &plusmn; s.e.</th><th>sigma (rms / robust)</th><th>C</th><th>nu</th>"
                + "<th>gamma</th><th>train</th><th>fit</th></tr></thead>\n<tbody>\n");
        for (SvrFitRow f : fits) {
            b.append("<tr><td class=\"num\">").append(f.observedEpochs()).append("</td><td><code>").append(esc(f.model()))
                    .append("</code></td><td class=\"num\">").append(num(f.r2(), 3))
                    .append(f.r2Se() == null ? "" : " &plusmn; " + num(f.r2Se(), 3)).append("</td><td class=\"num\">")
                    .append(num(f.sigmaLoo(), 4)).append(" / ").append(num(f.sigmaRobust(), 4))
                    .append("</td><td class=\"num\">").append(sci(f.c())).append("</td><td class=\"num\">")
                    .append(num(f.nu(), 2)).append("</td><td class=\"num\">").append(sci(f.gamma()))
                    .append("</td><td class=\"num\">").append(f.nTrain()).append("</td><td class=\"num\">")
                    .append(Html.seconds(f.fitMs() / 1000)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</details>\n");
        if (ctx.hasTable(EarlyStoppingTable.NAME)) {
            earlyStopping(b, ctx.table(EarlyStoppingTable.TABLE, STAGE).stream().map(EarlyStoppingRow::fromRow).toList());
        }
        return b.toString();
    }

    static void earlyStopping(StringBuilder b, List<EarlyStoppingRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        EarlyStoppingRow any = rows.get(0);
        b.append("<h3>Early stopping, simulated on the recorded curves</h3>\n<p>Over ").append(any.orderings())
                .append(" random orderings of the runs: a run is stopped at the first epoch where its predicted final"
                        + " value falls below the reference (the best so far, the best minus an offset, or the n-th best)"
                        + " with probability at least Delta. Speedup = epochs of the baseline over epochs used; best kept ="
                        + " share of orderings that still trained the best run fully. Hyperband and fast Hyperband (which"
                        + " stops runs within each successive-halving round) evaluate the same runs. <code>lce-best</code> is the"
                        + " same rule driven by learning-curve extrapolation of each run's own partial curve (Baker et al.'s"
                        + " Figure 4 baseline): no burn-in, P(y_T &lt;= best) from its posterior predictive. The table"
                        + " <code>early_stopping</code>.</p>\n<table>\n<thead><tr><th>rule</th><th>model</th><th>Delta</th><th>speedup</th>"
                        + "<th>baseline</th><th>best kept</th><th>stopped per ordering</th><th>best found / best</th></tr>"
                        + "</thead>\n<tbody>\n");
        for (EarlyStoppingRow r : rows) {
            // f-hyperband's offset is the paper's delta, shown only when it is not 0 (the paper's rule).
            boolean fast = r.variant().equals("f-hyperband");
            String rule = r.variant() + (r.offset() != null && (!fast || r.offset() > 0)
                    ? (fast ? " delta " : " ") + num(r.offset(), 3) : "") + (r.nth() != null ? " n = " + r.nth() : "");
            b.append("<tr><td><code>").append(esc(rule)).append("</code></td><td><code>").append(esc(r.model()))
                    .append("</code></td><td class=\"num\">").append(num(r.delta(), 2))
                    .append("</td><td class=\"num\">").append(num(r.speedup(), 2)).append("x</td><td>")
                    .append(esc(r.baseline())).append("</td><td class=\"num\">").append(Html.pct(r.bestRecoveredFraction()))
                    .append("</td><td class=\"num\">").append(num(r.runsStopped(), 1)).append("</td><td class=\"num\">")
                    .append(num(r.finalBestAcc(), 4)).append(" / ").append(num(r.trueBestAcc(), 4)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    /**
     * One series per model: x = 100 tau / T (tau when T is unknown), y = mean R^2 with the band +- its standard
     * error (none without one), each clamped to [-1, 1] so one poor model does not flatten the others.
     */
    static YIntervalSeriesCollection chartData(List<SvrFitRow> fits, int fullBudget) {
        TreeMap<String, List<SvrFitRow>> byModel = new TreeMap<>();
        fits.forEach(f -> byModel.computeIfAbsent(f.model(), k -> new ArrayList<>()).add(f));
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (Map.Entry<String, List<SvrFitRow>> e : byModel.entrySet()) {
            YIntervalSeries s = new YIntervalSeries(e.getKey());
            for (SvrFitRow f : e.getValue()) {
                if (f.r2() != null) {
                    double x = fullBudget > 0 ? 100.0 * f.observedEpochs() / fullBudget : f.observedEpochs();
                    double se = f.r2Se() == null ? 0 : f.r2Se();
                    s.add(x, clamp(f.r2()), clamp(f.r2() - se), clamp(f.r2() + se));
                }
            }
            data.addSeries(s);
        }
        return data;
    }

    private static double clamp(double r2) {
        return Math.max(-1, Math.min(1, r2));
    }

    private static JFreeChart chart(YIntervalSeriesCollection data, int fullBudget) {
        NumberAxis x = new NumberAxis(fullBudget > 0 ? "percent of the learning curve observed (100 tau / T, T = "
                + fullBudget + ")" : "observed epochs tau");
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("R^2 of the final accuracy");
        y.setRange(-1.05, 1.05);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.color(i));
            renderer.setSeriesFillPaint(i, Charts.translucent(Charts.color(i), 50));
            renderer.setSeriesStroke(i, Charts.stroke(i));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        renderer.setAlpha(0.25f);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, new XYPlot(data, x, y, renderer), true);
        Charts.style(chart);
        return chart;
    }

    private static String sci(Double v) {
        return v == null ? "–" : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
