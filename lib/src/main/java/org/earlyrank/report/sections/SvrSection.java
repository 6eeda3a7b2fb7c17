package org.earlyrank.report.sections;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.report.Charts;
import org.earlyrank.report.Html;
import org.earlyrank.report.ReportContext;
import org.earlyrank.report.ReportSection;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.schema.TableSchema;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * What fit-svr wrote: R^2 of each curve-regression model against the observed budget (as in Baker et al.
 * 2018, Figure 3), the svr_fits table, and the simulated early stopping and Hyperband runs
 * (early_stopping).
 */
public final class SvrSection implements ReportSection {
    static final String STAGE = "fit-svr";
    static final int WIDTH = 920;
    static final int HEIGHT = 400;

    @Override
    public String title() {
        return "Curve regression (nu-SVR) and early stopping";
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(SvrFitsTable.TABLE, EarlyStoppingTable.TABLE);
    }

    @Override
    public String id() {
        return "svr";
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
        TreeMap<String, List<SvrFitRow>> byModel = new TreeMap<>();
        fits.forEach(f -> byModel.computeIfAbsent(f.model(), k -> new ArrayList<>()).add(f));
        if (fits.stream().map(SvrFitRow::observedEpochs).distinct().count() > 1) {
            b.append("<figure>").append(Charts.svg(chart(byModel), WIDTH, HEIGHT, "chart-" + id()))
                    .append("</figure>\n<p>R<sup>2</sup> below -1 is drawn at -1.</p>\n");
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

    private static void earlyStopping(StringBuilder b, List<EarlyStoppingRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        EarlyStoppingRow any = rows.get(0);
        b.append("<h3>Early stopping, simulated on the recorded curves</h3>\n<p>Over ").append(any.orderings())
                .append(" random orderings of the runs: a run is stopped at the first epoch where its predicted final"
                        + " value falls below the reference (the best so far, the best minus an offset, or the n-th best)"
                        + " with probability at least Delta. Speedup = epochs of the baseline over epochs used; best kept ="
                        + " share of orderings that still trained the best run fully. Hyperband and fast Hyperband (which"
                        + " stops runs within each successive-halving round) evaluate the same runs. The table"
                        + " <code>early_stopping</code>.</p>\n<table>\n<thead><tr><th>rule</th><th>Delta</th><th>speedup</th>"
                        + "<th>baseline</th><th>best kept</th><th>stopped per ordering</th><th>best found / best</th></tr>"
                        + "</thead>\n<tbody>\n");
        for (EarlyStoppingRow r : rows) {
            // f-hyperband's offset is the paper's delta, shown only when it is not 0 (the paper's rule).
            boolean fast = r.variant().equals("f-hyperband");
            String rule = r.variant() + (r.offset() != null && (!fast || r.offset() > 0)
                    ? (fast ? " delta " : " ") + num(r.offset(), 3) : "") + (r.nth() != null ? " n = " + r.nth() : "");
            b.append("<tr><td><code>").append(esc(rule)).append("</code></td><td class=\"num\">").append(num(r.delta(), 2))
                    .append("</td><td class=\"num\">").append(num(r.speedup(), 2)).append("x</td><td>")
                    .append(esc(r.baseline())).append("</td><td class=\"num\">").append(Html.pct(r.bestRecoveredFraction()))
                    .append("</td><td class=\"num\">").append(num(r.runsStopped(), 1)).append("</td><td class=\"num\">")
                    .append(num(r.finalBestAcc(), 4)).append(" / ").append(num(r.trueBestAcc(), 4)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }

    private static JFreeChart chart(Map<String, List<SvrFitRow>> byModel) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Map.Entry<String, List<SvrFitRow>> e : byModel.entrySet()) {
            XYSeries s = new XYSeries(e.getKey());
            for (SvrFitRow f : e.getValue()) {
                if (f.r2() != null) {
                    s.add(f.observedEpochs(), Math.max(-1, f.r2()));
                }
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("observed epochs tau");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("R^2 of the final accuracy");
        y.setRange(-1.05, 1.05);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, Charts.color(i));
            renderer.setSeriesStroke(i, Charts.stroke(i));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, new XYPlot(data, x, y, renderer), true);
        Charts.style(chart);
        return chart;
    }

    private static String sci(Double v) {
        return v == null ? "–" : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
