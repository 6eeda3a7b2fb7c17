package org.earlyrank.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.earlyrank.config.ReportOptions;
import org.earlyrank.rank.PairedTauBootstrap;
import org.earlyrank.rank.PairedTauBootstrap.Difference;
import org.earlyrank.rank.PairedTauBootstrap.Sample;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The {@code estimator_comparison} rows: at every budget some estimator scored and at every summary
 * budget ({@code report.summary_fractions}), the best estimator (highest
 * Kendall tau, {@link BestAtBudget#BEST_FIRST}) against each other one, by a paired bootstrap over the runs
 * with a truth ({@link PairedTauBootstrap}).
 *
 * <p>Every estimator at every budget is evaluated on the same resamples: one stream of draws, seeded from
 * {@code report.seed} alone, so the interval of a difference reflects how the two estimators disagree on
 * the same runs, not which runs a resample happened to draw. As in the summary, an estimator is represented
 * at budget t by its row at the largest budget it scored up to t. Estimators whose tau is undefined (constant
 * scores, fewer than 3 runs) are left out. Besides, each pair A:B of {@code report.pairs} where both have a tau
 * and A is not the best (the best's rows already hold it) gets a row (best = false): how the papers' claims
 * fare. Budgets are computed in parallel; the result is deterministic, ordered by budget, then the best's
 * rows by the versus estimator's tau (highest first), then the pairs in option order.
 */
public final class EstimatorComparisons {
    /** Mixed into report.seed so the comparison's draws differ from any one row's interval. */
    static final long SALT = 0x5EED_C0DE_7A0DL;

    private EstimatorComparisons() {
    }

    /**
     * @param rows      rank_correlation rows of the estimators (ceiling rows are skipped)
     * @param estimates the scores those rows were computed from
     */
    public static List<ComparisonRow> compute(String sweepId, List<RankCorrelationRow> rows, List<EstimateRow> estimates,
                                              Truth truth, int fullBudget, ReportOptions opts) {
        List<RankCorrelationRow> estimators = rows.stream().filter(r -> !r.ceiling()).toList();
        List<String> runs = new ArrayList<>(truth.values().keySet()); // sorted by run id
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            index.put(runs.get(i), i);
        }
        Map<String, Map<Integer, List<EstimateRow>>> scores = new HashMap<>();
        for (EstimateRow e : estimates) {
            scores.computeIfAbsent(e.estimator(), k -> new HashMap<>())
                    .computeIfAbsent(e.budgetEpoch(), k -> new ArrayList<>()).add(e);
        }
        TreeSet<Integer> all = new TreeSet<>(estimators.stream().map(RankCorrelationRow::budgetEpoch).toList());
        if (fullBudget > 0 && !all.isEmpty()) {
            opts.summaryFractions().forEach(f -> all.add(BestAtBudget.budgetOf(f, fullBudget)));
        }
        List<Integer> budgets = new ArrayList<>(all);
        long seed = new SplittableRandom(opts.seed() ^ SALT).nextLong();
        return IntStream.range(0, budgets.size()).parallel()
                .mapToObj(i -> atBudget(sweepId, budgets.get(i), estimators, scores, truth, index, fullBudget, opts, seed))
                .flatMap(List::stream).toList();
    }

    private static List<ComparisonRow> atBudget(String sweepId, int budget, List<RankCorrelationRow> rows,
                                                Map<String, Map<Integer, List<EstimateRow>>> scores, Truth truth,
                                                Map<String, Integer> index, int fullBudget, ReportOptions opts,
                                                long seed) {
        Map<String, RankCorrelationRow> latest = new TreeMap<>();
        for (RankCorrelationRow r : rows) {
            if (r.budgetEpoch() <= budget) {
                latest.merge(r.estimator(), r, (x, y) -> y.budgetEpoch() > x.budgetEpoch() ? y : x);
            }
        }
        List<RankCorrelationRow> ranked = new ArrayList<>(latest.values().stream().filter(r -> r.kendallTau() != null).toList());
        ranked.sort(BestAtBudget.BEST_FIRST);
        List<ComparisonRow> out = new ArrayList<>();
        if (ranked.size() < 2) {
            return out;
        }
        List<Sample> samples = new ArrayList<>();
        for (RankCorrelationRow r : ranked) {
            samples.add(sample(scores.getOrDefault(r.estimator(), Map.of()).getOrDefault(r.budgetEpoch(), List.of()),
                    truth, index));
        }
        PairedTauBootstrap boot = PairedTauBootstrap.of(index.size(), samples, opts.bootstrap(), seed);
        RankCorrelationRow best = ranked.get(0);
        Double fraction = fullBudget > 0 ? budget / (double) fullBudget : null;
        for (int k = 1; k < ranked.size(); k++) {
            out.add(row(sweepId, budget, ranked, 0, k, boot, index.size(), fraction, opts, true));
        }
        List<String> names = ranked.stream().map(RankCorrelationRow::estimator).toList();
        for (String[] pair : opts.pairList()) {
            int a = names.indexOf(pair[0]);
            int b = names.indexOf(pair[1]);
            if (a >= 0 && b >= 0 && a != 0) { // a pair led by the best is already a row
                out.add(row(sweepId, budget, ranked, a, b, boot, index.size(), fraction, opts, false));
            }
        }
        return out;
    }

    private static ComparisonRow row(String sweepId, int budget, List<RankCorrelationRow> ranked, int a, int b,
                                     PairedTauBootstrap boot, int n, Double fraction, ReportOptions opts, boolean best) {
        RankCorrelationRow x = ranked.get(a);
        RankCorrelationRow y = ranked.get(b);
        Difference d = opts.bootstrap() > 0 ? boot.difference(a, b, opts.confidence()) : null;
        return new ComparisonRow(sweepId, budget, x.estimator(), y.estimator(), x.kendallTau() - y.kendallTau(),
                d == null ? null : d.low(), d == null ? null : d.high(), d == null ? null : d.pBetter(), x.kendallTau(),
                y.kendallTau(), x.budgetEpoch(), y.budgetEpoch(), n, d == null ? 0 : d.defined(),
                d == null ? null : opts.confidence(), fraction, best);
    }

    /** One estimator's finite scores at one budget, as items of the truth's sorted runs. */
    private static Sample sample(List<EstimateRow> rows, Truth truth, Map<String, Integer> index) {
        TreeMap<Integer, double[]> byItem = new TreeMap<>();
        for (EstimateRow e : rows) {
            Integer i = index.get(e.runId());
            if (i != null && Double.isFinite(e.score())) {
                byItem.put(i, new double[]{e.score(), truth.values().get(e.runId())});
            }
        }
        int[] items = new int[byItem.size()];
        double[] s = new double[items.length];
        double[] t = new double[items.length];
        int j = 0;
        for (Map.Entry<Integer, double[]> e : byItem.entrySet()) {
            items[j] = e.getKey();
            s[j] = e.getValue()[0];
            t[j++] = e.getValue()[1];
        }
        return new Sample(items, s, t);
    }
}
