package org.earlyrank.estimate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.StepsTable.StepRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.RunFiles;
import org.earlyrank.store.SweepFolder;

/**
 * A sweep's runs as stages and families see them: one {@link RunHistory} per run, sorted by run id, with
 * its runs row, curves and (when present) minibatch losses, read on the driver (these tables are small),
 * plus what a family asked for: the rows of other small tables, and for the large per-epoch tables
 * ({@value FeaturesTable#NAME}, {@value HeadsTable#NAME}) the part files that may hold each run's rows
 * ({@link RunFiles}: the published sorted files whose row groups cover the run, or the run's own file in
 * the old layout), read run by run where the scoring happens.
 */
public final class SweepData {
    /** Tables attached as part files, not read on the driver. */
    public static final Set<String> LARGE = Set.of(FeaturesTable.NAME, HeadsTable.NAME);

    private final String sweepId;
    private final List<RunHistory> runs;
    private final boolean hasSteps;

    private SweepData(String sweepId, List<RunHistory> runs, boolean hasSteps) {
        this.sweepId = sweepId;
        this.runs = List.copyOf(runs);
        this.hasSteps = hasSteps;
    }

    /** runs, curves and steps (when published). */
    public static SweepData read(SweepFolder sweep) {
        return read(sweep, List.of());
    }

    /**
     * runs, curves and steps (when published), and the given tables where published: large ones as part
     * files, others as rows.
     *
     * @throws org.earlyrank.schema.TableException when runs or curves are missing, or a table read is
     *                                             incomplete, mistyped or corrupt
     */
    public static SweepData read(SweepFolder sweep, Collection<TableSchema> extra) {
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
        Map<String, Map<String, List<Row>>> rows = new HashMap<>();
        Map<String, RunFiles> parts = new LinkedHashMap<>();
        for (TableSchema t : extra) {
            if (!sweep.hasTable(t.name())) {
                continue;
            }
            if (LARGE.contains(t.name())) {
                parts.put(t.name(), RunFiles.of(sweep.checkTable(t, "train"), sweep.conf()));
                continue;
            }
            int runId = t.indexOf("run_id");
            for (Row r : sweep.read(t, "the stage that writes " + t.name())) {
                rows.computeIfAbsent(r.getString(runId), k -> new HashMap<>())
                        .computeIfAbsent(t.name(), k -> new ArrayList<>()).add(r);
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
            Map<String, List<String>> files = new LinkedHashMap<>();
            parts.forEach((table, p) -> files.put(table, p.of(run.runId()).stream().map(Path::toString).toList()));
            Map<String, List<Row>> own = new LinkedHashMap<>();
            rows.getOrDefault(run.runId(), Map.of()).forEach((table, r) -> own.put(table, List.copyOf(r)));
            RunView view = new RunView(RunSettings.of(run), curves.getOrDefault(run.runId(), List.of()), losses, own,
                    files, parts.isEmpty() ? null : sweep.hadoopConf());
            out.add(new RunHistory(run, view));
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
