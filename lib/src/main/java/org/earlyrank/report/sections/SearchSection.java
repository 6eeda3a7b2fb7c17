package org.earlyrank.report.sections;

import static org.earlyrank.report.Html.esc;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import org.earlyrank.report.AbstractReportSection;
import org.earlyrank.report.Charts;
import org.earlyrank.report.ReportContext;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.search.SearchSummary;
import org.earlyrank.search.StoredEstimateScorer;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * What the searches found ({@code search_results}): the analogue of Cao 2021, Table 4.1, one row per search
 * (algorithm x estimator): the pick's test accuracy, mean +- standard deviation over repeats, its paired
 * difference from the same search deciding by val-acc with a 95% interval ({@link SearchSummary}), the regret
 * against the pool's best, and the compute as a fraction of training every configuration fully; and a chart
 * of pick quality against compute, one point per search (colour: estimator, shape: algorithm, bars: +- one
 * standard deviation over repeats), the pool's best as a dashed line.
 *
 * <p>Standalone (a search folder need not have estimates). Stateless and thread-safe.
 */
public final class SearchSection extends AbstractReportSection {
    static final String STAGE = "search";
    static final int WIDTH = 920;
    static final int HEIGHT = 420;
    static final double CONFIDENCE = 0.95;

    public SearchSection() {
        super("search", "Search with the estimators");
    }

    @Override
    public List<org.earlyrank.schema.TableSchema> tables() {
        return List.of(SearchResultsTable.TABLE);
    }

    @Override
    public boolean standalone() {
        return true;
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.hasTable(SearchResultsTable.NAME);
    }

    @Override
    public String html(ReportContext ctx) {
        List<SearchResultRow> rows = ctx.table(SearchResultsTable.TABLE, STAGE).stream()
                .map(SearchResultRow::fromRow).toList();
        return body(rows, ctx);
    }

    /** The section's body for these rows; {@code ctx} only lends the page's estimator colours (may be null). */
    static String body(List<SearchResultRow> rows, ReportContext ctx) {
        StringBuilder b = new StringBuilder();
        if (rows.isEmpty()) {
            return b.append("<p>The search tables are empty.</p>\n").toString();
        }
        List<SearchSummary.Row> summary = SearchSummary.of(rows, CONFIDENCE);
        SearchResultRow any = rows.get(0);
        b.append("<p>Each search ran ").append(repeatsText(summary)).append(" (")
                .append(esc(any.mode() == null ? "replay" : any.mode()))
                .append("; each repeat a different draw and order of the pool), and every decision ranked the"
                        + " configurations by the estimator's score at the budget each had reached (val-acc = the plain"
                        + " algorithm). Pick: the configuration the search returned, judged by its test accuracy after"
                        + " the full budget. Regret: the pool's best test accuracy minus the pick's. Compute: measured"
                        + " training seconds up to the budget each configuration reached, plus the estimator's cost,"
                        + " as a fraction of training every configuration of the pool fully.")
                .append(" &#916; vs val-acc: the paired difference from the same search deciding by val-acc (same"
                        + " draws), with its ").append(Math.round(CONFIDENCE * 100))
                .append("% t-interval over repeats (better / same / worse picks).</p>\n");
        if (summary.get(0).bestInPool() != null) {
            b.append("<p>Best test accuracy in the pool: ").append(pct(summary.get(0).bestInPool())).append(".</p>\n");
        }
        b.append("<table class=\"search\">\n<thead><tr><th>algorithm</th><th>estimator</th><th>repeats</th>")
                .append("<th>pick test acc (%)</th><th>&#916; vs val-acc (points)</th><th>regret (points)</th>")
                .append("<th>compute / full</th><th>epochs</th><th>configurations</th><th>fallback decisions</th>")
                .append("</tr></thead>\n<tbody>\n");
        for (SearchSummary.Row r : summary) {
            b.append("<tr><td>").append(esc(r.algorithm())).append("</td><td>").append(esc(r.estimator()))
                    .append("</td><td class=\"num\">").append(r.repeats())
                    .append("</td><td class=\"num\">").append(pm(r.testMean(), r.testSd()))
                    .append("</td><td class=\"num\">").append(comparison(r.versusValAcc()))
                    .append("</td><td class=\"num\">").append(pm(r.regretMean(), r.regretSd()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.3f", r.computeFraction()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", r.epochsTrained()))
                    .append("</td><td class=\"num\">").append(String.format(Locale.ROOT, "%.1f", r.configurations()))
                    .append("</td><td class=\"num\">").append(r.fallbackDecisions()).append(" / ").append(r.decisions())
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        List<String> caveats = new ArrayList<>();
        for (SearchSummary.Row r : summary) {
            if (r.fallbackDecisions() > 0) {
                caveats.add(esc(r.algorithm()) + " with " + esc(r.estimator()) + ": " + r.fallbackDecisions() + " of "
                        + r.decisions() + " decisions had no " + esc(r.estimator()) + " score at their budget and ranked"
                        + " by val-acc there");
            }
        }
        new TreeSet<>(summary.stream().map(SearchSummary.Row::estimator)
                .filter(StoredEstimateScorer.FITTED_ACROSS_RUNS::contains).toList())
                .forEach(e -> caveats.add(esc(e) + " is fitted across runs: its stored cross-fitted scores saw the final"
                        + " accuracies of runs the search had not trained, so its replay is optimistic"));
        if (!caveats.isEmpty()) {
            b.append("<ul class=\"search-notes\">\n");
            caveats.forEach(c -> b.append("<li>").append(c).append(".</li>\n"));
            b.append("</ul>\n");
        }
        b.append("<figure>").append(Charts.svg(chart(summary, ctx), WIDTH, HEIGHT, "chart-search")).append("</figure>\n")
                .append("<p>One point per search: mean compute against mean pick test accuracy over its repeats, bars"
                        + " +- one standard deviation. Colour: estimator; shape: algorithm (")
                .append(shapesLegend(summary)).append(").</p>\n");
        return b.toString();
    }

    private static String repeatsText(List<SearchSummary.Row> summary) {
        int min = summary.stream().mapToInt(SearchSummary.Row::repeats).min().orElse(0);
        int max = summary.stream().mapToInt(SearchSummary.Row::repeats).max().orElse(0);
        return (min == max ? String.valueOf(min) : min + " to " + max) + " times";
    }

    static JFreeChart chart(List<SearchSummary.Row> summary, ReportContext ctx) {
        List<String> estimators = new ArrayList<>(new TreeSet<>(summary.stream().map(SearchSummary.Row::estimator).toList()));
        List<String> algorithms = new ArrayList<>();
        summary.forEach(r -> {
            if (!algorithms.contains(r.algorithm())) {
                algorithms.add(r.algorithm());
            }
        });
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        Map<Integer, List<String>> itemAlgorithm = new LinkedHashMap<>();
        for (int i = 0; i < estimators.size(); i++) {
            YIntervalSeries s = new YIntervalSeries(estimators.get(i), false, true);
            List<String> algs = new ArrayList<>();
            for (SearchSummary.Row r : summary) {
                if (r.estimator().equals(estimators.get(i)) && r.testMean() != null) {
                    double m = 100 * r.testMean();
                    double sd = r.testSd() == null ? 0 : 100 * r.testSd();
                    s.add(r.computeFraction(), m, m - sd, m + sd);
                    algs.add(r.algorithm());
                }
            }
            data.addSeries(s);
            itemAlgorithm.put(i, algs);
        }
        NumberAxis x = new NumberAxis("compute / training every configuration fully");
        // The searches are usually matched in compute: zoom on where they are, not on 0..max.
        double xlo = summary.stream().mapToDouble(SearchSummary.Row::computeFraction).min().orElse(0);
        double xhi = summary.stream().mapToDouble(SearchSummary.Row::computeFraction).max().orElse(1);
        double xpad = Math.max(0.01, 0.1 * (xhi - xlo));
        x.setRange(Math.max(0, xlo - xpad), xhi + xpad);
        NumberAxis y = new NumberAxis("pick test accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = new XYErrorRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Shape getItemShape(int series, int item) {
                List<String> algs = itemAlgorithm.get(series);
                return shape(algs == null || item >= algs.size() ? 0 : algorithms.indexOf(algs.get(item)));
            }
        };
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(false);
        renderer.setDefaultShapesVisible(true);
        for (int i = 0; i < estimators.size(); i++) {
            int page = ctx == null ? -1 : ctx.index(estimators.get(i));
            Color c = page >= 0 ? ctx.color(estimators.get(i)) : Charts.color(i);
            renderer.setSeriesPaint(i, c);
            renderer.setSeriesFillPaint(i, c);
            // The legend names estimators (colours); shapes name algorithms, so the legend shows a bar.
            renderer.setLegendShape(i, new Rectangle2D.Double(-7, -2, 14, 4));
        }
        renderer.setErrorStroke(new BasicStroke(1f));
        XYPlot plot = new XYPlot(data, x, y, renderer);
        Double best = summary.stream().map(SearchSummary.Row::bestInPool).filter(v -> v != null).findFirst().orElse(null);
        if (best != null) {
            plot.addRangeMarker(Charts.marker(100 * best, new Color(0x333333), Charts.REFERENCE,
                    "best in pool " + String.format(Locale.ROOT, "%.2f", 100 * best), RectangleAnchor.BOTTOM_RIGHT,
                    TextAnchor.TOP_RIGHT));
            // Markers do not take part in the axis' auto range: keep the line in view.
            double lo = 100 * best;
            double hi = 100 * best;
            for (int i = 0; i < data.getSeriesCount(); i++) {
                for (int j = 0; j < data.getItemCount(i); j++) {
                    lo = Math.min(lo, data.getStartYValue(i, j));
                    hi = Math.max(hi, data.getEndYValue(i, j));
                }
            }
            double pad = Math.max(0.2, 0.08 * (hi - lo));
            y.setRange(lo - pad, hi + pad);
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart);
        return chart;
    }

    /** Circle, square, triangle, diamond, then circles again. */
    static Shape shape(int i) {
        double r = 4.5;
        return switch (Math.floorMod(i, 4)) {
            case 0 -> new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
            case 1 -> new Rectangle2D.Double(-r, -r, 2 * r, 2 * r);
            case 2 -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, -r - 1);
                p.lineTo(r + 1, r);
                p.lineTo(-r - 1, r);
                p.closePath();
                yield p;
            }
            default -> {
                Path2D.Double p = new Path2D.Double();
                p.moveTo(0, -r - 1);
                p.lineTo(r + 1, 0);
                p.lineTo(0, r + 1);
                p.lineTo(-r - 1, 0);
                p.closePath();
                yield p;
            }
        };
    }

    private static String shapesLegend(List<SearchSummary.Row> summary) {
        String[] names = {"circle", "square", "triangle", "diamond"};
        List<String> algorithms = new ArrayList<>();
        summary.forEach(r -> {
            if (!algorithms.contains(r.algorithm())) {
                algorithms.add(r.algorithm());
            }
        });
        List<String> out = new ArrayList<>();
        for (int i = 0; i < algorithms.size(); i++) {
            out.add(names[i % 4] + " = " + esc(algorithms.get(i)));
        }
        return String.join(", ", out);
    }

    private static String pct(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static String pm(Double mean, Double sd) {
        if (mean == null) {
            return "n/a";
        }
        return sd == null ? String.format(Locale.ROOT, "%.2f", 100 * mean)
                : String.format(Locale.ROOT, "%.2f &#177; %.2f", 100 * mean, 100 * sd);
    }

    private static String comparison(SearchSummary.Comparison c) {
        if (c == null) {
            return "&#8211;";
        }
        String ci = c.low() == null ? "" : String.format(Locale.ROOT, " [%+.2f, %+.2f]", 100 * c.low(), 100 * c.high());
        return String.format(Locale.ROOT, "%+.2f", 100 * c.meanDiff()) + ci + " (" + c.better() + " / " + c.ties()
                + " / " + c.worse() + ")";
    }
}
