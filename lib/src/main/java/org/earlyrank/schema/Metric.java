package org.earlyrank.schema;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The validation metric a sweep's curves hold, and the one orientation every score and the truth go
 * through: {@link #orient} turns a value of the metric into one where higher means a better run (the
 * value itself for accuracy, its negative for a perplexity or a loss). Nothing else in EarlyRank flips a
 * sign for a metric's sake.
 *
 * <p>Where the values are ({@code runs.metric} names the metric, {@code runs.higher_is_better} its
 * direction): an accuracy in {@code curves.val_acc} and {@code runs.final_val_acc}, as trained runs have
 * it; any other metric (an error rate, a loss, a perplexity, a metric the user names) in
 * {@code curves.val_metric} and {@code runs.final_val_metric}. Not {@code val_loss}: that column is a
 * trained run's validation cross-entropy, which TSE's SoVL and the effective budget read as such, while a
 * perplexity is exp of a cross-entropy, an error rate no loss at all, and a named metric may be better
 * when higher.
 *
 * <p>Known metrics and their direction: accuracy (higher is better), error, loss and perplexity (lower is
 * better); any other name needs its direction given. Immutable and serializable.
 *
 * @param name           the metric's name, lowercase ({@code accuracy}, {@code perplexity}, ...)
 * @param higherIsBetter its direction
 */
public record Metric(String name, boolean higherIsBetter) implements Serializable {
    public static final String ACCURACY_NAME = "accuracy";
    /** Trained runs' metric (and the default of an import). */
    public static final Metric ACCURACY = new Metric(ACCURACY_NAME, true);
    /** The metrics whose direction is known, in the order the docs list them. */
    public static final Map<String, Boolean> KNOWN = known();

    private static Map<String, Boolean> known() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put(ACCURACY_NAME, true);
        m.put("error", false);
        m.put("loss", false);
        m.put("perplexity", false);
        return java.util.Collections.unmodifiableMap(m);
    }

    public Metric {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("a metric name is a lowercase word (letters, digits, '_'), got '"
                    + name + "'");
        }
    }

    /**
     * The metric of a name and an optional direction, which overrides a known metric's.
     *
     * @param key            the option named in messages ({@code import-curves.metric})
     * @param higherIsBetter null: the known direction
     * @throws IllegalArgumentException for an unknown name without a direction, naming the fix
     */
    public static Metric of(String key, String name, Boolean higherIsBetter) {
        String n = name == null ? null : name.trim().toLowerCase(Locale.ROOT);
        if (n == null || n.isEmpty()) {
            throw new IllegalArgumentException(key + " must name a metric (" + String.join(", ", KNOWN.keySet())
                    + ", or any name with its direction), got '" + name + "'");
        }
        Boolean dir = higherIsBetter != null ? higherIsBetter : KNOWN.get(n);
        if (dir == null) {
            throw new IllegalArgumentException(key + " is '" + n + "', whose direction is unknown (known: "
                    + String.join(", ", KNOWN.keySet()) + "); say whether a higher value is a better run with"
                    + " --higher-is-better true|false (the key higher_is_better)");
        }
        return new Metric(n, dir);
    }

    /** A runs row's metric. */
    public static Metric of(RunRow r) {
        return new Metric(r.metric(), r.higherIsBetter());
    }

    /**
     * The one metric of a sweep's runs.
     *
     * @throws TableException when the runs hold different metrics (the runs table was assembled from
     *                        sweeps of different metrics): nothing can rank them together
     */
    public static Metric ofRuns(List<RunRow> runs) {
        Metric first = null;
        for (RunRow r : runs) {
            Metric m = of(r);
            if (first == null) {
                first = m;
            } else if (!first.equals(m)) {
                throw new TableException(RunsTable.NAME, "the runs of this sweep hold different metrics (" + first
                        + " and " + m + ", run " + r.runId() + "): one sweep is ranked by one metric; import each"
                        + " metric's curves into a sweep of its own");
            }
        }
        return first == null ? ACCURACY : first;
    }

    /** Higher = better: the value itself when higher is better, else its negative. */
    public double orient(double value) {
        return higherIsBetter ? value : -value;
    }

    /** Whether the values live in val_acc / final_val_acc (an accuracy), else in val_metric / final_val_metric. */
    public boolean inValAcc() {
        return name.equals(ACCURACY_NAME);
    }

    /** The curves column holding the values: {@code val_acc} or {@code val_metric}. */
    public String curvesColumn() {
        return inValAcc() ? "val_acc" : "val_metric";
    }

    /** The runs column holding the final value: {@code final_val_acc} or {@code final_val_metric}. */
    public String finalColumn() {
        return inValAcc() ? "final_val_acc" : "final_val_metric";
    }

    /** The epoch's value of this metric (not oriented), or null. */
    public Double value(CurveRow c) {
        return c == null ? null : inValAcc() ? c.valAcc() : c.valMetric();
    }

    /** The run's final value of this metric (not oriented), or null. */
    public Double finalValue(RunRow r) {
        return inValAcc() ? r.finalValAcc() : r.finalValMetric();
    }

    /** Values are fractions in [0, 1] (accuracy and error rate). */
    public boolean fraction() {
        return name.equals(ACCURACY_NAME) || name.equals("error");
    }

    /**
     * Loss-like: values span orders of magnitude (a loss, a perplexity), so a regression of them does
     * better on their logarithm ({@code fit-svr.target_transform = auto} picks log for these).
     */
    public boolean lossLike() {
        return name.equals("loss") || name.equals("perplexity");
    }

    /** "perplexity (lower is better)". */
    @Override
    public String toString() {
        return name + " (" + (higherIsBetter ? "higher" : "lower") + " is better)";
    }
}
