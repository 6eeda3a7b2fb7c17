package org.earlyrank.estimate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.StepsTable.StepRow;
import org.earlyrank.store.SweepFolder;

/**
 * Reads a sweep's runs, curves and (when present) steps into one {@link RunHistory} per run, on the
 * driver (these tables are small; features are read per run by the stages that need them).
 */
public final class SweepData {
    private final String sweepId;
    private final List<RunHistory> runs;
    private final boolean hasSteps;

    private SweepData(String sweepId, List<RunHistory> runs, boolean hasSteps) {
        this.sweepId = sweepId;
        this.runs = List.copyOf(runs);
        this.hasSteps = hasSteps;
    }

    /**
     * @param stage the stage reading, for messages naming what to run first
     * @throws org.earlyrank.schema.TableException when runs or curves are missing, incomplete, mistyped or corrupt
     */
    public static SweepData read(SweepFolder sweep) {
        sweep.requireExists();
        List<RunRow> runRows = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        Map<String, List<CurveRow>> curves = new HashMap<>();
        for (Row r : sweep.read(CurvesTable.TABLE, "train")) {
            CurveRow c = CurveRow.fromRow(r);
            curves.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(c);
        }
        boolean hasSteps = sweep.hasTable(StepsTable.NAME);
        Map<String, Map<Integer, List<StepRow>>> steps = new HashMap<>();
        if (hasSteps) {
            for (Row r : sweep.read(StepsTable.TABLE, "train")) {
                StepRow s = StepRow.fromRow(r);
                steps.computeIfAbsent(s.runId(), k -> new HashMap<>()).computeIfAbsent(s.epoch(), k -> new ArrayList<>()).add(s);
            }
        }
        List<RunHistory> out = new ArrayList<>();
        List<RunRow> sortedRuns = new ArrayList<>(runRows);
        sortedRuns.sort((a, b) -> a.runId().compareTo(b.runId()));
        for (RunRow run : sortedRuns) {
            Map<Integer, double[]> losses = null;
            Map<Integer, List<StepRow>> s = steps.get(run.runId());
            if (s != null) {
                losses = new LinkedHashMap<>();
                for (Map.Entry<Integer, List<StepRow>> e : s.entrySet()) {
                    List<StepRow> l = new ArrayList<>(e.getValue());
                    l.sort((a, b) -> Integer.compare(a.step(), b.step()));
                    losses.put(e.getKey(), l.stream().mapToDouble(StepRow::loss).toArray());
                }
            }
            out.add(new RunHistory(run, curves.getOrDefault(run.runId(), List.of()), losses));
        }
        return new SweepData(sweep.sweepId(), out, hasSteps);
    }

    /** For tests and imports: histories built in memory. */
    public static SweepData of(String sweepId, List<RunHistory> runs, boolean hasSteps) {
        return new SweepData(sweepId, runs, hasSteps);
    }

    public String sweepId() {
        return sweepId;
    }

    /** Every run, sorted by run id. */
    public List<RunHistory> runs() {
        return runs;
    }

    /** Runs with status ok: the ones with a truth to rank against. */
    public List<RunHistory> okRuns() {
        return runs.stream().filter(h -> h.run().ok()).toList();
    }

    public boolean hasSteps() {
        return hasSteps;
    }

    /** The longest planned budget among ok runs (T_end). */
    public int maxEpochs() {
        return okRuns().stream().mapToInt(h -> h.run().epochsPlanned()).max().orElse(0);
    }
}
