package org.earlyrank.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import org.earlyrank.config.ReportOptions;
import org.earlyrank.rank.RankEvaluation;
import org.earlyrank.rank.RankMetrics;
import org.earlyrank.rank.TauInterval;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.TableException;

/**
 * Computes one {@code rank_correlation} row per (estimator, budget) found in {@code estimates}: the
 * estimator's scores of the runs that have a truth, against that truth.
 *
 * <p>Runs compared: those with a truth (ok runs, see {@link Truth}) and a finite score at that budget,
 * in run-id order (which breaks score ties for precision@k and regret). Ok runs with a truth but no
 * finite score are counted in {@code runs_unscored}; scores of runs without a truth are ignored. An
 * estimator that scored no run with a truth still gets its row (n = 0, statistics NULL), so the table
 * holds every estimator at every budget it appears at.
 *
 * <p>Each row's bootstrap draws from its own seed, derived from {@code report.seed}, the estimator's
 * name and the budget: a row does not change when other estimators are added.
 *
 * <p>Error and compute: an estimator whose score is an accuracy gets the mean absolute error of its scores
 * against the truth over the n runs (Cao 2021, Figure 4.3); every row gets the mean over the n runs of the
 * training seconds consumed up to its budget ({@link TrainingSeconds}) plus the estimate's own
 * {@code cost_seconds}, over the runs whose epochs all have a time. Rows are computed in
 * parallel (common fork-join pool); the result is deterministic and ordered by estimator, then budget.
 */
public final class RankCorrelations {
    private RankCorrelations() {
    }

    /** Rows without error or compute: every score on its own scale, no curves. */
    public static List<RankCorrelationRow> compute(String sweepId, List<EstimateRow> estimates, Truth truth,
                                                   int fullBudget, ReportOptions opts) {
        return compute(sweepId, estimates, truth, fullBudget, opts, e -> false, new TrainingSeconds(List.of()));
    }

    /**
     * @param fullBudget the full budget in epochs (for budget_fraction); 0 when unknown
     * @param accuracy   whether an estimator's score is an accuracy (registry's {@code EstimatorInfo.accuracy}):
     *                   those get a mean absolute error against the truth
     * @param seconds    each run's training seconds by epoch, for the compute column
     * @throws TableException when estimates holds two rows for one run, estimator and budget, or rows of an
     *                        estimator named like a ceiling row
     */
    public static List<RankCorrelationRow> compute(String sweepId, List<EstimateRow> estimates, Truth truth,
                                                   int fullBudget, ReportOptions opts, Predicate<String> accuracy,
                                                   TrainingSeconds seconds) {
        Map<String, Map<Integer, List<EstimateRow>>> groups = new TreeMap<>();
        for (EstimateRow e : estimates) {
            if (RankCorrelationTable.isCeiling(e.estimator())) {
                throw new TableException(EstimatesTable.NAME, "table 'estimates' holds rows of an estimator named '"
                        + e.estimator() + "' (stage " + e.stage() + "), a name the report keeps for its noise-ceiling "
                        + "rows in rank_correlation: rename the estimator and re-run its stage with --overwrite");
            }
            groups.computeIfAbsent(e.estimator(), k -> new TreeMap<>())
                    .computeIfAbsent(e.budgetEpoch(), k -> new ArrayList<>()).add(e);
        }
        List<List<EstimateRow>> flat = new ArrayList<>();
        groups.values().forEach(byBudget -> flat.addAll(byBudget.values()));
        return IntStream.range(0, flat.size()).parallel()
                .mapToObj(i -> row(sweepId, flat.get(i), truth, fullBudget, opts,
                        accuracy.test(flat.get(i).get(0).estimator()), seconds))
                .toList();
    }

    static RankCorrelationRow row(String sweepId, List<EstimateRow> group, Truth truth, int fullBudget,
                                  ReportOptions opts, boolean accuracy, TrainingSeconds seconds) {
        String estimator = group.get(0).estimator();
        int budget = group.get(0).budgetEpoch();
        Map<String, EstimateRow> byRun = new TreeMap<>();
        TreeSet<String> stages = new TreeSet<>();
        double cost = 0;
        int costs = 0;
        for (EstimateRow e : group) {
            EstimateRow before = byRun.put(e.runId(), e);
            if (before != null) {
                throw new TableException(EstimatesTable.NAME, "table 'estimates' holds two rows for run " + e.runId()
                        + ", estimator " + estimator + ", budget " + budget + " (written by " + before.stage()
                        + " and " + e.stage() + "); every estimator name must be written by one stage once: "
                        + "re-run the stage that wrote them with --overwrite");
            }
            if (e.stage() != null) {
                stages.add(e.stage());
            }
            if (Double.isFinite(e.costSeconds())) {
                cost += e.costSeconds();
                costs++;
            }
        }
        int n = 0;
        double[] s = new double[truth.values().size()];
        double[] t = new double[s.length];
        double absError = 0;
        double compute = 0;
        int timed = 0;
        for (Map.Entry<String, Double> e : truth.values().entrySet()) { // sorted by run id
            EstimateRow row = byRun.get(e.getKey());
            if (row != null && Double.isFinite(row.score())) {
                s[n] = row.score();
                t[n++] = e.getValue();
                absError += Math.abs(row.score() - e.getValue());
                Double trained = seconds.upTo(e.getKey(), budget);
                if (trained != null) {
                    compute += trained + (Double.isFinite(row.costSeconds()) ? row.costSeconds() : 0);
                    timed++;
                }
            }
        }
        s = Arrays.copyOf(s, n);
        t = Arrays.copyOf(t, n);
        return evaluated(sweepId, estimator, budget, s, t, truth, fullBudget, opts, truth.values().size() - n,
                costs == 0 ? null : cost / costs, stages.isEmpty() ? null : String.join(",", stages),
                accuracy && n > 0 ? absError / n : null, timed == 0 ? null : compute / timed);
    }

    /**
     * The row of one scoring: tau, its interval and the other rank metrics of {@code s} against {@code t}
     * (equal length, no NaN), with the columns the caller worked out.
     */
    static RankCorrelationRow evaluated(String sweepId, String estimator, int budget, double[] s, double[] t,
                                        Truth truth, int fullBudget, ReportOptions opts, int unscored,
                                        Double meanCost, String stage, Double meanAbsError, Double meanCompute) {
        int n = s.length;
        int k = opts.topK() > 0 ? opts.topK() : RankMetrics.defaultK(n, opts.topKFraction());
        RankEvaluation ev = RankEvaluation.of(s, t, Math.max(1, k), opts.bootstrap(), opts.confidence(),
                seedFor(opts.seed(), estimator, budget));
        TauInterval ci = ev.tauInterval();
        return new RankCorrelationRow(sweepId, estimator, budget, n, ev.kendallTau(), ev.spearmanRho(), ev.pearsonR(),
                ev.precisionAtK(), ev.k(), ev.regretTop1(), ev.tauLow(), ev.tauHigh(), truth.description(),
                fullBudget > 0 ? budget / (double) fullBudget : null, ci == null ? null : opts.confidence(),
                opts.bootstrap(), ci == null ? null : ci.widened(), unscored, meanCost, stage, meanAbsError,
                meanCompute);
    }

    /** The bootstrap seed of one estimator at one budget (String.hashCode is fixed by the Java spec). */
    static long seedFor(long seed, String estimator, int budget) {
        return new SplittableRandom(seed ^ (31L * estimator.hashCode() + budget) * 0x9E3779B97F4A7C15L).nextLong();
    }
}
