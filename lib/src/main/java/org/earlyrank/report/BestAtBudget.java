package org.earlyrank.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.base.Fractions;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The estimator that ranks best (highest Kendall tau) at one fraction of the full budget.
 *
 * <p>The budget of a fraction f is {@code f * full budget} rounded half up, at least 1 epoch. Each
 * estimator is represented by its row at the largest budget it scored that does not exceed it (so an
 * estimator that scores only some budgets competes with what it would have had by then, never with
 * more). Ties in tau go to the higher interval lower end, then to the name.
 *
 * @param fraction the budget fraction
 * @param budget   the budget in epochs
 * @param ranked   every estimator with a defined tau at that budget, best first
 */
public record BestAtBudget(double fraction, int budget, List<RankCorrelationRow> ranked) {

    public RankCorrelationRow best() {
        return ranked.isEmpty() ? null : ranked.get(0);
    }

    public RankCorrelationRow runnerUp() {
        return ranked.size() < 2 ? null : ranked.get(1);
    }

    static final Comparator<RankCorrelationRow> BEST_FIRST = Comparator
            .comparing(RankCorrelationRow::kendallTau, Comparator.reverseOrder())
            .thenComparing(r -> r.tauCiLow() == null ? Double.NEGATIVE_INFINITY : r.tauCiLow(), Comparator.reverseOrder())
            .thenComparing(RankCorrelationRow::estimator);

    /** The budget of a fraction of the full budget: rounded half up, at least 1. */
    public static int budgetOf(double fraction, int fullBudget) {
        return Fractions.budget(fraction, fullBudget);
    }

    /** One entry per fraction; empty when the full budget is unknown (no ok run). */
    public static List<BestAtBudget> of(List<RankCorrelationRow> rows, List<Double> fractions, int fullBudget) {
        List<BestAtBudget> out = new ArrayList<>();
        if (fullBudget <= 0) {
            return out;
        }
        for (double f : fractions) {
            int b = budgetOf(f, fullBudget);
            Map<String, RankCorrelationRow> latest = new TreeMap<>();
            for (RankCorrelationRow r : rows) {
                if (r.budgetEpoch() <= b) {
                    latest.merge(r.estimator(), r, (x, y) -> y.budgetEpoch() > x.budgetEpoch() ? y : x);
                }
            }
            List<RankCorrelationRow> ranked = new ArrayList<>();
            for (RankCorrelationRow r : latest.values()) {
                if (r.kendallTau() != null) {
                    ranked.add(r);
                }
            }
            ranked.sort(BEST_FIRST);
            out.add(new BestAtBudget(f, b, List.copyOf(ranked)));
        }
        return out;
    }
}
