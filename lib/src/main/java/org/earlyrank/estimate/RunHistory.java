package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * What one run produced, as estimators see it: its runs row, its curves (sorted by epoch) and its
 * minibatch losses per epoch (absent for imported sweeps). A history may be truncated to a budget t:
 * then epochs after t do not exist for the reader ({@link #upTo(int)}), which is how every estimator is
 * kept honest.
 *
 * <p>Immutable and serializable.
 */
public final class RunHistory implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RunRow run;
    private final List<CurveRow> curves;
    private final TreeMap<Integer, double[]> steps;
    private final int visible;

    public RunHistory(RunRow run, List<CurveRow> curves, Map<Integer, double[]> steps) {
        this(run, sorted(curves), steps == null ? null : new TreeMap<>(steps), Integer.MAX_VALUE);
    }

    private RunHistory(RunRow run, List<CurveRow> curves, TreeMap<Integer, double[]> steps, int visible) {
        this.run = run;
        this.curves = curves;
        this.steps = steps;
        this.visible = visible;
    }

    private static List<CurveRow> sorted(List<CurveRow> c) {
        List<CurveRow> s = new ArrayList<>(c);
        s.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
        return Collections.unmodifiableList(s);
    }

    /** The same history with everything after epoch {@code t} hidden. */
    public RunHistory upTo(int t) {
        return new RunHistory(run, curves, steps, Math.min(t, visible));
    }

    public String runId() {
        return run.runId();
    }

    /** The runs row. Its final accuracies are the truth: estimators must not read them. */
    public RunRow run() {
        return run;
    }

    /** Last visible epoch: the budget, or the run's last epoch when not truncated. */
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
}
