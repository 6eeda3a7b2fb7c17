package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/** Every metric of every estimator: at the summary budgets first, then all budgets (folded). */
public final class MetricsTableSection extends AbstractReportSection {
    public MetricsTableSection() {
        super("metrics", "Metrics");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return !ctx.rows().isEmpty();
    }

    @Override
    public String html(ReportContext ctx) {
        Set<Integer> summary = new TreeSet<>();
        for (BestAtBudget a : ctx.best()) {
            summary.add(a.budget());
        }
        List<RankCorrelationRow> byBudget = new ArrayList<>(ctx.rows());
        byBudget.sort(Comparator.comparingInt(RankCorrelationRow::budgetEpoch)
                .thenComparing(r -> r.kendallTau() == null ? Double.NEGATIVE_INFINITY : r.kendallTau(), Comparator.reverseOrder())
                .thenComparing(RankCorrelationRow::estimator));
        List<RankCorrelationRow> atSummary = byBudget.stream().filter(r -> summary.contains(r.budgetEpoch())).toList();
        StringBuilder b = new StringBuilder();
        b.append("<p>The table <code>rank_correlation</code>. n = runs compared; unscored = ok runs with a truth but no "
                + "finite score at that budget; regret = best truth minus the truth of the estimator's first pick; mean |error| = mean absolute error "
                + "against the truth, for estimators that predict an accuracy; compute / run = training seconds up to the "
                + "budget plus the estimator's own; ceiling rows = the noise ceiling. "
                + "– = undefined (fewer than 3 runs, or constant scores).</p>\n");
        if (!atSummary.isEmpty()) {
            b.append("<h3>At the summary budgets</h3>\n");
            table(b, atSummary);
        }
        b.append("<details").append(atSummary.isEmpty() ? " open" : "").append("><summary>All ")
                .append(byBudget.size()).append(" rows (every estimator at every budget)</summary>\n");
        table(b, byBudget);
        b.append("</details>\n");
        return b.toString();
    }

    private static void table(StringBuilder b, List<RankCorrelationRow> rows) {
        b.append("<table>\n<thead><tr><th>budget</th><th>fraction</th><th>estimator</th><th>n</th><th>Kendall tau [CI]</th>"
                + "<th>Spearman</th><th>Pearson</th><th>precision@k</th><th>k</th><th>regret</th><th>unscored</th>"
                + "<th>mean cost</th><th>mean |error|</th><th>compute / run</th></tr></thead>\n<tbody>\n");
        for (RankCorrelationRow r : rows) {
            b.append("<tr><td class=\"num\">").append(r.budgetEpoch()).append("</td><td class=\"num\">")
                    .append(r.budgetFraction() == null ? "–" : Html.pct(r.budgetFraction())).append("</td><td><code>")
                    .append(esc(r.estimator())).append("</code></td><td class=\"num\">").append(r.n())
                    .append("</td><td class=\"num\">").append(Html.tauWithInterval(r.kendallTau(), r.tauCiLow(), r.tauCiHigh()))
                    .append("</td><td class=\"num\">").append(num(r.spearmanRho(), 3))
                    .append("</td><td class=\"num\">").append(num(r.pearsonR(), 3))
                    .append("</td><td class=\"num\">").append(num(r.precisionAtK(), 2))
                    .append("</td><td class=\"num\">").append(r.k() == null ? "–" : r.k().toString())
                    .append("</td><td class=\"num\">").append(num(r.regretTop1(), 4))
                    .append("</td><td class=\"num\">").append(r.runsUnscored())
                    .append("</td><td class=\"num\">").append(Html.seconds(r.meanCostSeconds()))
                    .append("</td><td class=\"num\">").append(num(r.meanAbsError(), 4))
                    .append("</td><td class=\"num\">").append(Html.seconds(r.meanComputeSeconds()))
                    .append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
    }
}
