package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/** The best estimator by Kendall tau at each summary fraction of the budget (what summary.md says). */
public final class BestByBudgetSection extends AbstractReportSection {
    public BestByBudgetSection() {
        super("best", "Best estimator by budget");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return !ctx.best().isEmpty() && !ctx.rows().isEmpty();
    }

    @Override
    public String html(ReportContext ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<p>Highest Kendall tau-b against the truth at each fraction of the full budget (")
                .append(ctx.fullBudget()).append(" epochs). An estimator that did not score that exact budget is "
                        + "represented by the largest budget it scored below it (shown in brackets).</p>\n");
        b.append("<table>\n<thead><tr><th>budget</th><th>epochs</th><th>best estimator</th><th>tau [CI]</th>"
                + "<th>runner-up</th><th>tau [CI]</th><th>compared</th></tr></thead>\n<tbody>\n");
        for (BestAtBudget a : ctx.best()) {
            RankCorrelationRow best = a.best();
            RankCorrelationRow second = a.runnerUp();
            b.append("<tr><td>").append(Html.pct(a.fraction())).append("</td><td class=\"num\">").append(a.budget())
                    .append("</td>").append(cells(best, a.budget())).append(cells(second, a.budget()))
                    .append("<td class=\"num\">").append(a.ranked().size()).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return b.toString();
    }

    private static String cells(RankCorrelationRow r, int budget) {
        if (r == null) {
            return "<td>–</td><td>–</td>";
        }
        String at = r.budgetEpoch() == budget ? "" : " (" + r.budgetEpoch() + ")";
        return "<td><code>" + esc(r.estimator()) + "</code>" + at + "</td><td class=\"num\">"
                + Html.tauWithInterval(r.kendallTau(), r.tauCiLow(), r.tauCiHigh()) + "</td>";
    }
}
