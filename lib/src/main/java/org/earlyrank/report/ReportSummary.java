package org.earlyrank.report;

import java.util.Locale;

import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The short Markdown summary the report prints and writes to {@code report/summary.md}: per summary
 * budget fraction, the best estimator by Kendall tau with its interval, and the runner-up.
 */
public final class ReportSummary {
    private ReportSummary() {
    }

    public static String markdown(ReportContext ctx) {
        StringBuilder b = new StringBuilder();
        var o = ctx.options();
        b.append("# EarlyRank report: sweep `").append(ctx.sweepId()).append("`\n\n");
        b.append("Truth: ").append(ctx.truth().description()).append(" of ").append(ctx.truth().values().size())
                .append(" ok runs; full budget ").append(ctx.fullBudget()).append(" epochs; ")
                .append(ctx.estimators().size()).append(" estimators. Kendall tau-b")
                .append(o.bootstrap() == 0 ? "" : String.format(Locale.ROOT, " with %d%% bootstrap intervals (%d resamples)",
                        Math.round(o.confidence() * 100), o.bootstrap()))
                .append(".\n\n");
        if (ctx.estimates().isEmpty()) {
            b.append(ctx.hasTable(EstimatesTable.NAME) ? "The estimates table is empty" : "The sweep has no estimates table")
                    .append(": nothing to rank, rank_correlation is empty.\n");
        } else if (ctx.best().isEmpty()) {
            b.append("No ok run has a truth: nothing to rank.\n");
        } else {
            b.append("| budget | epochs | best estimator | tau [CI] | runner-up | tau |\n");
            b.append("|---|---|---|---|---|---|\n");
            for (BestAtBudget a : ctx.best()) {
                RankCorrelationRow best = a.best();
                RankCorrelationRow second = a.runnerUp();
                b.append("| ").append(Html.pct(a.fraction())).append(" | ").append(a.budget()).append(" | ")
                        .append(best == null ? "none defined" : name(best, a.budget())).append(" | ")
                        .append(best == null ? "–" : Html.tauWithInterval(best.kendallTau(), best.tauCiLow(), best.tauCiHigh()))
                        .append(" | ").append(second == null ? "–" : name(second, a.budget())).append(" | ")
                        .append(second == null ? "–" : Html.num(second.kendallTau(), 3)).append(" |\n");
            }
        }
        Integer teff = ctx.effectiveBudget();
        b.append('\n').append(teff == null ? "Effective budget T_eff: not recorded by score-tse."
                : "Effective budget T_eff (score-tse): " + teff + " epochs = floor(0.9 T_o), T_o = " + ctx.overfitEpoch()
                + ".").append('\n');
        return b.toString();
    }

    private static String name(RankCorrelationRow r, int budget) {
        return "`" + r.estimator() + "`" + (r.budgetEpoch() == budget ? "" : " (at " + r.budgetEpoch() + ")");
    }
}
