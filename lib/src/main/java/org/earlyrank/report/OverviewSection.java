package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable.RunRow;

import com.fasterxml.jackson.databind.JsonNode;

/** What was compared: runs, truth, budgets, estimators, the effective budget T_eff, and every stage's notes. */
public final class OverviewSection extends AbstractReportSection {
    public OverviewSection() {
        super("overview", "Overview");
    }

    @Override
    public String html(ReportContext ctx) {
        Map<String, Integer> status = new TreeMap<>();
        TreeSet<String> sources = new TreeSet<>();
        for (RunRow r : ctx.runs()) {
            status.merge(r.status(), 1, Integer::sum);
            sources.add(r.source());
        }
        Map<String, TreeSet<String>> stages = new TreeMap<>();
        for (EstimateRow e : ctx.estimates()) {
            stages.computeIfAbsent(e.estimator(), k -> new TreeSet<>()).add(e.stage() == null ? "?" : e.stage());
        }
        StringBuilder b = new StringBuilder("<dl class=\"facts\">\n");
        fact(b, "Sweep", esc(ctx.sweepId()));
        StringBuilder st = new StringBuilder();
        status.forEach((k, v) -> st.append(st.length() == 0 ? "" : ", ").append(v).append(' ').append(esc(k)));
        fact(b, "Runs", ctx.runs().size() + " (" + st + "); source: " + esc(String.join(", ", sources)));
        fact(b, "Truth", esc(ctx.truth().description()) + " of " + ctx.truth().values().size() + " ok runs");
        fact(b, "Full budget", ctx.fullBudget() + " epochs");
        StringBuilder est = new StringBuilder();
        stages.forEach((k, v) -> est.append(est.length() == 0 ? "" : ", ").append("<code>").append(esc(k))
                .append("</code> (").append(esc(String.join(", ", v))).append(')'));
        fact(b, "Estimators", !stages.isEmpty() ? stages.size() + ": " + est
                : ctx.hasTable(EstimatesTable.NAME) ? "none: the <code>estimates</code> table is empty"
                : "none: the sweep has no <code>estimates</code> table (no estimator scored it), so "
                + "<code>rank_correlation</code> is empty and only the sections below that need no estimates are shown");
        Integer teff = ctx.effectiveBudget();
        fact(b, "Effective budget T<sub>eff</sub>", teff == null
                ? "not recorded (score-tse did not run, or could not compute it on this sweep)"
                : teff + " epochs = floor(0.9 T<sub>o</sub>), T<sub>o</sub> = " + ctx.overfitEpoch() + " (recorded by "
                + "score-tse: the first epoch at which a fully trained run overfits, minimum over the runs it checked; Ru "
                + "et al. use TSE-E and TSE-EMA only up to T<sub>eff</sub>: estimators tse-e-eb and tse-ema-eb)");
        var o = ctx.options();
        fact(b, "Metrics", "Kendall tau-b, Spearman rho (average ranks), Pearson r, precision@k ("
                + (o.topK() > 0 ? "k = " + o.topK() : "k = " + Math.round(o.topKFraction() * 100) + "% of the runs, at least 1")
                + "), regret of the top-1 pick; tau interval: " + (o.bootstrap() == 0 ? "none"
                : Math.round(o.confidence() * 100) + "% percentile bootstrap over runs, " + o.bootstrap()
                + " resamples, seed " + o.seed()));
        b.append("</dl>\n");
        StringBuilder notes = new StringBuilder();
        for (String n : ctx.truth().notes()) {
            notes.append("<li>report: ").append(esc(n)).append("</li>\n");
        }
        JsonNode stagesNode = ctx.optionsJson() == null ? null : ctx.optionsJson().path("stages");
        if (stagesNode != null && stagesNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = stagesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                for (JsonNode n : e.getValue().path("notes")) {
                    notes.append("<li>").append(esc(e.getKey())).append(": ").append(esc(n.asText())).append("</li>\n");
                }
            }
        }
        if (notes.length() > 0) {
            b.append("<h3>Notes</h3>\n<ul class=\"notes\">\n").append(notes).append("</ul>\n");
        }
        return b.toString();
    }

    private static void fact(StringBuilder b, String term, String html) {
        b.append("<dt>").append(term).append("</dt><dd>").append(html).append("</dd>\n");
    }
}
