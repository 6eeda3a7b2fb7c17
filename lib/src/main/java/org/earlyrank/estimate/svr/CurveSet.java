package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

import org.earlyrank.config.ConfigException;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.Metric;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The runs a curve regression can learn from: status ok, the common full budget T, a finite validation
 * value at every epoch 1..T, a truth, and every static feature. Everything else is left out with a
 * note saying how many and why (a configuration with missing epochs cannot train a model that reads
 * those epochs, and its final value may be missing).
 *
 * <p>Truth ({@code y_T}, the regression target): the final test accuracy when every usable run has one,
 * else the final validation accuracy (imported curves have no test split); on a sweep of another metric
 * ({@code runs.metric}: an imported loss, perplexity, error rate) its final validation value.
 *
 * <p>Scale: curves and targets are held on the working scale of {@link #scale()} ({@link TargetScale}):
 * oriented so that higher is better and, for {@code fit-svr.target_transform = log}, logged. On a trained
 * sweep (accuracy, no transform) that is the accuracy itself.
 *
 * <p>Immutable after construction; arrays are shared, not copied: do not modify them.
 */
public final class CurveSet {
    private final List<RunHistory> runs;
    private final int epochs;
    private final double[][] curves;
    private final double[] truth;
    private final String truthColumn;
    private final FeatureSpec spec;
    private final TargetScale scale;
    /**
     * Raw feature rows of every run by tau, built on first use: the model comparison, the cross-fit, early
     * stopping and f-Hyperband read the same rows many times (at 15,625 runs, every fit's held-out rows).
     */
    private final java.util.concurrent.atomic.AtomicReferenceArray<double[][]> designs;

    CurveSet(List<RunHistory> runs, int epochs, double[][] curves, double[] truth, String truthColumn, FeatureSpec spec,
             TargetScale scale) {
        this.scale = scale;
        this.runs = List.copyOf(runs);
        this.epochs = epochs;
        this.curves = curves;
        this.truth = truth;
        this.truthColumn = truthColumn;
        this.spec = spec;
        this.designs = new java.util.concurrent.atomic.AtomicReferenceArray<>(epochs + 1);
    }

    /**
     * @param groups   feature groups to use ("ts", "ap", "hp")
     * @param logScale see {@link FeatureSpec#choose}
     * @param notes    receives one line per kind of run left out
     */
    public static CurveSet of(SweepData data, List<String> groups, boolean logScale, Consumer<String> notes) {
        return of(data, groups, logScale, TargetScale.AUTO, notes);
    }

    /**
     * @param transform {@code fit-svr.target_transform}: auto, none or log ({@link TargetScale#of})
     * @throws ConfigException under log, when a usable run has a value that is not positive
     */
    public static CurveSet of(SweepData data, List<String> groups, boolean logScale, String transform,
                              Consumer<String> notes) {
        Metric metric = Metric.ofRuns(data.runs().stream().map(RunHistory::run).toList());
        TargetScale scale = TargetScale.of(metric, transform);
        List<RunHistory> ok = data.okRuns();
        int notOk = data.runs().size() - ok.size();
        if (notOk > 0) {
            notes.accept(notOk + " runs are not ok (diverged, failed, or without a final value) and have no truth:"
                    + " not used for training (they are still scored where their curve allows)");
        }
        // The full budget T: the most common planned budget among ok runs (ties: the longer).
        TreeMap<Integer, Integer> planned = new TreeMap<>();
        ok.forEach(h -> planned.merge(h.run().epochsPlanned(), 1, Integer::sum));
        int t = planned.entrySet().stream().max((a, b) -> a.getValue().equals(b.getValue())
                ? Integer.compare(a.getKey(), b.getKey()) : Integer.compare(a.getValue(), b.getValue()))
                .map(java.util.Map.Entry::getKey).orElse(0);
        List<RunHistory> usable = new ArrayList<>();
        List<double[]> curveList = new ArrayList<>();
        List<String> otherBudget = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (RunHistory h : ok) {
            if (h.run().epochsPlanned() != t) {
                otherBudget.add(h.runId());
                continue;
            }
            double[] c = curve(h.view(), t, scale);
            if (scale.log()) {
                checkPositive(h, t, metric);
            }
            boolean complete = true;
            for (int e = 1; e <= t; e++) {
                complete &= Double.isFinite(c[e]);
            }
            if (!complete) {
                missing.add(h.runId());
                continue;
            }
            usable.add(h);
            curveList.add(c);
        }
        if (!otherBudget.isEmpty()) {
            notes.accept(otherBudget.size() + " ok runs planned another budget than T = " + t + " epochs and are left"
                    + " out: " + abbreviate(otherBudget));
        }
        if (!missing.isEmpty()) {
            notes.accept(missing.size() + " ok runs lack the validation " + metric.name() + " of some epoch 1.." + t + " (missing"
                    + " epochs) and are left out of training; they are scored only at budgets their curve covers: "
                    + abbreviate(missing));
        }
        boolean testTruth = metric.inValAcc() && !usable.isEmpty() && usable.stream().allMatch(h -> finite(h.run().finalTestAcc()));
        boolean epochZero = !curveList.isEmpty() && curveList.stream().allMatch(c -> Double.isFinite(c[0]));
        List<RunHistory> kept = new ArrayList<>();
        List<double[]> keptCurves = new ArrayList<>();
        List<Double> truth = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            RunRow r = usable.get(i).run();
            Double raw = testTruth ? r.finalTestAcc() : metric.finalValue(r);
            Double y = raw == null ? null : scale.work(raw);
            if (!finite(y)) {
                continue;
            }
            kept.add(usable.get(i));
            keptCurves.add(curveList.get(i));
            truth.add(y);
        }
        if (kept.size() < usable.size()) {
            notes.accept((usable.size() - kept.size()) + " ok runs have no finite final " + metric.name()
                    + " and are left out");
        }
        FeatureSpec spec = FeatureSpec.choose(kept.stream().map(h -> h.view().settings()).toList(), epochZero, groups,
                logScale);
        return new CurveSet(kept, t, keptCurves.toArray(new double[0][]), truth.stream().mapToDouble(d -> d).toArray(),
                testTruth ? "final_test_acc" : metric.finalColumn(), spec, scale);
    }

    private static void checkPositive(RunHistory h, int t, Metric metric) {
        for (CurveRow row : h.view().curves()) {
            Double v = metric.value(row);
            if (row.epoch() <= t && v != null && Double.isFinite(v) && v <= 0) {
                throw new ConfigException("fit-svr.target_transform = log needs positive values, but run " + h.runId()
                        + " has " + metric.name() + " " + v + " at epoch " + row.epoch() + "; use"
                        + " fit-svr.target_transform = none for a metric that can be zero or negative");
            }
        }
    }

    /** Validation values by epoch 0..t of a (possibly truncated) history, on its metric's auto scale; NaN where absent. */
    public static double[] curve(RunHistory h, int t) {
        return curve(h.view(), t);
    }

    /** Validation values by epoch 0..t of a (possibly truncated) view, on its metric's auto scale; NaN where absent. */
    public static double[] curve(RunView v, int t) {
        return curve(v, t, TargetScale.of(v.settings().metric(), TargetScale.AUTO));
    }

    /**
     * Validation values (of the view's metric) by epoch 0..t of a (possibly truncated) view, on the working
     * scale; NaN where absent.
     */
    public static double[] curve(RunView v, int t, TargetScale scale) {
        Metric metric = v.settings().metric();
        double[] c = new double[t + 1];
        Arrays.fill(c, Double.NaN);
        for (CurveRow row : v.curves()) {
            Double value = metric.value(row);
            if (row.epoch() >= 0 && row.epoch() <= t && value != null) {
                c[row.epoch()] = scale.work(value);
            }
        }
        return c;
    }

    /** The working scale of curves and targets. */
    public TargetScale scale() {
        return scale;
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }

    private static String abbreviate(List<String> ids) {
        return ids.size() <= 5 ? ids.toString() : ids.subList(0, 5) + " and " + (ids.size() - 5) + " more";
    }

    /** Usable runs, in the sweep's order (by run id). */
    public List<RunHistory> runs() {
        return runs;
    }

    public int size() {
        return runs.size();
    }

    /** The full budget T (epochs). */
    public int epochs() {
        return epochs;
    }

    /** Validation accuracy of run i by epoch 0..T (epoch 0 NaN unless imported with it). */
    public double[] curve(int i) {
        return curves[i];
    }

    /** The regression target of run i. */
    public double truth(int i) {
        return truth[i];
    }

    public double[] truth() {
        return truth;
    }

    /** "final_test_acc", "final_val_acc" or "final_val_metric". */
    public String truthColumn() {
        return truthColumn;
    }

    public FeatureSpec spec() {
        return spec;
    }

    /**
     * Raw feature rows at budget tau for the given runs. The rows are shared between calls: do not modify
     * them.
     */
    public double[][] design(int tau, int[] rows) {
        double[][] all = tau >= 0 && tau < designs.length() ? designs.get(tau) : null;
        if (all == null && tau >= 0 && tau < designs.length()) {
            all = new double[curves.length][];
            for (int i = 0; i < all.length; i++) {
                all[i] = spec.row(curves[i], tau, runs.get(i).view().settings());
            }
            // Two threads may build the same rows; either copy is the same.
            designs.compareAndSet(tau, null, all);
            all = designs.get(tau);
        }
        double[][] x = new double[rows.length][];
        for (int k = 0; k < rows.length; k++) {
            x[k] = all != null ? all[rows[k]] : spec.row(curves[rows[k]], tau, runs.get(rows[k]).view().settings());
            if (x[k] == null) {
                throw new IllegalStateException("run " + runs.get(rows[k]).runId() + " lacks a feature at tau " + tau);
            }
        }
        return x;
    }

    /** Targets of the given runs. */
    public double[] truth(int[] rows) {
        double[] y = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = truth[rows[k]];
        }
        return y;
    }

    /**
     * y_T of run i: its validation accuracy at the full budget T, the value a search sees and the early-stopping
     * rules judge by (Baker et al. 2018, Section 4). On a trained sweep {@link #truth} is the test accuracy,
     * which only the report uses.
     */
    public double finalVal(int i) {
        return curves[i][epochs];
    }

    /** Validation accuracy at epoch e of the given runs (targets of fast Hyperband's models). */
    public double[] valAt(int e, int[] rows) {
        double[] y = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            y[k] = curves[rows[k]][e];
        }
        return y;
    }

    /** True when every usable run has the same truth: there is nothing to regress. */
    public boolean constantTruth() {
        return Arrays.stream(truth).distinct().count() < 2;
    }
}
