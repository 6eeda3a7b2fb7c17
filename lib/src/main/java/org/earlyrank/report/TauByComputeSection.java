package org.earlyrank.report;

import java.awt.geom.Ellipse2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Kendall tau against compute: each estimator's budgets placed at their mean compute per run
 * ({@code rank_correlation.mean_compute_seconds}: training seconds up to the budget plus the estimator's own),
 * on a log axis, with the noise ceiling; and the cheapest estimate within {@value Findings#NEAR_CEILING} of it.
 * Quality per second is what a search pays for.
 */
public final class TauByComputeSection extends AbstractReportSection {
    static final int WIDTH = 920;
    static final int HEIGHT = 420;

    public TauByComputeSection() {
        super("tau-by-compute", "Kendall tau against compute");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.rows().stream().anyMatch(r -> !r.ceiling() && r.kendallTau() != null && positive(r));
    }

    private static boolean positive(RankCorrelationRow r) {
        return r.meanComputeSeconds() != null && r.meanComputeSeconds() > 0;
    }

    @Override
    public String html(ReportContext ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<p>Each point is one estimator at one budget, placed at its mean compute per run: the training "
                + "seconds up to that budget (curves.epoch_seconds) plus the estimator's own seconds. Log scale; up and "
                + "to the left is better.</p>\n");
        String cheapest = Findings.cheapest(ctx);
        if (cheapest != null) {
            b.append("<p>").append(ComparisonSection.code(cheapest)).append("</p>\n");
        }
        b.append("<figure>").append(Charts.svg(chart(ctx), WIDTH, HEIGHT, "chart-" + id())).append("</figure>\n");
        return b.toString();
    }

    /** The chart itself (the page embeds it as SVG). */
    public JFreeChart chart(ReportContext ctx) {
        XYSeriesCollection data = new XYSeriesCollection();
        List<Double> drawn = new ArrayList<>();
        for (String e : ctx.estimators()) {
            XYSeries s = new XYSeries(e, false, true);
            for (RankCorrelationRow r : ctx.rows(e)) {
                if (r.kendallTau() != null && positive(r)) {
                    s.add(r.meanComputeSeconds(), r.kendallTau());
                    drawn.add(r.kendallTau());
                }
            }
            data.addSeries(s);
        }
        LogAxis x = new LogAxis("mean compute per run (seconds, log scale)");
        x.setNumberFormatOverride(new DecimalFormat("#,##0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (String e : ctx.estimators()) {
            int i = ctx.index(e);
            renderer.setSeriesPaint(i, ctx.color(e));
            renderer.setSeriesStroke(i, ctx.stroke(e));
            renderer.setSeriesShape(i, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, x, new NumberAxis("Kendall tau-b vs " + ctx.truth().description()), renderer);
        TauByBudgetSection.ceilingMarkers(ctx, plot, drawn);
        TauByBudgetSection.fit(plot.getRangeAxis(), drawn);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart);
        return chart;
    }
}
