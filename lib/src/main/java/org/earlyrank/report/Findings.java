package org.earlyrank.report;

import static org.earlyrank.report.Html.num;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The sentences an analyst reads first, the same in summary.md and on the page (plain text with estimator
 * names in backticks; the page turns those into code): the noise ceiling, which estimator beats which at
 * each summary budget beyond the bootstrap noise, and the cheapest estimate within
 * {@value #NEAR_CEILING} of the ceiling.
 */
public final class Findings {
    /** How close to the ceiling's tau an estimate must come to count as "at the ceiling" (issue 17). */
    public static final double NEAR_CEILING = 0.05;

    private Findings() {
    }

    /** What the ceiling rows say, or why there is none. */
    public static String ceiling(ReportContext ctx) {
        RankCorrelationRow c = ctx.ceiling(RankCorrelationTable.CEILING);
        RankCorrelationRow s = ctx.ceiling(RankCorrelationTable.CEILING_SEEDS);
        StringBuilder b = new StringBuilder("Noise ceiling: ");
        if (c == null || c.kendallTau() == null) {
            b.append(Truth.TEST.equals(ctx.truth().column())
                    ? "not measured (too few runs have both a final validation and a final test accuracy)"
                    : "not measured (the truth is the validation accuracy itself; a sweep with a test split measures it)");
        } else {
            b.append(String.format(Locale.ROOT, "%s against %s at %s ranks the runs at tau %s (n %d, mean "
                            + "|val - test| %s). No estimator can be expected to do better.",
                    ctx.truth().description().replace(Truth.TEST, Truth.VAL), ctx.truth().description(), epochs(c.budgetEpoch()), Html.tauWithInterval(c.kendallTau(), c.tauCiLow(), c.tauCiHigh()),
                    c.n(), num(c.meanAbsError(), 4)));
        }
        if (s != null) {
            b.append(String.format(Locale.ROOT, " Seed to seed (%s of an architecture's first seed against its second, %d "
                            + "architectures): tau %s.", ctx.truth().description(), s.n(),
                    Html.tauWithInterval(s.kendallTau(), s.tauCiLow(), s.tauCiHigh())));
        }
        return b.toString();
    }

    /** One sentence per summary budget: what its best estimator beats beyond the noise, and what it does not. */
    public static List<String> comparisons(ReportContext ctx) {
        List<String> out = new ArrayList<>();
        for (BestAtBudget a : ctx.best()) {
            if (a.best() == null) {
                continue;
            }
            List<ComparisonRow> rows = ctx.comparisons(a.budget());
            String at = "At " + Html.pct(a.fraction()) + " (" + epochs(a.budget()) + ")";
            String best = "`" + a.best().estimator() + "`";
            if (rows.isEmpty()) {
                out.add(at + " " + best + " is the only estimator with a defined tau.");
                continue;
            }
            if (rows.get(0).ciLow() == null) {
                out.add(at + " " + best + " ranks best (tau " + num(a.best().kendallTau(), 3)
                        + "); no paired intervals (report.bootstrap = 0).");
                continue;
            }
            List<String> beaten = new ArrayList<>();
            List<String> not = new ArrayList<>();
            for (ComparisonRow r : rows) {
                if (r.significant()) {
                    beaten.add("`" + r.versus() + "` (tau " + diff(r) + ")");
                } else {
                    not.add("`" + r.versus() + "`");
                }
            }
            if (beaten.isEmpty()) {
                out.add(at + " no estimator is distinguishable from " + best + " (tau " + num(a.best().kendallTau(), 3)
                        + ", the best of " + (rows.size() + 1) + ").");
            } else {
                out.add(at + " " + best + " (tau " + num(a.best().kendallTau(), 3) + ") beats " + String.join(", ", beaten)
                        + (not.isEmpty() ? "" : "; it is not distinguishable from " + String.join(", ", not)) + ".");
            }
        }
        return out;
    }

    static String epochs(int n) {
        return n + (n == 1 ? " epoch" : " epochs");
    }

    /**
     * One sentence per report.pairs pair A:B that the sweep has: A's tau minus B's at each summary budget with
     * its paired interval, significant differences starred.
     */
    public static List<String> pairs(ReportContext ctx) {
        List<String> out = new ArrayList<>();
        for (String[] p : ctx.options().pairList()) {
            List<String> at = new ArrayList<>();
            for (BestAtBudget a : ctx.best()) {
                ComparisonRow r = ctx.comparison(a.budget(), p[0], p[1]);
                if (r != null && r.ciLow() != null) {
                    at.add(Html.pct(a.fraction()) + " " + diff(r) + (r.significant() || r.ciHigh() < 0 ? " *" : ""));
                }
            }
            if (!at.isEmpty()) {
                out.add("`" + p[0] + "` minus `" + p[1] + "`: " + String.join(", ", at) + ".");
            }
        }
        return out;
    }

    /** "+0.23 [0.05, 0.41]": the difference with its paired interval. */
    static String diff(ComparisonRow r) {
        return String.format(Locale.ROOT, "%+.2f [%.2f, %.2f]", r.tauDiff(), r.ciLow(), r.ciHigh());
    }

    /**
     * The estimate with the least compute (mean_compute_seconds) whose tau is within {@value #NEAR_CEILING}
     * of the ceiling's, or null when there is no ceiling.
     */
    public static RankCorrelationRow cheapestNearCeiling(ReportContext ctx) {
        RankCorrelationRow c = ctx.ceiling(RankCorrelationTable.CEILING);
        if (c == null || c.kendallTau() == null) {
            return null;
        }
        return ctx.rows().stream()
                .filter(r -> !r.ceiling() && r.kendallTau() != null && r.meanComputeSeconds() != null
                        && r.kendallTau() >= c.kendallTau() - NEAR_CEILING)
                .min(Comparator.comparingDouble(RankCorrelationRow::meanComputeSeconds)
                        .thenComparing(RankCorrelationRow::kendallTau, Comparator.reverseOrder()))
                .orElse(null);
    }

    /** The sentence about {@link #cheapestNearCeiling}, or null when there is no ceiling. */
    public static String cheapest(ReportContext ctx) {
        RankCorrelationRow c = ctx.ceiling(RankCorrelationTable.CEILING);
        if (c == null || c.kendallTau() == null) {
            return null;
        }
        String bar = String.format(Locale.ROOT, "within %.2f of the ceiling (tau >= %.3f)", NEAR_CEILING,
                c.kendallTau() - NEAR_CEILING);
        RankCorrelationRow r = cheapestNearCeiling(ctx);
        if (r == null) {
            boolean timed = ctx.rows().stream().anyMatch(x -> !x.ceiling() && x.meanComputeSeconds() != null);
            RankCorrelationRow top = ctx.rows().stream().filter(x -> !x.ceiling() && x.kendallTau() != null)
                    .max(Comparator.comparingDouble(RankCorrelationRow::kendallTau)).orElse(null);
            return "Cheapest estimate " + bar + ": " + (!timed ? "unknown (the runs' epochs have no epoch_seconds)"
                    : "none; the highest tau is " + (top == null ? "undefined" : "`" + top.estimator() + "` at "
                    + epochs(top.budgetEpoch()) + " (" + num(top.kendallTau(), 3) + ")")) + ".";
        }
        String full = c.meanComputeSeconds() == null ? ""
                : String.format(Locale.ROOT, ", %.0f%% of the full budget's %s", 100 * r.meanComputeSeconds()
                / c.meanComputeSeconds(), Html.seconds(c.meanComputeSeconds()));
        return "Cheapest estimate " + bar + ": `" + r.estimator() + "` at " + epochs(r.budgetEpoch()) + ", tau "
                + num(r.kendallTau(), 3) + ", " + Html.seconds(r.meanComputeSeconds()) + " per run" + full + ".";
    }
}
