package org.earlyrank.finaltrain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.spark.sql.Row;
import org.earlyrank.base.Fractions;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.TrainFinalOptions;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.SweepFolder;

/**
 * Picks the winners of a sweep: the top K runs by an estimator's score at a budget epoch, read from the
 * {@code estimates} table, with the estimator and budget either named or chosen automatically.
 *
 * <p>{@code auto} (estimator, budget or both) takes the pair that ranks best in the report's
 * {@code rank_correlation} table, when the sweep has one: the highest Kendall tau (NULL taus ignored;
 * ties go to the smaller budget, then the estimator name) among budgets at most
 * {@code round(budget_fraction x T)}, T being the sweep's longest planned budget. Without the cap the full
 * budget would always win and the early ranking would save nothing. Without a usable
 * {@code rank_correlation}, {@code auto} falls back to {@value TrainFinalOptions#FALLBACK_ESTIMATOR} at
 * {@code round(budget_fraction x T)} (at least 1): the simplest baseline of the papers, which early
 * stopping practice uses.
 *
 * <p>Ranking: higher score is better; ties are broken by run_id; runs missing from {@code runs} are
 * ignored. Everything is read and checked on the driver before the stage changes the sweep folder.
 */
public final class WinnerSelection {
    /** How an estimator and budget were chosen (final_runs.selection). */
    public static final String BY_CONFIG = "config";
    public static final String BY_REPORT = "rank_correlation";
    public static final String BY_FALLBACK = "fallback";

    private WinnerSelection() {
    }

    /** An estimator and the budget its scores are read at. */
    public record Pick(String estimator, int budget, String how) {
    }

    /** One winner of one pick. */
    public record Winner(RunRow run, Pick pick, int rank, double score) {
    }

    /**
     * @param sweepEpochs T, the longest planned budget of the sweep's ok runs
     */
    public record Selection(List<Pick> picks, List<Winner> winners, int sweepEpochs) {
        /** The distinct winning runs, in the order first picked. */
        public List<RunRow> runs() {
            Map<String, RunRow> out = new LinkedHashMap<>();
            winners.forEach(w -> out.putIfAbsent(w.run().runId(), w.run()));
            return List.copyOf(out.values());
        }

        /** The winners that are this run. */
        public List<Winner> of(String runId) {
            return winners.stream().filter(w -> w.run().runId().equals(runId)).toList();
        }
    }

    /** A row of rank_correlation that matters here. */
    record Correlation(String estimator, int budget, double kendallTau) {
    }

    /**
     * Reads runs, estimates and (for auto) rank_correlation, and selects the winners.
     *
     * @throws TableException  when the sweep folder, runs or estimates is missing, incomplete, mistyped or corrupt
     * @throws ConfigException when an estimator or budget has no scores in estimates
     */
    public static Selection select(SweepFolder sweep, TrainFinalOptions o) {
        sweep.requireExists();
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<EstimateRow> estimates = sweep.read(EstimatesTable.TABLE, "score-tse").stream()
                .map(EstimateRow::fromRow).toList();
        List<Correlation> correlations = needsReport(o) && sweep.hasTable(RankCorrelationTable.NAME)
                ? correlations(sweep.read(RankCorrelationTable.TABLE, "report")) : List.of();
        return select(sweep.toString(), runs, estimates, correlations, o);
    }

    /** The selection from rows already read (tests call this directly). */
    static Selection select(String where, List<RunRow> runs, List<EstimateRow> estimates,
                            List<Correlation> correlations, TrainFinalOptions o) {
        int t = runs.stream().filter(RunRow::ok).mapToInt(RunRow::epochsPlanned).max()
                .orElse(runs.stream().mapToInt(RunRow::epochsPlanned).max().orElse(1));
        int cap = Fractions.budget(o.budgetFraction(), t);
        Map<String, TreeSet<Integer>> available = new TreeMap<>();
        for (EstimateRow e : estimates) {
            available.computeIfAbsent(e.estimator(), k -> new TreeSet<>()).add(e.budgetEpoch());
        }
        if (available.isEmpty()) {
            throw new TableException(EstimatesTable.NAME, "table 'estimates' of sweep " + where
                    + " has no rows: run `bin/earlyrank score-tse` (or another estimator stage) first");
        }
        List<Correlation> usable = correlations.stream()
                .filter(c -> c.budget() <= cap && available.containsKey(c.estimator())
                        && available.get(c.estimator()).contains(c.budget()))
                .toList();
        List<Pick> picks = picks(o, cap, usable);
        Map<String, RunRow> byId = new LinkedHashMap<>();
        runs.forEach(r -> byId.put(r.runId(), r));
        List<Winner> winners = new ArrayList<>();
        for (Pick p : picks) {
            check(where, p, available);
            Map<String, Double> scores = new TreeMap<>();
            for (EstimateRow e : estimates) {
                if (e.estimator().equals(p.estimator()) && e.budgetEpoch() == p.budget() && byId.containsKey(e.runId())) {
                    scores.putIfAbsent(e.runId(), e.score());
                }
            }
            List<Map.Entry<String, Double>> ranked = new ArrayList<>(scores.entrySet());
            // Higher is better; a non-finite score ranks last; ties by run_id (the map is sorted by it).
            ranked.sort(Comparator.comparingDouble((Map.Entry<String, Double> e) ->
                    Double.isFinite(e.getValue()) ? -e.getValue() : Double.POSITIVE_INFINITY));
            for (int i = 0; i < Math.min(o.topK(), ranked.size()); i++) {
                Map.Entry<String, Double> e = ranked.get(i);
                winners.add(new Winner(byId.get(e.getKey()), p, i + 1, e.getValue()));
            }
        }
        return new Selection(List.copyOf(picks), List.copyOf(winners), t);
    }

    private static boolean needsReport(TrainFinalOptions o) {
        return o.autoEstimator() || o.fixedBudget() == null;
    }

    private static List<Pick> picks(TrainFinalOptions o, int cap, List<Correlation> usable) {
        Integer fixed = o.fixedBudget();
        Comparator<Correlation> best = Comparator.comparingDouble(Correlation::kendallTau).reversed()
                .thenComparingInt(Correlation::budget).thenComparing(Correlation::estimator);
        List<Pick> out = new ArrayList<>();
        if (o.autoEstimator()) {
            Correlation c = usable.stream().filter(x -> fixed == null || x.budget() == fixed).min(best).orElse(null);
            out.add(c != null ? new Pick(c.estimator(), c.budget(), BY_REPORT)
                    : new Pick(TrainFinalOptions.FALLBACK_ESTIMATOR, fixed != null ? fixed : cap, BY_FALLBACK));
            return out;
        }
        for (String name : o.estimator()) {
            if (fixed != null) {
                out.add(new Pick(name, fixed, BY_CONFIG));
                continue;
            }
            Correlation c = usable.stream().filter(x -> x.estimator().equals(name)).min(best).orElse(null);
            out.add(c != null ? new Pick(name, c.budget(), BY_REPORT) : new Pick(name, cap, BY_FALLBACK));
        }
        return out;
    }

    private static void check(String where, Pick p, Map<String, TreeSet<Integer>> available) {
        StringBuilder all = new StringBuilder();
        available.forEach((e, b) -> all.append(all.length() == 0 ? "" : "; ").append(e).append(" (budgets ")
                .append(ranges(b)).append(')'));
        TreeSet<Integer> budgets = available.get(p.estimator());
        String why = BY_CONFIG.equals(p.how()) ? "" : " (chosen by " + (BY_REPORT.equals(p.how())
                ? "the report's rank_correlation" : "the auto fallback at train-final.budget_fraction") + ")";
        if (budgets == null) {
            throw new ConfigException("estimator '" + p.estimator() + "'" + why + " has no scores in the estimates of sweep "
                    + where + "; estimates hold: " + all + ". Pass one of them with --estimator (train-final.estimator), "
                    + "or run the stage that writes '" + p.estimator() + "' first");
        }
        if (!budgets.contains(p.budget())) {
            throw new ConfigException("estimator '" + p.estimator() + "' has no scores at budget " + p.budget() + why
                    + " in the estimates of sweep " + where + "; its budgets: " + ranges(budgets)
                    + ". Pass one of them with --budget (train-final.budget)");
        }
    }

    /** "1-4, 6, 8-9". */
    static String ranges(TreeSet<Integer> values) {
        StringBuilder b = new StringBuilder();
        Integer start = null;
        Integer prev = null;
        for (int v : values) {
            if (prev != null && v == prev + 1) {
                prev = v;
                continue;
            }
            if (start != null) {
                b.append(b.length() == 0 ? "" : ", ").append(start.equals(prev) ? start : start + "-" + prev);
            }
            start = v;
            prev = v;
        }
        if (start != null) {
            b.append(b.length() == 0 ? "" : ", ").append(start.equals(prev) ? start : start + "-" + prev);
        }
        return b.toString();
    }

    /** The rows of rank_correlation with an estimator (not the noise ceiling), a budget and a finite tau. */
    private static List<Correlation> correlations(List<Row> rows) {
        List<Correlation> out = new ArrayList<>();
        for (Row row : rows) {
            RankCorrelationRow r = RankCorrelationRow.fromRow(row);
            if (!r.ceiling() && r.kendallTau() != null && Double.isFinite(r.kendallTau())) {
                out.add(new Correlation(r.estimator(), r.budgetEpoch(), r.kendallTau()));
            }
        }
        return out;
    }
}
