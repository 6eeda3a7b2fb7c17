package org.earlyrank.estimate.combined;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.zc.ProxySweep;
import org.earlyrank.rank.RankMetrics;
import org.earlyrank.report.Truth;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;

/**
 * Measures the zero-cost proxies and the combined estimator on a finished sweep: reads its runs, curves
 * (the truth, as the report takes it: final test accuracy when the sweep has a test split) and estimates
 * tables, and the proxies CSV written by {@link org.earlyrank.estimate.zc.ProxySweep}; cross-fits the
 * combined estimator on all of them plus architecture features; and writes a Markdown report:
 * <ul>
 *   <li>each proxy's Kendall tau-b and Spearman rho against the truth at budget 0, its cost per run in
 *       seconds and in fractions of the run's mean epoch (training pass, evaluation and capture) and of its
 *       mean training pass;</li>
 *   <li>at every budget, the combined estimator against the best single estimator available at that
 *       budget (its own scores at t, and the budget-0 proxies), with a paired bootstrap interval of the tau
 *       difference ({@link TauDifference}), the models nested cross-validation chose, and the cost.</li>
 * </ul>
 * The best single estimator is picked by its tau on the same runs it is compared on, which favours it
 * (a selection the combined estimator cannot make); the comparison is therefore conservative.
 *
 * <p>Usage: {@code CombinedBenchmark SWEEP_DIR PROXIES_CSV OUT_DIR [--exclude a,b] [--seed N]
 * [--resamples N] [--input-caps 3,0]}. Writes OUT_DIR/combined.md and OUT_DIR/combined_estimates.csv.
 */
public final class CombinedBenchmark {
    private CombinedBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: CombinedBenchmark SWEEP_DIR PROXIES_CSV OUT_DIR [--exclude a,b] [--seed N] [--resamples N] [--input-caps 3,0]");
            System.exit(2);
        }
        Set<String> exclude = new TreeSet<>();
        long seed = 42;
        int resamples = 1000;
        List<Integer> caps = CombinedEstimator.Options.defaults(0).inputCaps();
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--exclude" -> exclude.addAll(Arrays.asList(args[i + 1].split(",")));
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--resamples" -> resamples = Integer.parseInt(args[i + 1]);
                case "--input-caps" -> caps = Arrays.stream(args[i + 1].split(",")).map(Integer::valueOf).toList();
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SweepFolder sweep = SweepFolder.at(args[0], new Configuration());
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<CurveRow> curves = sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList();
        List<EstimateRow> estimates = new ArrayList<>(sweep.read(EstimatesTable.TABLE, "score-tse").stream()
                .map(EstimateRow::fromRow).filter(e -> !e.estimator().equals(CombinedInputs.NAME)).toList());
        ProxyCsv proxies = ProxyCsv.read(Path.of(args[1]), sweep.sweepId());
        estimates.addAll(proxies.rows());
        Truth truth = Truth.of(runs, curves, SweepConfig.defaults().get(ReportOptions.SECTION));

        long t0 = System.nanoTime();
        List<CombinedInputs.Design> designs = CombinedInputs.build(runs, estimates, exclude);
        CombinedEstimator.Result combined = CombinedEstimator.crossFit(designs, truth.values(),
                new CombinedEstimator.Options(5, 5, List.of(CombinedModelKind.values()), caps, seed));
        double wall = (System.nanoTime() - t0) / 1e9;
        CombinedEstimator.SelectedSingle single = CombinedEstimator.selectedSingle(designs, truth.values(),
                new CombinedEstimator.Options(5, 5, List.of(CombinedModelKind.values()), caps, seed));

        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder("run_id,budget_epoch,score,cost_seconds\n");
        for (CombinedEstimator.Estimate e : combined.estimates()) {
            csv.append(String.format(Locale.ROOT, "%s,%d,%.10g,%.6g%n", e.runId(), e.budget(), e.score(), e.costSeconds()));
        }
        Files.writeString(out.resolve("combined_estimates.csv"), csv, StandardCharsets.UTF_8);
        String md = report(sweep, truth, estimates, proxies, designs, combined, single, exclude, seed, resamples, caps,
                wall);
        Files.writeString(out.resolve("combined.md"), md, StandardCharsets.UTF_8);
        System.out.println(md);
    }

    static String report(SweepFolder sweep, Truth truth, List<EstimateRow> estimates, ProxyCsv proxies,
                         List<CombinedInputs.Design> designs, CombinedEstimator.Result combined,
                         CombinedEstimator.SelectedSingle single, Set<String> exclude, long seed, int resamples,
                         List<Integer> caps, double wall) {
        Map<String, Double> y = truth.values();
        // estimator -> budget -> run -> score
        Map<String, TreeMap<Integer, Map<String, Double>>> by = new TreeMap<>();
        for (EstimateRow e : estimates) {
            if (!exclude.contains(e.estimator())) {
                by.computeIfAbsent(e.estimator(), k -> new TreeMap<>()).computeIfAbsent(e.budgetEpoch(), k -> new HashMap<>())
                        .put(e.runId(), e.score());
            }
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Sweep %s: %d runs with a truth (%s); exclude %s; seed %d; %d resamples; input caps %s (0 = all); "
                + "combined cross-fit wall %.1f s.%n%n", sweep.sweepId(), y.size(), truth.description(), exclude, seed,
                resamples, caps, wall));

        b.append("| proxy | runs | tau | Spearman | cost s/run (mean) | x epoch (sweep) | x training pass (sweep) "
                + "| x training pass (timed here) |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (String p : proxies.names()) {
            Map<String, Double> s = by.getOrDefault(p, new TreeMap<>()).getOrDefault(0, Map.of());
            double[][] xy = paired(s, y);
            double cost = proxies.meanCost(p);
            b.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %.3f | %.3f | %.3f | %.3f |%n", p, xy[0].length,
                    fmt(RankMetrics.kendallTauB(xy[0], xy[1])), fmt(RankMetrics.spearmanRho(xy[0], xy[1])), cost,
                    cost / proxies.meanEpochSeconds(), cost / proxies.meanTrainPassSeconds(),
                    cost / proxies.meanFitEpochHere()));
        }
        b.append(String.format(Locale.ROOT, "%nMean epoch %.2f s, mean training pass %.2f s (the sweep's curves table); "
                + "mean training pass timed by ProxySweep right after the proxies %.2f s. Runs where a proxy is undefined "
                + "are left out of its row.%n%n", proxies.meanEpochSeconds(), proxies.meanTrainPassSeconds(),
                proxies.meanFitEpochHere()));

        b.append("| budget | runs | combined tau (rho) | best single afterwards | its tau (rho) | combined - it [95% CI], "
                + "P(>0) | single picked per fold: tau (rho) | combined - it [95% CI], P(>0) | models chosen | "
                + "combined cost s/run |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (CombinedInputs.Design d : designs) {
            int t = d.budget();
            Map<String, Double> comb = new HashMap<>();
            Map<String, Double> cost = new HashMap<>();
            combined.estimates().stream().filter(e -> e.budget() == t).forEach(e -> {
                comb.put(e.runId(), e.score());
                cost.put(e.runId(), e.costSeconds());
            });
            if (comb.isEmpty()) {
                continue;
            }
            Map<String, Double> picked = new HashMap<>();
            single.estimates().stream().filter(e -> e.budget() == t).forEach(e -> picked.put(e.runId(), e.score()));
            String best = null;
            Double bestTau = null;
            Map<String, Double> bestScores = null;
            for (String col : d.columns()) {
                int at = col.lastIndexOf('@');
                if (at < 0) {
                    continue;
                }
                String name = col.substring(0, at);
                int budget = Integer.parseInt(col.substring(at + 1));
                Map<String, Double> s = by.getOrDefault(name, new TreeMap<>()).getOrDefault(budget, Map.of());
                double[][] xy = paired(s, y);
                Double tau = RankMetrics.kendallTauB(xy[0], xy[1]);
                if (tau != null && (bestTau == null || tau > bestTau)) {
                    best = col;
                    bestTau = tau;
                    bestScores = s;
                }
            }
            double meanCost = cost.values().stream().mapToDouble(v -> v).average().orElse(Double.NaN);
            b.append(String.format(Locale.ROOT, "| %d | %d | %s | %s | %s | %s | %s | %s | %s | %.3f |%n", t,
                    paired(comb, y)[0].length, tauRho(comb, y), best == null ? "n/a" : best,
                    bestScores == null ? "n/a" : tauRho(bestScores, y), difference(comb, bestScores, y, resamples, seed + t),
                    tauRho(picked, y), difference(comb, picked, y, resamples, seed + t), counts(combined.choiceCounts(t)),
                    meanCost));
        }
        b.append("\nSingle picked per fold (same folds as combined), by budget: ");
        single.picks().forEach((t, p) -> b.append(t).append(": ").append(String.join(" ", p)).append("; "));
        b.append("\n");
        return b.toString();
    }

    private static String tauRho(Map<String, Double> scores, Map<String, Double> truth) {
        double[][] xy = paired(scores, truth);
        return fmt(RankMetrics.kendallTauB(xy[0], xy[1])) + " (" + fmt(RankMetrics.spearmanRho(xy[0], xy[1])) + ")";
    }

    /** Paired bootstrap of tau(a) - tau(b) on the runs both scored, as "+d [lo, hi], P". */
    private static String difference(Map<String, Double> a, Map<String, Double> b, Map<String, Double> truth,
                                     int resamples, long seed) {
        if (b == null) {
            return "n/a";
        }
        List<String> common = new ArrayList<>();
        for (String r : new TreeSet<>(truth.keySet())) {
            if (finite(a.get(r)) && finite(b.get(r))) {
                common.add(r);
            }
        }
        TauDifference td = TauDifference.bootstrap(common.stream().mapToDouble(a::get).toArray(),
                common.stream().mapToDouble(b::get).toArray(), common.stream().mapToDouble(truth::get).toArray(),
                resamples, 0.95, seed);
        return td == null ? "n/a" : String.format(Locale.ROOT, "%+.3f [%+.3f, %+.3f], %.2f", td.difference(), td.low(),
                td.high(), td.probPositive());
    }

    private static String counts(Map<String, Integer> m) {
        List<String> parts = new ArrayList<>();
        m.forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }

    /** Scores and truths of the runs that have both, in run-id order. */
    private static double[][] paired(Map<String, Double> scores, Map<String, Double> truth) {
        List<String> ids = new ArrayList<>();
        for (String r : new TreeSet<>(truth.keySet())) {
            if (finite(scores.get(r))) {
                ids.add(r);
            }
        }
        return new double[][]{ids.stream().mapToDouble(scores::get).toArray(), ids.stream().mapToDouble(truth::get).toArray()};
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }

    private static String fmt(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    /** The proxies CSV of ProxySweep: estimates rows at budget 0 and each run's epoch times. */
    record ProxyCsv(List<EstimateRow> rows, List<String> names, Map<String, double[]> epochSeconds) {
        static ProxyCsv read(Path csv, String sweepId) throws IOException {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> header = ProxySweep.splitCsvLine(lines.get(0));
            List<EstimateRow> rows = new ArrayList<>();
            Map<String, Boolean> names = new LinkedHashMap<>();
            Map<String, double[]> epochs = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = ProxySweep.splitCsvLine(line);
                Map<String, String> m = new HashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    m.put(header.get(i), f.get(i));
                }
                names.put(m.get("estimator"), true);
                double score = m.get("score").isEmpty() ? Double.NaN : Double.parseDouble(m.get("score"));
                rows.add(new EstimateRow(sweepId, m.get("run_id"), m.get("estimator"), Integer.parseInt(m.get("budget_epoch")),
                        score, Double.parseDouble(m.get("cost_seconds")), "zc"));
                epochs.put(m.get("run_id"), new double[]{parse(m.get("epoch_seconds")), parse(m.get("train_pass_seconds")),
                        parse(m.get("fit_epoch_seconds_here"))});
            }
            return new ProxyCsv(rows, List.copyOf(names.keySet()), epochs);
        }

        double meanCost(String proxy) {
            return rows.stream().filter(r -> r.estimator().equals(proxy)).mapToDouble(EstimateRow::costSeconds)
                    .average().orElse(Double.NaN);
        }

        double meanEpochSeconds() {
            return epochSeconds.values().stream().mapToDouble(v -> v[0]).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        double meanTrainPassSeconds() {
            return epochSeconds.values().stream().mapToDouble(v -> v[1]).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        double meanFitEpochHere() {
            return epochSeconds.values().stream().mapToDouble(v -> v[2]).filter(Double::isFinite).average().orElse(Double.NaN);
        }

        private static double parse(String s) {
            return s == null || s.isEmpty() ? Double.NaN : Double.parseDouble(s);
        }
    }
}
