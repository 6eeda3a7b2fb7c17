package org.earlyrank.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.StepsTable.StepRow;

/**
 * The rows one run produces, per table. Epoch-level rows accumulate as training proceeds; the runs row
 * is set once at the end. Not thread-safe.
 */
public final class RunRecord {
    public final List<StepRow> steps = new ArrayList<>();
    public final List<CurveRow> curves = new ArrayList<>();
    public final List<FeatureRow> features = new ArrayList<>();
    public final List<HeadRow> heads = new ArrayList<>();
    public RunRow run;

    /** Adds every row of another record (a restored checkpoint's). */
    public void addAll(RunRecord other) {
        steps.addAll(other.steps);
        curves.addAll(other.curves);
        features.addAll(other.features);
        heads.addAll(other.heads);
    }

    /** A record holding only this record's steps (a run that ended mid-epoch keeps its minibatch losses). */
    public RunRecord stepsOnly() {
        RunRecord r = new RunRecord();
        r.steps.addAll(steps);
        return r;
    }

    /** Rows per table name, for {@link org.earlyrank.store.StageOutput#commit}. */
    public Map<String, List<Row>> tables() {
        Map<String, List<Row>> m = new LinkedHashMap<>();
        m.put(StepsTable.NAME, steps.stream().map(StepRow::toRow).toList());
        m.put(CurvesTable.NAME, curves.stream().map(CurveRow::toRow).toList());
        m.put(FeaturesTable.NAME, features.stream().map(FeatureRow::toRow).toList());
        m.put(HeadsTable.NAME, heads.stream().map(HeadRow::toRow).toList());
        if (run != null) {
            m.put(RunsTable.NAME, List.of(run.toRow()));
        }
        return m;
    }

    /** Rebuilds a record from rows per table (a checkpoint read back). */
    public static RunRecord fromTables(Map<String, List<Row>> tables) {
        RunRecord r = new RunRecord();
        tables.getOrDefault(StepsTable.NAME, List.of()).forEach(x -> r.steps.add(StepRow.fromRow(x)));
        tables.getOrDefault(CurvesTable.NAME, List.of()).forEach(x -> r.curves.add(CurveRow.fromRow(x)));
        tables.getOrDefault(FeaturesTable.NAME, List.of()).forEach(x -> r.features.add(FeatureRow.fromRow(x)));
        tables.getOrDefault(HeadsTable.NAME, List.of()).forEach(x -> r.heads.add(HeadRow.fromRow(x)));
        return r;
    }
}
