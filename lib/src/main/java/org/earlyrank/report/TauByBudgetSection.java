package org.earlyrank.report;

import java.awt.BasicStroke;
import java.awt.Color;

import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Kendall tau against budget, one line per estimator (as in Ru et al., NeurIPS 2021, Figure 1), with its
 * bootstrap interval as a band while there are at most three estimators, and the effective budget T_eff
 * when score-tse recorded one.
 */
public final class TauByBudgetSection implements ReportSection {
    static final int WIDTH = 920;
    static final int HEIGHT = 460;
    /** Above this many estimators, overlapping interval bands turn into one grey area: lines only. */
    static final int MAX_BANDS = 3;

    @Override
    public String title() {
        return "Kendall tau against budget";
    }

    @Override
    public String id() {
        return "tau-by-budget";
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.rows().stream().anyMatch(r -> r.kendallTau() != null);
    }

    @Override
    public String html(ReportContext ctx) {
        Integer to = ctx.effectiveBudget();
        StringBuilder b = new StringBuilder();
        b.append("<p>Each line is one estimator's Kendall tau-b between its scores at a budget and the truth (")
                .append(org.earlyrank.report.Html.esc(ctx.truth().description()))
                .append(bands(ctx) ? "); the band is the " + Math.round(ctx.options().confidence() * 100)
                        + "% bootstrap interval." : "); intervals are in the metrics table (bands of "
                        + ctx.estimators().size() + " estimators would hide each other).")
                .append(" Higher is better; 1 means the estimator orders the runs exactly as their "
                        + "final accuracy does.").append(to == null ? "" : " The dashed line marks the effective budget "
                        + "T<sub>eff</sub>, beyond which Ru et al. stop TSE-E and TSE-EMA.")
                .append("</p>\n");
        b.append("<figure>").append(Charts.svg(chart(ctx), WIDTH, HEIGHT, "chart-" + id())).append("</figure>\n");
        return b.toString();
    }

    /** Interval bands only while they stay readable. */
    static boolean bands(ReportContext ctx) {
        return ctx.estimators().size() <= MAX_BANDS && ctx.options().bootstrap() > 0;
    }

    /** The chart itself (the page embeds it as SVG). */
    public JFreeChart chart(ReportContext ctx) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        for (String e : ctx.estimators()) {
            YIntervalSeries s = new YIntervalSeries(e);
            for (RankCorrelationRow r : ctx.rows(e)) {
                if (r.kendallTau() != null) {
                    double lo = r.tauCiLow() == null ? r.kendallTau() : r.tauCiLow();
                    double hi = r.tauCiHigh() == null ? r.kendallTau() : r.tauCiHigh();
                    s.add(r.budgetEpoch(), r.kendallTau(), lo, hi);
                }
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("budget (epochs)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = new NumberAxis("Kendall tau-b vs " + ctx.truth().description());
        y.setRange(-1.05, 1.05);
        XYLineAndShapeRenderer renderer;
        if (bands(ctx)) {
            DeviationRenderer d = new DeviationRenderer(true, true);
            d.setAlpha(0.12f);
            renderer = d;
        } else {
            renderer = new XYLineAndShapeRenderer(true, true);
        }
        for (String e : ctx.estimators()) {
            int i = ctx.index(e);
            Color c = ctx.color(e);
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, Charts.stroke(i));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, x, y, renderer);
        ValueMarker zero = new ValueMarker(0, new Color(0x888888), new BasicStroke(1f));
        plot.addRangeMarker(zero);
        Integer to = ctx.effectiveBudget();
        if (to != null) {
            ValueMarker m = new ValueMarker(to, new Color(0x333333), new BasicStroke(1.2f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 10f, new float[]{5f, 4f}, 0f));
            m.setLabel("T_eff = " + to);
            m.setLabelFont(Charts.LABEL);
            m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
            plot.addDomainMarker(m);
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart);
        return chart;
    }
}
