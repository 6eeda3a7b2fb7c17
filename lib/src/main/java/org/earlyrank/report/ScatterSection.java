package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.rank.RankMetrics;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Predicted score against true accuracy at one budget (report.scatter_budget_fraction), one small chart
 * per estimator: the picture behind each tau. An estimator that did not score that budget is shown at
 * the largest budget it scored below it.
 */
public final class ScatterSection implements ReportSection {
    static final int WIDTH = 300;
    static final int HEIGHT = 250;

    @Override
    public String title() {
        return "Predicted against true";
    }

    @Override
    public String id() {
        return "scatter";
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return !ctx.truth().values().isEmpty() && !ctx.estimates().isEmpty();
    }

    @Override
    public String html(ReportContext ctx) {
        int budget = ctx.scatterBudget();
        Map<String, RankCorrelationRow> shown = new TreeMap<>();
        for (RankCorrelationRow r : ctx.rows()) {
            if (!r.ceiling() && r.budgetEpoch() <= budget) {
                shown.merge(r.estimator(), r, (a, b) -> b.budgetEpoch() > a.budgetEpoch() ? b : a);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<p>Score (higher = better) against ").append(esc(ctx.truth().description()))
                .append(", as ranks (1 = best; the grey diagonal is a perfect ranking), at budget ").append(budget).append(" of ").append(ctx.fullBudget()).append(" epochs (")
                .append(Html.pct(ctx.options().scatterBudgetFraction())).append("). One point per run.</p>\n");
        b.append("<div class=\"grid\">\n");
        for (Map.Entry<String, RankCorrelationRow> e : shown.entrySet()) {
            String est = e.getKey();
            RankCorrelationRow row = e.getValue();
            JFreeChart chart = chart(ctx, est, row, budget);
            b.append("<figure>").append(Charts.svg(chart, WIDTH, HEIGHT, "chart-" + id() + "-" + ctx.index(est)))
                    .append("</figure>\n");
        }
        b.append("</div>\n");
        return b.toString();
    }

    /**
     * The chart of one estimator: its scores at the row's budget against the truth, as ranks (1 = best; ties
     * share their average rank), so one broken run does not squeeze the others into a corner and the diagonal
     * is a perfect ranking.
     */
    public JFreeChart chart(ReportContext ctx, String est, RankCorrelationRow row, int budget) {
        List<double[]> points = new ArrayList<>();
        for (EstimateRow er : ctx.estimates()) {
            if (er.estimator().equals(est) && er.budgetEpoch() == row.budgetEpoch() && Double.isFinite(er.score())) {
                Double t = ctx.truth().values().get(er.runId());
                if (t != null) {
                    points.add(new double[]{t, er.score()});
                }
            }
        }
        int n = points.size();
        double[] truth = new double[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            truth[i] = -points.get(i)[0]; // negated: rank 1 = the highest accuracy, the highest score
            score[i] = -points.get(i)[1];
        }
        double[] tr = RankMetrics.averageRanks(truth);
        double[] sr = RankMetrics.averageRanks(score);
        XYSeries s = new XYSeries(est, false, true);
        for (int i = 0; i < n; i++) {
            s.add(tr[i], sr[i]);
        }
        XYSeries diagonal = new XYSeries("perfect", true, true);
        diagonal.add(1, 1);
        diagonal.add(Math.max(1, n), Math.max(1, n));
        XYSeriesCollection data = new XYSeriesCollection(s);
        data.addSeries(diagonal);
        NumberAxis x = new NumberAxis("rank of true " + ctx.truth().column() + " (1 = best)");
        NumberAxis y = new NumberAxis("rank of score");
        for (NumberAxis a : List.of(x, y)) {
            a.setRange(0, n + 1);
            a.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, ctx.color(est));
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        r.setSeriesPaint(1, new java.awt.Color(0xBBBBBB));
        r.setSeriesLinesVisible(1, true);
        r.setSeriesShapesVisible(1, false);
        XYPlot plot = new XYPlot(data, x, y, r);
        JFreeChart chart = new JFreeChart(est, Charts.TITLE, plot, false);
        String sub = "tau " + Html.tauWithInterval(row.kendallTau(), row.tauCiLow(), row.tauCiHigh()) + ", n " + row.n()
                + (row.budgetEpoch() == budget ? "" : ", budget " + row.budgetEpoch());
        TextTitle subtitle = new TextTitle(sub, Charts.LABEL);
        chart.addSubtitle(subtitle);
        Charts.style(chart);
        return chart;
    }
}
