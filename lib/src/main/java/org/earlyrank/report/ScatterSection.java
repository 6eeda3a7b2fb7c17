package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.rank.RankMetrics;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Predicted score against true accuracy at one budget (report.scatter_budget_fraction), one small chart
 * per estimator: the picture behind each tau. An estimator that did not score that budget is shown at
 * the largest budget it scored below it.
 *
 * <p>Up to {@value #MAX_POINTS} runs each run is a point. Beyond that (a whole search space: thousands of
 * overlapping points say nothing more and would make the page tens of megabytes) the chart is a density:
 * a {@value #BINS} x {@value #BINS} grid of cells shaded by the log of the runs they hold, with the
 * {@value #MARKED} best and the {@value #MARKED} worst runs by the truth drawn as points on top, so one
 * sees where the estimator puts the runs that matter. The page then grows with the estimators, not with
 * the runs.
 */
public final class ScatterSection extends AbstractReportSection {
    static final int WIDTH = 300;
    static final int HEIGHT = 250;
    /** Above this many runs in a chart, a density instead of one point per run. */
    public static final int MAX_POINTS = 2000;
    static final int BINS = 30;
    static final int MARKED = 5;

    public ScatterSection() {
        super("scatter", "Predicted against true");
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
                .append(", at budget ").append(budget).append(" of ").append(ctx.fullBudget()).append(" epochs (")
                .append(Html.pct(ctx.options().scatterBudgetFraction())).append("). Up to ").append(MAX_POINTS)
                .append(" runs, one point per run as ranks (1 = best; the grey diagonal is a perfect ranking); beyond")
                .append(" that a density of the values (darker cells hold more runs, log scale) with the ").append(MARKED)
                .append(" best runs by the truth as filled circles and the ").append(MARKED).append(" worst as triangles.</p>\n");
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
                if (t != null && Double.isFinite(t)) {
                    points.add(new double[] {t, er.score()});
                }
            }
        }
        XYPlot plot;
        if (points.size() > MAX_POINTS) {
            NumberAxis x = new NumberAxis("true " + ctx.truth().column());
            x.setAutoRangeIncludesZero(false);
            NumberAxis y = new NumberAxis("score");
            y.setAutoRangeIncludesZero(false);
            plot = density(ctx.color(est), points, x, y);
        } else {
            plot = ranks(ctx, est, points);
        }
        JFreeChart chart = new JFreeChart(est, Charts.TITLE, plot, false);
        String sub = "tau " + Html.tauWithInterval(row.kendallTau(), row.tauCiLow(), row.tauCiHigh()) + ", n " + row.n()
                + (row.budgetEpoch() == budget ? "" : ", budget " + row.budgetEpoch());
        TextTitle subtitle = new TextTitle(sub, Charts.LABEL);
        chart.addSubtitle(subtitle);
        Charts.style(chart);
        return chart;
    }

    /** One point per run as ranks (1 = best; ties share their average rank) with the perfect-ranking diagonal. */
    private static XYPlot ranks(ReportContext ctx, String est, List<double[]> points) {
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
        return new XYPlot(data, x, y, r);
    }

    /** Cells of a BINS x BINS grid shaded by log(1 + runs), and the best and worst runs by truth on top. */
    static XYPlot density(java.awt.Color color, List<double[]> points, NumberAxis x, NumberAxis y) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double[] p : points) {
            for (int d = 0; d < 2; d++) {
                lo[d] = Math.min(lo[d], p[d]);
                hi[d] = Math.max(hi[d], p[d]);
            }
        }
        double[] w = new double[2];
        for (int d = 0; d < 2; d++) {
            w[d] = hi[d] > lo[d] ? (hi[d] - lo[d]) / BINS : 1e-9;
        }
        int[][] count = new int[BINS][BINS];
        for (double[] p : points) {
            count[cell(p[0], lo[0], w[0])][cell(p[1], lo[1], w[1])]++;
        }
        int max = 1;
        List<double[]> cells = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            for (int j = 0; j < BINS; j++) {
                if (count[i][j] > 0) { // empty cells are not drawn: the page holds only occupied ones
                    cells.add(new double[] {lo[0] + (i + 0.5) * w[0], lo[1] + (j + 0.5) * w[1], count[i][j]});
                    max = Math.max(max, count[i][j]);
                }
            }
        }
        DefaultXYZDataset grid = new DefaultXYZDataset();
        double[][] xyz = new double[3][cells.size()];
        for (int k = 0; k < cells.size(); k++) {
            for (int d = 0; d < 3; d++) {
                xyz[d][k] = cells.get(k)[d];
            }
        }
        grid.addSeries("runs", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setBlockWidth(w[0]);
        blocks.setBlockHeight(w[1]);
        blocks.setPaintScale(new LogShade(color, max));
        XYPlot plot = new XYPlot(grid, x, y, blocks);

        List<double[]> byTruth = new ArrayList<>(points);
        byTruth.sort(Comparator.comparingDouble(p -> -p[0]));
        XYSeries best = new XYSeries("best " + MARKED, false, true);
        XYSeries worst = new XYSeries("worst " + MARKED, false, true);
        for (int k = 0; k < Math.min(MARKED, byTruth.size()); k++) {
            best.add(byTruth.get(k)[0], byTruth.get(k)[1]);
            double[] p = byTruth.get(byTruth.size() - 1 - k);
            worst.add(p[0], p[1]);
        }
        XYSeriesCollection marks = new XYSeriesCollection();
        marks.addSeries(best);
        marks.addSeries(worst);
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        java.awt.Color ink = new java.awt.Color(0x222222);
        r.setSeriesPaint(0, ink);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-3.5, -3.5, 7, 7));
        r.setSeriesPaint(1, ink);
        r.setSeriesShape(1, new java.awt.Polygon(new int[] {0, 4, -4}, new int[] {-4, 4, 4}, 3));
        plot.setDataset(1, marks);
        plot.setRenderer(1, r);
        plot.setDatasetRenderingOrder(org.jfree.chart.plot.DatasetRenderingOrder.FORWARD);
        return plot;
    }

    private static int cell(double v, double lo, double w) {
        return Math.min(BINS - 1, Math.max(0, (int) ((v - lo) / w)));
    }

    /** White to the estimator's colour by log(1 + runs) / log(1 + max). */
    private record LogShade(java.awt.Color color, int max) implements PaintScale {
        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public java.awt.Paint getPaint(double value) {
            double f = 0.15 + 0.85 * Math.log1p(Math.max(0, value)) / Math.log1p(max);
            f = Math.min(1, f);
            return new java.awt.Color(mix(color.getRed(), f), mix(color.getGreen(), f), mix(color.getBlue(), f));
        }

        private static int mix(int c, double f) {
            return (int) Math.round(255 + (c - 255) * f);
        }
    }
}
