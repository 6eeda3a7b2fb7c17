package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.Tables;
import org.earlyrank.store.HadoopConf;

/**
 * What an estimator may read of one run: its {@linkplain RunSettings settings} and what it had produced by
 * the end of the budget epoch t ({@link #budget()}): its curves rows, its minibatch losses, the rows of
 * other small tables the estimator's family asked for (e.g. the run's own {@code estimates} by other
 * estimators, for a family fitted on scores), and the part files of the large per-epoch tables
 * ({@code features}, {@code heads}), which the family reads itself and must truncate to t. Never the truth:
 * no final accuracies, status or anything else decided by the end of training.
 *
 * <p>This is the honesty rule made a type: a view truncated to t ({@link #upTo(int)}) hides every epoch
 * after t, and a table row is visible when its {@code budget_epoch} (or {@code epoch}) is at most t.
 *
 * <p>Immutable and serializable (views travel to executors).
 */
public final class RunView implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RunSettings settings;
    private final List<CurveRow> curves;
    private final TreeMap<Integer, double[]> steps;
    private final Map<String, List<Row>> rows;
    private final Map<String, List<String>> files;
    private final HadoopConf conf;
    private final int visible;

    /**
     * @param curves the run's curves rows (any order)
     * @param steps  minibatch losses by epoch, or null (an imported run)
     * @param rows   rows of other small tables by table name (only this run's)
     * @param files  part files holding this run's rows of large tables, by table name
     * @param conf   how to read those files, or null when there are none
     */
    public RunView(RunSettings settings, List<CurveRow> curves, Map<Integer, double[]> steps,
                   Map<String, List<Row>> rows, Map<String, List<String>> files, HadoopConf conf) {
        this(settings, sorted(curves), steps == null ? null : new TreeMap<>(steps), Map.copyOf(rows),
                Map.copyOf(files), conf, Integer.MAX_VALUE);
    }

    private RunView(RunSettings settings, List<CurveRow> curves, TreeMap<Integer, double[]> steps,
                    Map<String, List<Row>> rows, Map<String, List<String>> files, HadoopConf conf, int visible) {
        this.settings = settings;
        this.curves = curves;
        this.steps = steps;
        this.rows = rows;
        this.files = files;
        this.conf = conf;
        this.visible = visible;
    }

    private static List<CurveRow> sorted(List<CurveRow> c) {
        List<CurveRow> s = new ArrayList<>(c);
        s.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
        return Collections.unmodifiableList(s);
    }

    /** The same view with everything after epoch {@code t} hidden. */
    public RunView upTo(int t) {
        return new RunView(settings, curves, steps, rows, files, conf, Math.min(t, visible));
    }

    public String runId() {
        return settings.runId();
    }

    /** The run's identity and settings: what was known before it trained. */
    public RunSettings settings() {
        return settings;
    }

    /** Last visible epoch: the budget, or {@link Integer#MAX_VALUE} when not truncated. */
    public int budget() {
        return visible;
    }

    /** Curves rows up to the budget, sorted by epoch (an imported run may start at epoch 0). */
    public List<CurveRow> curves() {
        int n = 0;
        while (n < curves.size() && curves.get(n).epoch() <= visible) {
            n++;
        }
        return curves.subList(0, n);
    }

    /** The visible curves row of an epoch, or null. */
    public CurveRow curve(int epoch) {
        if (epoch > visible) {
            return null;
        }
        for (CurveRow c : curves) {
            if (c.epoch() == epoch) {
                return c;
            }
        }
        return null;
    }

    /** Number of visible epochs with a curves row (epoch >= 1). */
    public int epochsVisible() {
        int n = 0;
        for (CurveRow c : curves()) {
            if (c.epoch() >= 1) {
                n++;
            }
        }
        return n;
    }

    /** Epochs 1..n that all have a curves row, within the budget (the longest such n). */
    public int completeEpochs() {
        int next = 1;
        for (CurveRow c : curves()) {
            if (c.epoch() == next) {
                next++;
            } else if (c.epoch() > next) {
                break;
            }
        }
        return next - 1;
    }

    /** True when the run recorded minibatch losses (trained, not imported). */
    public boolean hasSteps() {
        return steps != null && !steps.isEmpty();
    }

    /**
     * Minibatch losses of one visible epoch, in order, or null when that epoch has none.
     *
     * @throws IllegalArgumentException for an epoch after the budget
     */
    public double[] stepLosses(int epoch) {
        if (epoch > visible) {
            throw new IllegalArgumentException("epoch " + epoch + " is after the budget " + visible);
        }
        return steps == null ? null : steps.get(epoch);
    }

    /**
     * The run's rows of a small table the family asked for, those at the budget or before it (by the
     * table's {@code budget_epoch}, else {@code epoch} column; a table with neither is visible whole).
     */
    public List<Row> rows(String table) {
        List<Row> all = rows.getOrDefault(table, List.of());
        int col = budgetColumn(table);
        if (col < 0 || visible == Integer.MAX_VALUE) {
            return all;
        }
        List<Row> out = new ArrayList<>();
        for (Row r : all) {
            if (!r.isNullAt(col) && ((Number) r.get(col)).intValue() <= visible) {
                out.add(r);
            }
        }
        return out;
    }

    private static int budgetColumn(String table) {
        return Tables.byName(table).map(t -> t.has("budget_epoch") ? t.indexOf("budget_epoch")
                : t.has("epoch") ? t.indexOf("epoch") : -1).orElse(-1);
    }

    /**
     * The part files holding this run's rows of a large table ({@code features}, {@code heads}); empty
     * when the sweep has none. They hold every epoch: the reader keeps epochs up to {@link #budget()}.
     */
    public List<String> files(String table) {
        return files.getOrDefault(table, List.of());
    }

    /** The Hadoop configuration to read {@link #files} with. */
    public Configuration conf() {
        return conf == null ? new Configuration() : conf.get();
    }
}
