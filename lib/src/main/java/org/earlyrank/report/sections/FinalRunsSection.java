package org.earlyrank.report.sections;

import static org.earlyrank.report.Html.esc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.earlyrank.base.Text;
import org.earlyrank.report.AbstractReportSection;
import org.earlyrank.report.ReportContext;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.earlyrank.schema.TableSchema;

/**
 * What train-final wrote ({@code final_runs}): a per-estimator summary and one table row per winner. It
 * applies once train-final has run; the report is redrawn at the end of train-final (and by {@code report},
 * which notices the new table). Class names only ({@code final-runs}, {@code num}, {@code gain},
 * {@code loss}), no CSS or script of its own.
 *
 * <p>Per estimator it states what the search delivered: the final test accuracy of the winner the search
 * would keep, the one with the highest final <em>validation</em> accuracy (choosing by test accuracy would
 * leak the test set), next to the best sweep test accuracy among the same winners. NULL values print as
 * "n/a". Stateless and thread-safe.
 */
public final class FinalRunsSection extends AbstractReportSection {
    static final String STAGE = "train-final";

    public FinalRunsSection() {
        super("final-runs", "Final training of the winners");
    }

    @Override
    public List<TableSchema> tables() {
        return List.of(FinalRunsTable.TABLE);
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.hasTable(FinalRunsTable.NAME);
    }

    @Override
    public String html(ReportContext ctx) {
        return body(ctx.table(FinalRunsTable.TABLE, STAGE).stream().map(FinalRunRow::fromRow).toList());
    }

    /** The section's body for these rows (any order). */
    static String body(List<FinalRunRow> rows) {
        StringBuilder b = new StringBuilder();
        if (rows.isEmpty()) {
            return b.append("<p>No winners were retrained.</p>\n").toString();
        }
        List<FinalRunRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(FinalRunRow::estimator).thenComparingInt(FinalRunRow::budgetEpoch)
                .thenComparingInt(FinalRunRow::rankByEstimator));
        FinalRunRow any = sorted.get(0);
        b.append("<p>The top runs of each estimator, retrained at final scale data-parallel on ")
                .append(any.workers()).append(" worker").append(any.workers() == 1 ? "" : "s").append(" (")
                .append(esc(any.trainingMaster() == null ? "dl4j-spark" : any.trainingMaster()))
                .append("). Gain = final test accuracy minus the test accuracy the run reached in the sweep.</p>\n");

        Map<String, List<FinalRunRow>> byPick = new LinkedHashMap<>();
        for (FinalRunRow r : sorted) {
            byPick.computeIfAbsent(r.estimator() + " @ " + r.budgetEpoch(), k -> new ArrayList<>()).add(r);
        }
        b.append("<table class=\"final-runs-summary\">\n<thead><tr><th>estimator @ budget</th><th>chosen by</th>")
                .append("<th>winners</th><th>delivered test acc</th><th>its sweep test acc</th>")
                .append("<th>best sweep test acc of the winners</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, List<FinalRunRow>> e : byPick.entrySet()) {
            List<FinalRunRow> w = e.getValue();
            FinalRunRow kept = w.stream().filter(r -> r.finalValAcc() != null)
                    .max(Comparator.comparingDouble(FinalRunRow::finalValAcc)).orElse(w.get(0));
            Double bestSweep = w.stream().map(FinalRunRow::sweepTestAcc).filter(x -> x != null)
                    .max(Double::compare).orElse(null);
            b.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(esc(nz(kept.selection())))
                    .append("</td><td class=\"num\">").append(w.size()).append("</td><td class=\"num\">")
                    .append(acc(kept.finalTestAcc())).append(" (").append(esc(kept.runId())).append(")</td><td class=\"num\">")
                    .append(acc(kept.sweepTestAcc())).append("</td><td class=\"num\">").append(acc(bestSweep))
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");

        b.append("<table class=\"final-runs\">\n<thead><tr><th>estimator</th><th>budget</th><th>rank</th>")
                .append("<th>run</th><th>architecture</th><th>sweep test acc</th><th>final test acc</th><th>gain</th>")
                .append("<th>final val acc</th><th>epochs</th><th>C</th><th>N</th><th>train images</th>")
                .append("<th>workers</th><th>s / epoch</th><th>train time</th><th>status</th></tr></thead>\n<tbody>\n");
        for (FinalRunRow r : sorted) {
            Double gain = r.gainOverSweep();
            String gainClass = gain == null ? "num" : gain >= 0 ? "num gain" : "num loss";
            b.append("<tr><td>").append(esc(r.estimator())).append("</td><td class=\"num\">").append(r.budgetEpoch())
                    .append("</td><td class=\"num\">").append(r.rankByEstimator())
                    .append("</td><td>").append(esc(r.runId()))
                    .append("</td><td><code>").append(esc(r.arch())).append("</code></td><td class=\"num\">")
                    .append(acc(r.sweepTestAcc())).append("</td><td class=\"num\">").append(acc(r.finalTestAcc()))
                    .append("</td><td class=\"").append(gainClass).append("\">").append(signed(gain))
                    .append("</td><td class=\"num\">").append(acc(r.finalValAcc()))
                    .append("</td><td class=\"num\">").append(r.epochs())
                    .append("</td><td class=\"num\">").append(nz(r.channels()))
                    .append("</td><td class=\"num\">").append(nz(r.cells()))
                    .append("</td><td class=\"num\">").append(nz(r.trainSize()))
                    .append("</td><td class=\"num\">").append(r.workers())
                    .append("</td><td class=\"num\">").append(num(r.secondsPerEpoch(), "%.1f"))
                    .append("</td><td class=\"num\">").append(duration(r.trainSeconds()))
                    .append("</td><td>").append(esc(nz(r.status()))).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return b.toString();
    }

    private static String nz(Object o) {
        return o == null ? "n/a" : o.toString();
    }

    private static String acc(Double v) {
        return num(v, "%.4f");
    }

    private static String num(Double v, String format) {
        return v == null ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static String signed(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%+.4f", v);
    }

    private static String duration(Double seconds) {
        if (seconds == null) {
            return "n/a";
        }
        return Text.clock(seconds);
    }
}
