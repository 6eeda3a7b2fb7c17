package org.earlyrank.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.Metric;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The ground truth every estimator is ranked against: one value per ok run, higher = better.
 *
 * <ul>
 *   <li>Which metric: the sweep's ({@code runs.metric}, {@link Metric}). Accuracy as it is; any other metric
 *       (an imported loss, perplexity, error rate) from {@code runs.final_val_metric} / {@code curves.val_metric},
 *       oriented by {@link Metric#orient} (a perplexity's negative), so that a higher truth is still a better
 *       run and every rank correlation keeps its sign. {@link #description} names the metric and the
 *       orientation, and the report prints it.</li>
 *   <li>Which accuracy ({@code report.truth}): {@code test}, {@code val}, or {@code auto} = test where the
 *       sweep has a test split (any ok run has a test accuracy), else validation (imported curves).</li>
 *   <li>{@code report.truth_last_k = 1}: the run's final accuracy ({@code runs.final_*_acc}, else the
 *       curves row of its last planned epoch). {@code k > 1}: the mean over the curves rows of the last k
 *       planned epochs, since single-epoch accuracy is noisy; a run missing one of them has no truth.</li>
 *   <li>Runs that are not ok (diverged, failed) have no truth; ok runs without a value are left out with
 *       a note.</li>
 * </ul>
 *
 * @param column      {@code test_acc}, {@code val_acc} or {@code val_metric}
 * @param lastK       epochs averaged
 * @param description what {@code rank_correlation.truth} says, e.g. "final test_acc"
 * @param values      truth by run id, sorted by run id
 * @param notes       what a reader should know (runs left out and why)
 */
public record Truth(String column, int lastK, String description, Map<String, Double> values, List<String> notes) {
    public static final String TEST = "test_acc";
    public static final String VAL = "val_acc";
    public static final String VAL_METRIC = "val_metric";

    /**
     * @throws ConfigException when the options ask for what the sweep cannot give (test accuracy of a
     *                         sweep without a test split, more epochs than the runs have)
     */
    public static Truth of(List<RunRow> runs, List<CurveRow> curves, ReportOptions opts) {
        Metric metric = Metric.ofRuns(runs);
        List<RunRow> ok = runs.stream().filter(RunRow::ok).toList();
        Map<String, TreeMap<Integer, CurveRow>> byRun = byRun(curves);
        boolean hasTest = false;
        for (RunRow r : ok) {
            hasTest |= r.finalTestAcc() != null;
            for (CurveRow c : byRun.getOrDefault(r.runId(), new TreeMap<>()).values()) {
                hasTest |= c.testAcc() != null;
            }
        }
        String column = switch (opts.truth()) {
            case "test" -> TEST;
            case "val" -> VAL;
            default -> hasTest ? TEST : VAL;
        };
        if (!metric.inValAcc()) {
            if (column.equals(TEST)) {
                throw new ConfigException("report.truth = test, but this sweep's metric is " + metric + ", imported"
                        + " validation values only; use report.truth = val or auto");
            }
            column = VAL_METRIC;
        }
        if (column.equals(TEST) && !hasTest && !ok.isEmpty()) {
            throw new ConfigException("report.truth = test, but no ok run of this sweep has a test accuracy (imported "
                    + "curves and sweeps with dataset.test_size = 0 have none); use report.truth = val or auto");
        }
        int k = opts.truthLastK();
        int shortest = ok.stream().mapToInt(RunRow::epochsPlanned).min().orElse(Integer.MAX_VALUE);
        if (k > 1 && k > shortest) {
            throw new ConfigException("report.truth_last_k = " + k + " exceeds the " + shortest
                    + " planned epochs of the shortest ok run; use at most " + shortest);
        }
        Map<String, Double> values = measure(ok, byRun, column, k, metric);
        List<String> missing = ok.stream().map(RunRow::runId).filter(id -> !values.containsKey(id)).toList();
        List<String> notes = new ArrayList<>();
        if (!missing.isEmpty()) {
            notes.add(missing.size() + " ok run(s) have no " + (k == 1 ? "final " + column : column + " for each of the last "
                    + k + " epochs") + " and are left out: " + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
                    + (missing.size() > 10 ? ", ..." : ""));
        }
        int notOk = runs.size() - ok.size();
        if (notOk > 0) {
            notes.add(notOk + " run(s) did not finish ok (diverged or failed) and have no truth");
        }
        String what = column.equals(VAL_METRIC) ? "validation " + metric.name() : column;
        String description = k == 1 ? "final " + what : "mean " + what + " of the last " + k + " epochs";
        if (!metric.higherIsBetter()) {
            description += " (lower is better; ranked by its negative)";
        } else if (!metric.inValAcc()) {
            description += " (higher is better)";
        }
        return new Truth(column, k, description, values, List.copyOf(notes));
    }

    /**
     * The same measurement with another column: what the truth would be if it were {@code otherColumn} (the
     * noise ceiling ranks the validation accuracy measured this way against the test accuracy).
     *
     * @return by run id (sorted), the ok runs that have a finite value
     */
    public Map<String, Double> measure(List<RunRow> runs, List<CurveRow> curves, String otherColumn) {
        return measure(runs.stream().filter(RunRow::ok).toList(), byRun(curves), otherColumn, lastK,
                Metric.ofRuns(runs));
    }

    private static Map<String, TreeMap<Integer, CurveRow>> byRun(List<CurveRow> curves) {
        Map<String, TreeMap<Integer, CurveRow>> byRun = new HashMap<>();
        for (CurveRow c : curves) {
            byRun.computeIfAbsent(c.runId(), k -> new TreeMap<>()).put(c.epoch(), c);
        }
        return byRun;
    }

    /** Values of {@code column}; val_metric's oriented by the metric (higher = better), accuracies as they are. */
    private static Map<String, Double> measure(List<RunRow> ok, Map<String, TreeMap<Integer, CurveRow>> byRun,
                                               String column, int k, Metric metric) {
        Map<String, Double> values = new TreeMap<>();
        for (RunRow r : ok) {
            TreeMap<Integer, CurveRow> cs = byRun.getOrDefault(r.runId(), new TreeMap<>());
            Double v = k == 1 ? finalValue(r, cs, column) : lastKMean(r, cs, column, k);
            if (v != null && Double.isFinite(v)) {
                values.put(r.runId(), column.equals(VAL_METRIC) ? metric.orient(v) : v);
            }
        }
        return Collections.unmodifiableMap(values);
    }

    private static Double value(CurveRow c, String column) {
        return c == null ? null : column.equals(TEST) ? c.testAcc() : column.equals(VAL) ? c.valAcc() : c.valMetric();
    }

    private static Double finalValue(RunRow r, TreeMap<Integer, CurveRow> cs, String column) {
        Double v = column.equals(TEST) ? r.finalTestAcc() : column.equals(VAL) ? r.finalValAcc() : r.finalValMetric();
        return v != null ? v : value(cs.get(r.epochsPlanned()), column);
    }

    private static Double lastKMean(RunRow r, TreeMap<Integer, CurveRow> cs, String column, int k) {
        double sum = 0;
        for (int e = r.epochsPlanned() - k + 1; e <= r.epochsPlanned(); e++) {
            Double v = value(cs.get(e), column);
            if (v == null) {
                return null;
            }
            sum += v;
        }
        return sum / k;
    }
}
