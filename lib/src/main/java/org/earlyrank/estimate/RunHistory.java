package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * One run as a stage (or a family's {@code fit}) sees it: its whole {@code runs} row, truth included, and
 * everything it produced ({@link #view()}). Estimators never get a history: they score a
 * {@link RunView}, which has no truth. A history may be truncated to a budget t ({@link #upTo(int)}), for
 * the fitters that learn from partial curves.
 *
 * <p>Immutable and serializable.
 */
public final class RunHistory implements Serializable {
    private static final long serialVersionUID = 1L;
    private final RunRow run;
    private final RunView view;

    /** A history with curves and minibatch losses only (steps null for an imported run). */
    public RunHistory(RunRow run, List<CurveRow> curves, Map<Integer, double[]> steps) {
        this(run, new RunView(RunSettings.of(run), curves, steps, Map.of(), Map.of(), null));
    }

    public RunHistory(RunRow run, RunView view) {
        if (!view.runId().equals(run.runId())) {
            throw new IllegalArgumentException("view of run " + view.runId() + " given for run " + run.runId());
        }
        this.run = run;
        this.view = view;
    }

    /** The same history with everything after epoch {@code t} hidden (the runs row stays whole). */
    public RunHistory upTo(int t) {
        return new RunHistory(run, view.upTo(t));
    }

    public String runId() {
        return run.runId();
    }

    /** The runs row. Its final accuracies, status and epochs done are the truth: estimators never see it. */
    public RunRow run() {
        return run;
    }

    /** What an estimator may read of the run: settings and what it produced, no truth. */
    public RunView view() {
        return view;
    }

    /** Last visible epoch: the budget, or the run's last epoch when not truncated. */
    public int budget() {
        return view.budget();
    }

    /** Curves rows up to the budget, sorted by epoch. */
    public List<CurveRow> curves() {
        return view.curves();
    }

    /** The visible curves row of an epoch, or null. */
    public CurveRow curve(int epoch) {
        return view.curve(epoch);
    }

    /** True when the run recorded minibatch losses (trained, not imported). */
    public boolean hasSteps() {
        return view.hasSteps();
    }

    /** Minibatch losses of one visible epoch, or null. */
    public double[] stepLosses(int epoch) {
        return view.stepLosses(epoch);
    }

    /** Number of visible epochs with a curves row (epoch >= 1). */
    public int epochsVisible() {
        return view.epochsVisible();
    }

    /** Epochs 1..n that all have a curves row (the longest such n). */
    public int completeEpochs() {
        return view.completeEpochs();
    }

    /**
     * The last budget a stage scores the run at: its last complete epoch, at most its planned epochs (a
     * diverged run stops after its last complete epoch; a failed run with no epoch gets 0).
     */
    public int lastBudget() {
        int last = completeEpochs();
        return run.epochsPlanned() > 0 ? Math.min(last, run.epochsPlanned()) : last;
    }
}
