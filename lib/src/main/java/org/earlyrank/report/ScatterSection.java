package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.util.Map;
import java.util.TreeMap;

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
                .append(" at budget ").append(budget).append(" of ").append(ctx.fullBudget()).append(" epochs (")
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

    /** The chart of one estimator: its scores at the row's budget against the truth. */
    public JFreeChart chart(ReportContext ctx, String est, RankCorrelationRow row, int budget) {
        XYSeries s = new XYSeries(est, false, true);
        for (EstimateRow er : ctx.estimates()) {
            if (er.estimator().equals(est) && er.budgetEpoch() == row.budgetEpoch() && Double.isFinite(er.score())) {
                Double t = ctx.truth().values().get(er.runId());
                if (t != null) {
                    s.add(t.doubleValue(), er.score());
                }
            }
        }
        NumberAxis x = new NumberAxis("true " + ctx.truth().column());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("score");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        r.setSeriesPaint(0, ctx.color(est));
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3, -3, 6, 6));
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), x, y, r);
        JFreeChart chart = new JFreeChart(est, Charts.TITLE, plot, false);
        String sub = "tau " + Html.tauWithInterval(row.kendallTau(), row.tauCiLow(), row.tauCiHigh()) + ", n " + row.n()
                + (row.budgetEpoch() == budget ? "" : ", budget " + row.budgetEpoch());
        TextTitle subtitle = new TextTitle(sub, Charts.LABEL);
        chart.addSubtitle(subtitle);
        Charts.style(chart);
        return chart;
    }
}
