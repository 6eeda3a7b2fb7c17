package org.earlyrank.report;

import java.util.List;
import java.util.Locale;

import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The short Markdown summary the report prints and writes to {@code report/summary.md}: per summary
 * budget fraction, the best estimator by Kendall tau with its interval, and the runner-up; the noise
 * ceiling, the paired comparisons and the cheapest estimate near the ceiling ({@link Findings}).
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
        if (!ctx.estimates().isEmpty() && !ctx.best().isEmpty()) {
            b.append('\n').append(Findings.ceiling(ctx)).append('\n');
            List<String> compared = Findings.comparisons(ctx);
            if (!compared.isEmpty()) {
                b.append("\nPaired comparisons (").append(o.bootstrap() == 0 ? "no bootstrap"
                        : String.format(Locale.ROOT, "%d%% paired bootstrap intervals of the tau difference, the same "
                        + "resamples for every estimator, per pair: not corrected for the number of pairs",
                        Math.round(o.confidence() * 100))).append("; table estimator_comparison):\n\n");
                compared.forEach(s -> b.append("- ").append(s).append('\n'));
            }
            List<String> pairs = Findings.pairs(ctx);
            if (!pairs.isEmpty()) {
                b.append("\nPairs of report.pairs (tau difference [paired interval] at each summary budget; * = the "
                        + "interval excludes 0):\n\n");
                pairs.forEach(s -> b.append("- ").append(s).append('\n'));
            }
            String cheapest = Findings.cheapest(ctx);
            if (cheapest != null) {
                b.append('\n').append(cheapest).append('\n');
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
