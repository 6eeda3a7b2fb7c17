package org.earlyrank.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Kendall tau against budget, one line per estimator (as in Ru et al., NeurIPS 2021, Figure 1): a colour per
 * family and a dash pattern per variant ({@link ReportContext#color}, {@link ReportContext#stroke}); the
 * bootstrap interval as a band for the {@value #MAX_BANDS} leading estimators (highest tau at any budget;
 * more bands would hide each other); the noise ceiling as horizontal lines; the effective budget T_eff when
 * score-tse recorded one. The y axis is fitted to what is drawn.
 */
public final class TauByBudgetSection extends AbstractReportSection {
    static final int WIDTH = 920;
    static final int HEIGHT = 460;
    /** Bands of more estimators than this overlap into one grey area. */
    static final int MAX_BANDS = 3;

    public TauByBudgetSection() {
        super("tau-by-budget", "Kendall tau against budget");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.rows().stream().anyMatch(r -> !r.ceiling() && r.kendallTau() != null);
    }

    @Override
    public String html(ReportContext ctx) {
        Integer to = ctx.effectiveBudget();
        List<String> banded = leading(ctx);
        StringBuilder b = new StringBuilder();
        b.append("<p>Each line is one estimator's Kendall tau-b between its scores at a budget and the truth (")
                .append(Html.esc(ctx.truth().description())).append("); one colour per family, one dash pattern per variant.")
                .append(banded.isEmpty() ? "" : " Bands: the " + Math.round(ctx.options().confidence() * 100)
                        + "% bootstrap interval of the leading estimators (" + String.join(", ", banded) + "); the others' "
                        + "are in the metrics table.")
                .append(" Higher is better; 1 means the estimator orders the runs exactly as their final accuracy does.")
                .append(ctx.ceiling(RankCorrelationTable.CEILING) == null ? "" : " The grey line is the noise ceiling "
                        + "(final validation accuracy against the truth): no estimator can be expected above it.")
                .append(to == null ? "" : " The dashed vertical line marks the effective budget "
                        + "T<sub>eff</sub>, beyond which Ru et al. stop TSE-E and TSE-EMA.")
                .append("</p>\n");
        b.append("<figure>").append(Charts.svg(chart(ctx), WIDTH, HEIGHT, "chart-" + id())).append("</figure>\n");
        return b.toString();
    }

    /** The estimators drawn with a band: the highest tau at any budget first, at most {@value #MAX_BANDS}. */
    static List<String> leading(ReportContext ctx) {
        if (ctx.options().bootstrap() == 0) {
            return List.of();
        }
        List<String> names = new ArrayList<>(ctx.estimators());
        names.removeIf(e -> maxTau(ctx, e) == null);
        names.sort(Comparator.comparing((String e) -> maxTau(ctx, e), Comparator.reverseOrder()).thenComparing(e -> e));
        return List.copyOf(names.subList(0, Math.min(MAX_BANDS, names.size())));
    }

    private static Double maxTau(ReportContext ctx, String estimator) {
        return ctx.rows(estimator).stream().map(RankCorrelationRow::kendallTau).filter(t -> t != null)
                .max(Double::compare).orElse(null);
    }

    /** The chart itself (the page embeds it as SVG). */
    public JFreeChart chart(ReportContext ctx) {
        List<String> banded = leading(ctx);
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        List<Double> drawn = new ArrayList<>();
        for (String e : ctx.estimators()) {
            YIntervalSeries s = new YIntervalSeries(e);
            boolean band = banded.contains(e);
            for (RankCorrelationRow r : ctx.rows(e)) {
                if (r.kendallTau() != null) {
                    double lo = !band || r.tauCiLow() == null ? r.kendallTau() : r.tauCiLow();
                    double hi = !band || r.tauCiHigh() == null ? r.kendallTau() : r.tauCiHigh();
                    s.add(r.budgetEpoch(), r.kendallTau(), lo, hi);
                    drawn.add(lo);
                    drawn.add(hi);
                }
            }
            data.addSeries(s);
        }
        NumberAxis x = new NumberAxis("budget (epochs)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        DeviationRenderer renderer = new DeviationRenderer(true, true);
        renderer.setAlpha(0.14f);
        for (String e : ctx.estimators()) {
            int i = ctx.index(e);
            Color c = ctx.color(e);
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            renderer.setSeriesStroke(i, ctx.stroke(e));
            renderer.setSeriesShape(i, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        }
        XYPlot plot = new XYPlot(data, x, new NumberAxis("Kendall tau-b vs " + ctx.truth().description()), renderer);
        ceilingMarkers(ctx, plot, drawn);
        fit(plot.getRangeAxis(), drawn);
        if (plot.getRangeAxis().getLowerBound() < 0) {
            plot.addRangeMarker(new ValueMarker(0, new Color(0x888888), new BasicStroke(1f)));
        }
        Integer to = ctx.effectiveBudget();
        if (to != null) {
            plot.addDomainMarker(Charts.marker(to, new Color(0x333333), Charts.REFERENCE, "T_eff = " + to,
                    RectangleAnchor.TOP_RIGHT, TextAnchor.TOP_LEFT));
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart);
        return chart;
    }

    /** The ceiling rows as labelled horizontal lines (their values join what the axis must show). */
    static void ceilingMarkers(ReportContext ctx, XYPlot plot, List<Double> drawn) {
        for (String name : List.of(RankCorrelationTable.CEILING, RankCorrelationTable.CEILING_SEEDS)) {
            RankCorrelationRow c = ctx.ceiling(name);
            if (c == null || c.kendallTau() == null) {
                continue;
            }
            boolean seeds = name.equals(RankCorrelationTable.CEILING_SEEDS);
            BasicStroke stroke = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    seeds ? new float[]{2f, 3f} : new float[]{10f, 4f}, 0f);
            plot.addRangeMarker(Charts.marker(c.kendallTau(), new Color(seeds ? 0x999999 : 0x555555), stroke,
                    (seeds ? "seed-to-seed ceiling " : "noise ceiling (val vs test) ") + Html.num(c.kendallTau(), 2),
                    RectangleAnchor.TOP_LEFT, TextAnchor.BOTTOM_LEFT));
            drawn.add(c.kendallTau());
        }
    }

    /**
     * Fits a tau axis to the values drawn: their range plus a margin, never beyond [-1, 1] (plus the margin),
     * at least 0.2 tall so near-equal values do not fill the chart with noise.
     */
    static void fit(ValueAxis axis, List<Double> values) {
        double lo = values.stream().mapToDouble(Double::doubleValue).min().orElse(-1);
        double hi = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (hi - lo < 0.2) {
            double mid = (lo + hi) / 2;
            lo = mid - 0.1;
            hi = mid + 0.1;
        }
        double pad = 0.06 * (hi - lo);
        axis.setRange(Math.max(-1.05, lo - pad), Math.min(1.05, hi + pad));
    }
}
