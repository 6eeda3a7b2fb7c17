package org.earlyrank.report;

import static org.earlyrank.report.Html.esc;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The paper's Figure 3 rule, drawn from the rank correlations already computed: estimate with TSE-E (or
 * TSE-EMA) up to the effective budget T_eff, and switch to validation accuracy beyond it. One row per budget:
 * each estimator's Kendall tau, and the tau the rule gets (the estimator's at budgets up to T_eff,
 * val-acc's after). Shown when score-tse recorded T_eff and val-acc and TSE-E or TSE-EMA were ranked.
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021, Algorithm 1 and Figure 3 ("stop our estimators early at 0.9 T_o ... or
 * switch back to validation accuracy beyond that").
 */
public final class EffectiveBudgetSection extends AbstractReportSection {
    static final String VAL_ACC = "val-acc";
    static final List<String> ESTIMATORS = List.of("tse-e", "tse-ema");

    public EffectiveBudgetSection() {
        super("effective-budget", "Effective budget (Ru et al., Figure 3)");
    }

    @Override
    public boolean applies(ReportContext ctx) {
        return ctx.effectiveBudget() != null && !ctx.rows(VAL_ACC).isEmpty()
                && ESTIMATORS.stream().anyMatch(e -> !ctx.rows(e).isEmpty());
    }

    @Override
    public String html(ReportContext ctx) {
        int teff = ctx.effectiveBudget();
        List<String> shown = new ArrayList<>();
        for (String e : ESTIMATORS) {
            if (!ctx.rows(e).isEmpty()) {
                shown.add(e);
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<p>T<sub>eff</sub> = ").append(teff).append(" epochs = floor(0.9 T<sub>o</sub>), T<sub>o</sub> = ")
                .append(ctx.overfitEpoch()).append(". The rule estimates with the estimator up to T<sub>eff</sub> and "
                        + "with validation accuracy beyond it; its Kendall tau-b at each budget is the estimator's or "
                        + "<code>val-acc</code>'s there (estimators <code>tse-e-eb</code> and <code>tse-ema-eb</code> "
                        + "instead hold the estimator's score at T<sub>eff</sub>).</p>\n");
        b.append("<table>\n<thead><tr><th>budget</th>");
        for (String e : shown) {
            b.append("<th><code>").append(esc(e)).append("</code></th>");
        }
        b.append("<th><code>").append(VAL_ACC).append("</code></th>");
        for (String e : shown) {
            b.append("<th>").append(esc(e)).append(" to T<sub>eff</sub>, then val-acc</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int t = 1; t <= ctx.fullBudget(); t++) {
            b.append("<tr><td class=\"num\">").append(t).append(t == teff ? " (T<sub>eff</sub>)" : "").append("</td>");
            for (String e : shown) {
                b.append(cell(tau(ctx, e, t)));
            }
            Double val = tau(ctx, VAL_ACC, t);
            b.append(cell(val));
            for (String e : shown) {
                b.append(cell(t <= teff ? tau(ctx, e, t) : val));
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return b.toString();
    }

    private static Double tau(ReportContext ctx, String estimator, int budget) {
        for (RankCorrelationRow r : ctx.rows(estimator)) {
            if (r.budgetEpoch() == budget) {
                return r.kendallTau();
            }
        }
        return null;
    }

    private static String cell(Double tau) {
        return "<td class=\"num\">" + (tau == null ? "–" : Html.num(tau, 3)) + "</td>";
    }
}
