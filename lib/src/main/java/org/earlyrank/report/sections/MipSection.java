package org.earlyrank.report.sections;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hadoop.fs.Path;
import org.earlyrank.report.AbstractReportSection;
import org.earlyrank.report.Charts;
import org.earlyrank.report.Html;
import org.earlyrank.report.ReportContext;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.MipConfirmationTable;
import org.earlyrank.schema.MipConfirmationTable.ConfirmationRow;
import org.earlyrank.schema.MipDecisionsTable;
import org.earlyrank.schema.MipDecisionsTable.DecisionRow;
import org.earlyrank.schema.MipImportanceTable;
import org.earlyrank.schema.MipImportanceTable.ImportanceRow;
import org.earlyrank.schema.MipTrialsTable;
import org.earlyrank.schema.MipTrialsTable.TrialRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.ParquetTableReader;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What prune-mip wrote (minimum importance pruning, Zheng et al. CVPR 2020): each free parameter's
 * importance in each iteration (grouped bars, with the importance threshold of Eq. 9), the decisions
 * (iteration, parameter, fixed value, rule, reason), r_s against the measured cost ratio of every scored
 * setting with the chosen one marked, the chosen setting's r_s and cost against full training in a
 * sentence, and its confirmation on architectures outside G ({@code mip_confirmation}) when there is one.
 *
 * <p>Standalone: a prune-mip folder has no estimates, and the report still draws this section there.
 * {@code mip_trials} has one column per budget parameter; the section takes those columns from the part
 * file's footer ({@link MipTrialsTable#of}), so it needs neither the config nor the budget space.
 * Missing mip_trials or mip_decisions (an incomplete copy) leave out their parts, not the section.
 */
public final class MipSection extends AbstractReportSection {
    static final String STAGE = "prune-mip";
    static final int WIDTH = 920;
    static final int HEIGHT = 380;

    public MipSection() {
        super("mip", "Minimum importance pruning (budgeted training setting)");
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(MipTrialsTable.TABLE, MipImportanceTable.TABLE, MipDecisionsTable.TABLE, MipConfirmationTable.TABLE);
    }

    @Override
    public boolean standalone() {
        return true;
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.hasTable(MipImportanceTable.NAME) && !importances(ctx).isEmpty();
    }

    private static List<ImportanceRow> importances(ReportContext ctx) {
        return ctx.table(MipImportanceTable.TABLE, STAGE).stream().map(ImportanceRow::fromRow)
                .sorted(Comparator.comparingInt(ImportanceRow::iteration).thenComparingInt(ImportanceRow::rank)).toList();
    }

    /** mip_trials' schema as written (fixed columns plus this run's budget parameters), or null when absent. */
    static TableSchema trialsSchema(ReportContext ctx) {
        if (!ctx.hasTable(MipTrialsTable.NAME)) {
            return null;
        }
        List<Path> parts = ctx.sweep().partFiles(MipTrialsTable.TABLE, STAGE);
        if (parts.isEmpty()) {
            return MipTrialsTable.TABLE;
        }
        Path first = parts.get(0);
        return MipTrialsTable.of(ParquetTableReader.footerSchema(first, ctx.sweep().conf(), MipTrialsTable.NAME),
                first.toString());
    }

    @Override
    public String html(ReportContext ctx) {
        List<ImportanceRow> imps = importances(ctx);
        List<DecisionRow> decisions = !ctx.hasTable(MipDecisionsTable.NAME) ? List.of()
                : ctx.table(MipDecisionsTable.TABLE, STAGE).stream().map(DecisionRow::fromRow)
                .sorted(Comparator.comparingInt(DecisionRow::iteration)).toList();
        TableSchema trialsTable = trialsSchema(ctx);
        List<TrialRow> trials = trialsTable == null ? List.of()
                : ctx.table(trialsTable, STAGE).stream().map(r -> TrialRow.fromRow(r, trialsTable))
                .sorted(Comparator.comparingInt(TrialRow::iteration).thenComparingInt(TrialRow::trial)).toList();
        // Parameters in Omega's order (mip_trials' column order), then any the trials do not list.
        Set<String> params = new LinkedHashSet<>(trialsTable == null ? List.of() : MipTrialsTable.parameters(trialsTable));
        imps.forEach(i -> params.add(i.parameter()));
        Set<String> integers = new LinkedHashSet<>();
        if (trialsTable != null) {
            for (String p : MipTrialsTable.parameters(trialsTable)) {
                if (trialsTable.column(trialsTable.indexOf(p)).type() == ColumnType.INT) {
                    integers.add(p);
                }
            }
        }
        JsonNode mip = ctx.optionsJson() == null ? null : ctx.optionsJson().path("stages").path(STAGE);
        JsonNode mipOptions = mip == null ? null : mip.path("options").path(STAGE);
        Double threshold = real(mipOptions, "importance_threshold");
        Double lambda = real(mipOptions, "cost_lambda");

        StringBuilder b = new StringBuilder();
        int nArchs = trials.stream().mapToInt(TrialRow::nArchs).max().orElse(0);
        b.append("<p>prune-mip searched for the cheapest training setting whose ranking of the architectures of G")
                .append(nArchs > 0 ? " (" + nArchs + " with a full-training truth)" : "")
                .append(" agrees with full training. Each iteration drew settings from the cost-aware distribution"
                        + " (Eq. 2), trained G under each and scored r<sub>s</sub> = Spearman(R<sub>b</sub>, R<sub>f</sub>),"
                        + " both rankings by final validation accuracy (Eq. 1; the test ranking is only reported, as"
                        + " r<sub>s</sub> vs test);"
                        + " a random forest fitted on every trial so far gave each free parameter's importance (mean"
                        + " decrease in impurity, as a share of the whole forest's, Eq. 7-8), and the least important"
                        + " parameter was fixed (Eq. 9). The tables <code>mip_trials</code>, <code>mip_importance</code>,"
                        + " <code>mip_decisions</code> and <code>mip_pairs</code>.</p>\n");
        b.append(chosenSentence(trials, integers, lambda));
        if (ctx.hasTable(MipConfirmationTable.NAME)) {
            b.append(confirmation(ctx.table(MipConfirmationTable.TABLE, STAGE).stream().map(ConfirmationRow::fromRow).toList(),
                    real(mipOptions, "confidence")));
        }

        b.append("<h3>Importance per iteration</h3>\n<figure>")
                .append(Charts.svg(importanceChart(imps, decisions, List.copyOf(params), threshold), WIDTH, HEIGHT,
                        "chart-" + id() + "-importance"))
                .append("</figure>\n<p>Bars: the importance of each parameter still free in the iteration (its share of the"
                        + " whole forest's decrease in impurity; pruned parameters take the rest);"
                        + " the parameter in brackets was fixed in that iteration.")
                .append(threshold == null ? "" : " Dashed line: the threshold " + num(threshold, 2)
                        + " below which a fixed parameter takes its cheapest value.")
                .append("</p>\n");

        if (!decisions.isEmpty()) {
            b.append("<h3>Decisions</h3>\n<table>\n<thead><tr><th>iteration</th><th>parameter</th><th>fixed value</th>"
                    + "<th>importance</th><th>rule</th><th>reason</th></tr></thead>\n<tbody>\n");
            for (DecisionRow d : decisions) {
                b.append("<tr><td class=\"num\">").append(d.iteration()).append("</td><td><code>").append(esc(d.parameter()))
                        .append("</code></td><td class=\"num\">").append(esc(value(d.fixedValue())))
                        .append("</td><td class=\"num\">").append(num(d.importance(), 3)).append("</td><td>")
                        .append(esc(d.rule())).append("</td><td>").append(esc(d.reason())).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n");
        }

        List<TrialRow> costed = trials.stream().filter(t -> t.costRatio() != null).toList();
        if (!costed.isEmpty()) {
            b.append("<h3>r<sub>s</sub> against cost</h3>\n<figure>")
                    .append(Charts.svg(costChart(costed, lambda), WIDTH, HEIGHT, "chart-" + id() + "-cost"))
                    .append("</figure>\n<p>Every scored setting: its r<sub>s</sub> against its mean measured training"
                            + " seconds per architecture over full training's. Settings whose ranking of G was constant"
                            + " have no defined r<sub>s</sub> and are drawn at 0, as recorded.")
                    .append(lambda == null ? "" : " Dotted line: the settings with the chosen one's objective"
                            + " r<sub>s</sub> - " + num(lambda, 2) + " x cost ratio (higher left is better).")
                    .append(trials.size() > costed.size() ? " " + (trials.size() - costed.size())
                            + " setting(s) without a measured cost are not drawn." : "")
                    .append("</p>\n");
        }
        if (!trials.isEmpty()) {
            trialsTable(b, trials, trialsTable == null ? List.of() : MipTrialsTable.parameters(trialsTable), integers);
        }
        return b.toString();
    }

    /** The answer in words: the chosen setting, its r_s and its cost against full training. */
    private static String chosenSentence(List<TrialRow> trials, Set<String> integers, Double lambda) {
        TrialRow chosen = trials.stream().filter(TrialRow::chosen).findFirst().orElse(null);
        if (chosen == null) {
            return trials.isEmpty() ? "" : "<p>No setting was chosen: none of the scored settings has a measured cost.</p>\n";
        }
        StringBuilder b = new StringBuilder("<p><strong>Chosen setting</strong> <code>")
                .append(esc(setting(chosen, integers))).append("</code> (iteration ").append(chosen.iteration())
                .append(", trial ").append(chosen.trial()).append(", ").append(esc(chosen.kind())).append("): ")
                .append(rs(chosen)).append(" against full training, at ").append(ratio(chosen))
                .append(" of its training cost (").append(Html.seconds(chosen.meanCostSeconds())).append(" against ")
                .append(Html.seconds(chosen.fullCostSeconds())).append(" per architecture); objective ")
                .append(num(chosen.objective(), 3))
                .append(lambda == null ? "" : " = r<sub>s</sub> - " + num(lambda, 2) + " x cost ratio").append(".");
        TrialRow fin = trials.stream().filter(t -> t.kind().equals("final")).findFirst().orElse(null);
        if (fin != null && fin != chosen) {
            b.append(" With every parameter fixed (the final setting <code>").append(esc(setting(fin, integers)))
                    .append("</code>): ").append(rs(fin)).append(" at ").append(ratio(fin)).append(" of the cost.");
        }
        return b.append("</p>\n").toString();
    }

    /** The chosen setting on architectures that took no part in the search: r_s with its interval. */
    static String confirmation(List<ConfirmationRow> rows, Double confidence) {
        if (rows.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("<h3>Confirmation on architectures outside G</h3>\n<p>The chosen setting"
                + " was trained on architectures that took no part in the search, and ranked them against their full"
                + " training (<code>mip_confirmation</code>). r<sub>s</sub> on G itself is optimistic (the search kept"
                + " the best of many noisy settings); this one is not.</p>\n<table>\n<thead><tr><th>setting</th>"
                + "<th>architectures</th><th>r<sub>s</sub></th><th>interval</th><th>cost per architecture</th>"
                + "<th>full training</th></tr></thead>\n<tbody>\n");
        for (ConfirmationRow r : rows) {
            b.append("<tr><td><code>").append(esc(r.setting())).append("</code></td><td class=\"num\">")
                    .append(r.architectures()).append("</td><td class=\"num\">")
                    .append(r.spearman() == null ? "undefined" : num(r.spearman(), 3)).append("</td><td class=\"num\">")
                    .append(r.ciLow() == null ? "–" : "[" + num(r.ciLow(), 3) + ", " + num(r.ciHigh(), 3) + "]")
                    .append("</td><td class=\"num\">").append(Html.seconds(r.costSeconds()))
                    .append("</td><td class=\"num\">").append(Html.seconds(r.fullCostSeconds())).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n<p>Interval: ")
                .append(confidence == null ? "" : Math.round(confidence * 100) + "% ")
                .append("Fisher z with Fieller's variance 1.06 / (n - 3).</p>\n");
        return b.toString();
    }

    private static String rs(TrialRow t) {
        return t.spearmanDefined() ? "r<sub>s</sub> = " + num(t.spearman(), 3)
                : "r<sub>s</sub> undefined (the setting ranked every architecture alike; recorded as 0)";
    }

    private static String ratio(TrialRow t) {
        return t.costRatio() == null ? "an unmeasured share" : num(t.costRatio(), 3) + "x";
    }

    private static String setting(TrialRow t, Set<String> integers) {
        StringBuilder b = new StringBuilder();
        t.parameters().forEach((p, v) -> b.append(b.length() == 0 ? "" : ", ").append(p).append(' ')
                .append(v == null ? "–" : integers.contains(p) ? String.valueOf(Math.round(v)) : value(v)));
        return b.toString();
    }

    /** A parameter value: whole numbers without decimals, others as short as they are exact. */
    static String value(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return String.valueOf((long) v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    private static Double real(JsonNode node, String key) {
        if (node == null) {
            return null;
        }
        JsonNode n = node.path(key);
        return n.isNumber() ? n.doubleValue() : null;
    }

    private static JFreeChart importanceChart(List<ImportanceRow> imps, List<DecisionRow> decisions, List<String> params,
                                              Double threshold) {
        Map<Integer, String> fixed = new TreeMap<>();
        decisions.forEach(d -> fixed.put(d.iteration(), d.parameter()));
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<Integer, String> labels = new TreeMap<>();
        for (ImportanceRow i : imps) {
            labels.computeIfAbsent(i.iteration(), it -> it + (fixed.containsKey(it) ? " (" + fixed.get(it) + ")" : ""));
        }
        // Rows in Omega's order, so a parameter keeps its colour; a pruned parameter has no bar later.
        for (String p : params) {
            for (String label : labels.values()) {
                data.addValue(null, p, label);
            }
        }
        for (ImportanceRow i : imps) {
            data.setValue(i.importance(), i.parameter(), labels.get(i.iteration()));
        }
        CategoryAxis x = new CategoryAxis("iteration (parameter fixed in it)");
        NumberAxis y = new NumberAxis("importance (share of the whole forest, Eq. 8)");
        y.setRange(0, 1.05);
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setItemMargin(0.04);
        for (int i = 0; i < params.size(); i++) {
            renderer.setSeriesPaint(i, Charts.color(i));
        }
        CategoryPlot plot = new CategoryPlot(data, x, y, renderer);
        if (threshold != null) {
            plot.addRangeMarker(Charts.marker(threshold, new Color(0x666666), Charts.REFERENCE,
                    "threshold " + num(threshold, 2), RectangleAnchor.TOP_RIGHT, TextAnchor.BOTTOM_RIGHT));
        }
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, plot, true);
        Charts.style(chart);
        return chart;
    }

    private static JFreeChart costChart(List<TrialRow> trials, Double lambda) {
        XYSeriesCollection data = new XYSeriesCollection();
        XYSeries sampled = new XYSeries("sampled settings");
        XYSeries undefined = new XYSeries("r_s undefined (drawn at 0)");
        XYSeries fin = new XYSeries("final (every parameter fixed)");
        XYSeries reference = new XYSeries("full training (R_f itself)");
        XYSeries chosen = new XYSeries("chosen");
        double maxX = 1;
        for (TrialRow t : trials) {
            double x = t.costRatio();
            maxX = Math.max(maxX, x);
            XYSeries s = !t.spearmanDefined() ? undefined
                    : switch (t.kind()) {
                        case "reference" -> reference;
                        case "final" -> fin;
                        default -> sampled;
                    };
            s.add(x, t.spearman());
            if (t.chosen()) {
                chosen.add(x, t.spearman());
            }
        }
        List<XYSeries> series = new ArrayList<>(List.of(chosen, sampled, fin, reference, undefined));
        TrialRow best = trials.stream().filter(TrialRow::chosen).findFirst().orElse(null);
        XYSeries iso = null;
        if (lambda != null && best != null && best.objective() != null) {
            iso = new XYSeries("same objective as chosen");
            iso.add(0, best.objective());
            iso.add(maxX * 1.05, best.objective() + lambda * maxX * 1.05);
            series.add(iso);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        int i = 0;
        for (XYSeries s : series) {
            if (s.getItemCount() == 0) {
                continue;
            }
            data.addSeries(s);
            Shape shape = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
            Color c = Charts.color(i);
            if (s == chosen) {
                shape = new Ellipse2D.Double(-8, -8, 16, 16);
                c = new Color(0xE15759);
                renderer.setSeriesShapesFilled(i, false);
                renderer.setSeriesOutlineStroke(i, new BasicStroke(2.2f));
                renderer.setUseOutlinePaint(false);
                renderer.setSeriesStroke(i, new BasicStroke(2.2f));
            } else if (s == reference) {
                shape = new Rectangle2D.Double(-4.5, -4.5, 9, 9);
                c = new Color(0x555555);
            } else if (s == fin) {
                shape = new Rectangle2D.Double(-4, -4, 8, 8);
                c = new Color(0x59A14F);
            } else if (s == undefined) {
                c = new Color(0xBAB0AC);
            } else if (s == iso) {
                c = new Color(0x999999);
                renderer.setSeriesLinesVisible(i, true);
                renderer.setSeriesShapesVisible(i, false);
                renderer.setSeriesStroke(i, new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                        new float[]{2f, 3f}, 0f));
            } else {
                c = new Color(0x4E79A7);
            }
            renderer.setSeriesShape(i, shape);
            renderer.setSeriesPaint(i, c);
            i++;
        }
        NumberAxis x = new NumberAxis("mean training cost / full training's (measured seconds per architecture)");
        x.setRange(0, maxX * 1.05);
        NumberAxis y = new NumberAxis("r_s = Spearman(R_b, R_f)");
        y.setRange(-1.05, 1.05);
        JFreeChart chart = new JFreeChart(null, Charts.TITLE, new XYPlot(data, x, y, renderer), true);
        Charts.style(chart);
        return chart;
    }

    private static void trialsTable(StringBuilder b, List<TrialRow> trials, List<String> params, Set<String> integers) {
        b.append("<details><summary>").append(trials.size()).append(" scored settings (<code>mip_trials</code>)</summary>\n")
                .append("<table>\n<thead><tr><th>iteration</th><th>trial</th><th>kind</th>");
        for (String p : params) {
            b.append("<th>").append(esc(p)).append("</th>");
        }
        b.append("<th>r<sub>s</sub></th><th>r<sub>s</sub> vs test</th><th>cost ratio</th><th>modelled cost</th><th>objective</th><th>chosen</th>"
                + "</tr></thead>\n<tbody>\n");
        for (TrialRow t : trials) {
            b.append("<tr><td class=\"num\">").append(t.iteration()).append("</td><td class=\"num\">").append(t.trial())
                    .append("</td><td>").append(esc(t.kind())).append("</td>");
            for (String p : params) {
                Double v = t.parameters().get(p);
                b.append("<td class=\"num\">").append(v == null ? "–" : integers.contains(p)
                        ? String.valueOf(Math.round(v)) : esc(value(v))).append("</td>");
            }
            b.append("<td class=\"num\">").append(t.spearmanDefined() ? num(t.spearman(), 3) : "– (0)")
                    .append("</td><td class=\"num\">").append(num(t.spearmanTest(), 3))
                    .append("</td><td class=\"num\">").append(num(t.costRatio(), 3)).append("</td><td class=\"num\">")
                    .append(num(t.modelCost(), 3)).append("</td><td class=\"num\">").append(num(t.objective(), 3))
                    .append("</td><td>").append(t.chosen() ? "&#10003;" : "").append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n</details>\n");
    }
}
