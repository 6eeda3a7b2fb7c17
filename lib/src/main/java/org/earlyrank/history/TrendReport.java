package org.earlyrank.history;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.awt.geom.Ellipse2D;
import java.nio.charset.StandardCharsets;
import java.text.SimpleDateFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.hadoop.fs.Path;
import org.earlyrank.Version;
import org.earlyrank.history.Trends.Flag;
import org.earlyrank.history.Trends.NightPoint;
import org.earlyrank.history.Trends.TauPoint;
import org.earlyrank.report.Charts;
import org.earlyrank.report.Html;
import org.earlyrank.report.ReportPage;
import org.earlyrank.schema.NightsTable.NightRow;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.store.Fs;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.DateTickUnit;
import org.jfree.chart.axis.DateTickUnitType;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The trend report, {@code HISTORY_DIR/report/index.html}: one self-contained page (the sweep report's
 * style sheet, inline SVG charts, no scripts or external files) with the flags ({@link Trends}), one row
 * per night (sweep, commit, config hash, runs, wall time, images/s), Kendall tau per estimator across the
 * nights with its bootstrap interval (one chart per budget), and wall time and throughput per night.
 * Written whole with a rename, so a reader never sees half a page.
 */
public final class TrendReport {
    public static final String PAGE = "index.html";
    static final int WIDTH = 540;
    static final int HEIGHT = 320;

    private TrendReport() {
    }

    /** Draws the page from the history as it is now; returns its path. */
    public static Path write(History history, Trends trends) {
        Path page = new Path(history.reportDir(), PAGE);
        Fs.mkdirs(history.fs(), history.reportDir());
        Fs.replaceFile(history.fs(), page, html(history, trends).getBytes(StandardCharsets.UTF_8));
        return page;
    }

    static String html(History history, Trends trends) {
        List<NightPoint> nights = trends.nights();
        List<Flag> flags = trends.flags();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>EarlyRank nightly history</title>\n<style>\n").append(ReportPage.CSS)
                .append("td.flag{color:#a00;font-weight:600}\n</style>\n</head>\n<body>\n<header>\n")
                .append("<h1>EarlyRank nightly history</h1>\n<p class=\"meta\">").append(nights.size())
                .append(" night(s)");
        if (!nights.isEmpty()) {
            b.append(", ").append(nights.get(0).date()).append(" to ").append(nights.get(nights.size() - 1).date());
        }
        b.append(", in <code>").append(esc(history.toString())).append("</code>. Generated ")
                .append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(" by EarlyRank ")
                .append(esc(Version.version())).append(" (").append(esc(Version.gitCommit())).append(").</p>\n")
                .append("<nav><ul><li><a href=\"#flags\">Flags</a></li><li><a href=\"#nights\">Nights</a></li>")
                .append("<li><a href=\"#tau\">Kendall tau across nights</a></li>")
                .append("<li><a href=\"#speed\">Wall time and throughput</a></li></ul></nav>\n</header>\n");
        flags(b, flags);
        nightsTable(b, nights, flags);
        tau(b, trends, flags);
        speed(b, nights);
        b.append("</body>\n</html>\n");
        return b.toString();
    }

    private static void flags(StringBuilder b, List<Flag> flags) {
        b.append("<section id=\"flags\">\n<h2>Flags</h2>\n<p>A night is flagged when an estimator's Kendall tau at a "
                + "budget lies outside every bootstrap interval it had at that budget on the previous ")
                .append(Trends.WINDOW).append(" nights, or when its training images/s per task fell more than ")
                .append(Trends.DROP_PERCENT).append("% below the median of the previous ").append(Trends.WINDOW)
                .append(" nights.</p>\n");
        if (flags.isEmpty()) {
            b.append("<p>No flags.</p>\n</section>\n");
            return;
        }
        b.append("<table>\n<tr><th>night</th><th>kind</th><th>what</th><th>value</th><th>against</th></tr>\n");
        for (Flag f : flags) {
            b.append("<tr><td>").append(f.date()).append("</td><td class=\"flag\">").append(esc(f.kind()))
                    .append("</td><td>").append(esc(f.subject())).append("</td><td class=\"num\">")
                    .append(num(f.value(), 3)).append("</td><td>").append(esc(f.reference())).append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private static void nightsTable(StringBuilder b, List<NightPoint> nights, List<Flag> flags) {
        b.append("<section id=\"nights\">\n<h2>Nights</h2>\n<p>One row per night (table <code>nights</code>). "
                + "The config hash covers every stage's recorded options; images/s is per task (training passes "
                + "only).</p>\n<table>\n<tr><th>night</th><th>sweep</th><th>commit</th><th>config</th><th>seed</th>"
                + "<th>runs ok / failed / diverged</th><th>wall</th><th>images/s</th><th>flags</th></tr>\n");
        for (NightPoint p : nights) {
            NightRow n = p.night();
            long flagged = flags.stream().filter(f -> f.date().equals(p.date())).count();
            b.append("<tr><td>").append(p.date()).append("</td><td><code>").append(esc(n.sweepId()))
                    .append("</code></td><td><code>").append(esc(shortText(n.gitCommit(), 10)))
                    .append("</code></td><td><code>").append(esc(shortText(n.configHash(), 10)))
                    .append("</code></td><td class=\"num\">").append(n.seed() == null ? "–" : n.seed())
                    .append("</td><td class=\"num\">").append(n.runsOk()).append(" / ").append(n.runsFailed())
                    .append(" / ").append(n.runsDiverged()).append("</td><td class=\"num\">")
                    .append(Html.seconds(n.wallSeconds())).append("</td><td class=\"num\">")
                    .append(num(n.trainImagesPerSecond(), 1)).append("</td><td")
                    .append(flagged > 0 ? " class=\"flag\">" + flagged : ">0").append("</td></tr>\n");
        }
        b.append("</table>\n</section>\n");
    }

    private static void tau(StringBuilder b, Trends trends, List<Flag> flags) {
        b.append("<section id=\"tau\">\n<h2>Kendall tau across nights</h2>\n");
        Map<String, Map<Integer, List<TauPoint>>> series = trends.series();
        Set<Integer> budgets = new TreeSet<>();
        series.values().forEach(m -> budgets.addAll(m.keySet()));
        if (budgets.isEmpty()) {
            b.append("<p>No rank correlations yet.</p>\n</section>\n");
            return;
        }
        b.append("<p>One chart per budget: each estimator's Kendall tau-b against the truth on each night, with "
                + "its bootstrap interval as an error bar (table <code>rank_correlation</code>).</p>\n<div class=\"grid\">\n");
        List<String> estimators = new ArrayList<>(series.keySet());
        for (int budget : budgets) {
            b.append("<figure>").append(Charts.svg(tauChart(series, estimators, budget), WIDTH, HEIGHT,
                    "chart-tau-" + budget)).append("</figure>\n");
        }
        b.append("</div>\n<h3>Flagged series</h3>\n");
        List<Flag> tauFlags = flags.stream().filter(f -> f.kind().equals(Flag.TAU)).toList();
        if (tauFlags.isEmpty()) {
            b.append("<p>None: every night's tau lies inside an interval of a previous night.</p>\n");
        } else {
            b.append("<table>\n<tr><th>estimator @ budget</th><th>night</th><th>tau [interval]</th></tr>\n");
            for (Flag f : tauFlags) {
                for (TauPoint p : trends.taus()) {
                    RankCorrelationRow r = p.row();
                    if ((r.estimator() + " @ " + r.budgetEpoch()).equals(f.subject())) {
                        b.append("<tr><td>").append(esc(f.subject())).append("</td><td")
                                .append(p.date().equals(f.date()) ? " class=\"flag\"" : "").append(">").append(p.date())
                                .append("</td><td class=\"num\">")
                                .append(Html.tauWithInterval(r.kendallTau(), r.tauCiLow(), r.tauCiHigh()))
                                .append("</td></tr>\n");
                    }
                }
            }
            b.append("</table>\n");
        }
        b.append("</section>\n");
    }

    private static JFreeChart tauChart(Map<String, Map<Integer, List<TauPoint>>> series, List<String> estimators,
                                       int budget) {
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDrawXError(false);
        renderer.setDefaultLinesVisible(true);
        int k = 0;
        for (String e : estimators) {
            List<TauPoint> points = series.get(e).get(budget);
            if (points == null) {
                continue;
            }
            YIntervalSeries s = new YIntervalSeries(e);
            for (TauPoint p : points) {
                RankCorrelationRow r = p.row();
                if (r.kendallTau() != null) {
                    s.add(millis(p.date()), r.kendallTau(), r.tauCiLow() == null ? r.kendallTau() : r.tauCiLow(),
                            r.tauCiHigh() == null ? r.kendallTau() : r.tauCiHigh());
                }
            }
            data.addSeries(s);
            int i = estimators.indexOf(e);
            renderer.setSeriesPaint(k, Charts.color(i));
            renderer.setSeriesStroke(k, Charts.stroke(i));
            renderer.setSeriesShape(k, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            k++;
        }
        NumberAxis y = new NumberAxis("Kendall tau-b");
        y.setRange(-1.05, 1.05);
        XYPlot plot = new XYPlot(data, dateAxis(), y, renderer);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        chart.setTitle(new TextTitle("budget " + budget + " epoch(s)", Charts.TITLE));
        Charts.style(chart);
        return chart;
    }

    private static void speed(StringBuilder b, List<NightPoint> nights) {
        b.append("<section id=\"speed\">\n<h2>Wall time and throughput</h2>\n<p>Wall time: the sum of the stages' "
                + "wall seconds. Throughput: training images per second of one task (sum of images trained over the "
                + "sum of training-pass seconds), so it does not depend on the cluster's size.</p>\n<div class=\"grid\">\n");
        b.append("<figure>").append(Charts.svg(nightChart(nights, "wall seconds", NightRow::wallSeconds),
                WIDTH, HEIGHT, "chart-wall")).append("</figure>\n");
        b.append("<figure>").append(Charts.svg(nightChart(nights, "training images/s per task",
                NightRow::trainImagesPerSecond), WIDTH, HEIGHT, "chart-throughput")).append("</figure>\n");
        b.append("</div>\n</section>\n");
    }

    private static JFreeChart nightChart(List<NightPoint> nights, String label, Function<NightRow, Double> value) {
        XYSeries s = new XYSeries(label);
        for (NightPoint p : nights) {
            Double v = value.apply(p.night());
            if (v != null) {
                s.add(millis(p.date()), v);
            }
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, Charts.color(0));
        renderer.setSeriesStroke(0, Charts.stroke(0));
        NumberAxis y = new NumberAxis(label);
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(new XYSeriesCollection(s), dateAxis(), y, renderer);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, false);
        Charts.style(chart);
        return chart;
    }

    /** Nights on the x axis: ticks a whole number of days apart (never the same date twice). */
    private static DateAxis dateAxis() {
        DateAxis x = new DateAxis("night");
        x.setTimeZone(TimeZone.getTimeZone("UTC"));
        SimpleDateFormat f = new SimpleDateFormat("yyyy-MM-dd");
        f.setTimeZone(TimeZone.getTimeZone("UTC"));
        TickUnits days = new TickUnits();
        for (int n : new int[]{1, 2, 7, 14, 28, 91, 182, 364}) {
            days.add(new DateTickUnit(DateTickUnitType.DAY, n, f));
        }
        x.setStandardTickUnits(days);
        x.setLowerMargin(0.05);
        x.setUpperMargin(0.05);
        return x;
    }

    private static long millis(LocalDate d) {
        return d.toEpochDay() * 86_400_000L;
    }

    private static String shortText(String s, int n) {
        return s == null ? "–" : s.length() <= n ? s : s.substring(0, n);
    }
}
