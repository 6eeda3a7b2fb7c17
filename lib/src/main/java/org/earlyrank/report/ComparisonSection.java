package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;
import static org.earlyrank.report.Html.num;

import java.util.List;

import org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow;

/**
 * The noise ceiling and the paired comparisons: what summary.md says ({@link Findings}), and at each summary
 * budget the table {@code estimator_comparison} (the best estimator against each other one: tau difference,
 * its paired bootstrap interval, the share of resamples on which the best ranks better).
 */
public final class ComparisonSection extends AbstractReportSection {
    public ComparisonSection() {
        super("comparisons", "Noise ceiling and paired comparisons");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return !ctx.best().isEmpty() && !ctx.estimates().isEmpty();
    }

    @Override
    public String html(ReportContext ctx) {
        StringBuilder b = new StringBuilder();
        b.append("<p>").append(code(Findings.ceiling(ctx))).append("</p>\n");
        b.append("<p>Two estimators' taus are compared on the same bootstrap resamples of the runs, so the interval of "
                + "their difference shows whether one ranks better beyond the noise (the interval excludes 0). Each interval is "
                + "for its own pair, not corrected for the number of pairs: among many pairs without a real difference, about "
                + "one in twenty still excludes 0.</p>\n<ul>\n");
        for (String s : Findings.comparisons(ctx)) {
            b.append("<li>").append(code(s)).append("</li>\n");
        }
        b.append("</ul>\n");
        for (BestAtBudget a : ctx.best()) {
            List<ComparisonRow> rows = ctx.comparisons(a.budget());
            if (rows.isEmpty() || rows.get(0).ciLow() == null) {
                continue;
            }
            b.append("<details><summary>").append(Html.pct(a.fraction())).append(" (").append(Findings.epochs(a.budget()))
                    .append("): <code>").append(esc(rows.get(0).estimator())).append("</code> against the other ")
                    .append(rows.size()).append("</summary>\n<table>\n<thead><tr><th>versus</th><th>its tau</th>"
                            + "<th>tau difference [CI]</th><th>p better</th></tr></thead>\n<tbody>\n");
            for (ComparisonRow r : rows) {
                b.append("<tr").append(r.significant() ? " class=\"sig\"" : "").append("><td><code>").append(esc(r.versus()))
                        .append("</code>").append(r.versusBudgetEpoch() == a.budget() ? "" : " (" + r.versusBudgetEpoch() + ")")
                        .append("</td><td class=\"num\">").append(num(r.versusTau(), 3)).append("</td><td class=\"num\">")
                        .append(esc(Findings.diff(r))).append(r.significant() ? " *" : "").append("</td><td class=\"num\">")
                        .append(num(r.pBetter(), 3)).append("</td></tr>\n");
            }
            b.append("</tbody>\n</table>\n</details>\n");
        }
        List<String> pairs = Findings.pairs(ctx);
        if (!pairs.isEmpty()) {
            b.append("<p>The pairs of <code>report.pairs</code>: tau difference [paired interval] at each summary budget; "
                    + "* = the interval excludes 0.</p>\n<ul>\n");
            pairs.forEach(s -> b.append("<li>").append(code(s)).append("</li>\n"));
            b.append("</ul>\n");
        }
        String cheapest = Findings.cheapest(ctx);
        if (cheapest != null) {
            b.append("<p>").append(code(cheapest)).append("</p>\n");
        }
        return b.toString();
    }

    /** Escapes the sentence and turns `name` into <code>name</code>. */
    static String code(String markdown) {
        return esc(markdown).replaceAll("`([^`]*)`", "<code>$1</code>");
    }
}
