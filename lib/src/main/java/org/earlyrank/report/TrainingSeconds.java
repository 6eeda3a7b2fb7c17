package org.earlyrank.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.schema.CurvesTable.CurveRow;

/**
 * The training seconds each run had consumed by the end of each epoch: {@code curves.epoch_seconds}
 * (training pass, evaluation and feature capture) summed over epochs 1..t. What an estimate at budget t
 * costs besides its own {@code cost_seconds} ({@code rank_correlation.mean_compute_seconds}).
 */
public final class TrainingSeconds {
    /** Per run: cumulative seconds by epoch; an epoch without epoch_seconds breaks the sum (null from there). */
    private final Map<String, TreeMap<Integer, Double>> cumulative = new HashMap<>();

    public TrainingSeconds(List<CurveRow> curves) {
        Map<String, TreeMap<Integer, Double>> byRun = new HashMap<>();
        for (CurveRow c : curves) {
            if (c.epoch() >= 1) {
                byRun.computeIfAbsent(c.runId(), k -> new TreeMap<>()).put(c.epoch(), c.epochSeconds());
            }
        }
        byRun.forEach((run, epochs) -> {
            TreeMap<Integer, Double> sums = new TreeMap<>();
            Double sum = 0.0;
            int expected = 1;
            for (Map.Entry<Integer, Double> e : epochs.entrySet()) {
                Double s = e.getValue();
                // a missing epoch or a missing time leaves every later sum unknown
                sum = sum == null || e.getKey() != expected || s == null || !Double.isFinite(s) ? null : sum + s;
                sums.put(e.getKey(), sum);
                expected = e.getKey() + 1;
            }
            cumulative.put(run, sums);
        });
    }

    /**
     * Seconds the run had trained by the end of epoch {@code budget} (0 at budget 0; a run that stopped
     * earlier consumed only its epochs), or null when an epoch up to there has no epoch_seconds or the run
     * has no curves.
     */
    public Double upTo(String runId, int budget) {
        if (budget <= 0) {
            return 0.0;
        }
        TreeMap<Integer, Double> sums = cumulative.get(runId);
        if (sums == null) {
            return null;
        }
        Map.Entry<Integer, Double> e = sums.floorEntry(budget);
        return e == null ? null : e.getValue();
    }
}
