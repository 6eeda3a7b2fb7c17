package org.earlyrank.estimate.svr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.earlyrank.estimate.RunSettings;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * What a sequential regression model reads about one run (Baker et al. 2018, Section 3.1, "Features"):
 * <ul>
 *   <li>TS: the validation accuracies of epochs 1..tau (and epoch 0 where every run has it), their first
 *       differences {@code y_t - y_(t-1)} and second differences {@code y'_t - y'_(t-1)};</li>
 *   <li>AP: architecture parameters: n_params, flops, depth, cells/layers, channels (typed runs columns, and
 *       hparams entries with such names);</li>
 *   <li>HP: every other numeric hyperparameter (learning rate, weight decay, ... from runs.hparams).</li>
 * </ul>
 * Static (AP, HP) features are chosen once per sweep ({@link #choose}): a feature is kept when every run
 * has a finite value, the values are not all equal, and the values differ from every feature kept
 * before (hparams repeat the typed columns). With {@code logScale}, a positive feature spanning at least
 * two orders of magnitude (parameter counts, learning rates) enters as log10. Scaling to zero mean and
 * unit variance happens later, on each model's training rows ({@link Standardizer}).
 *
 * <p>Immutable and serializable.
 */
public record FeatureSpec(boolean epochZero, boolean timeSeries, List<StaticFeature> statics) implements Serializable {
    /** Feature groups, as in the paper's ablation (its Table 2). */
    public static final List<String> GROUPS = List.of("ts", "ap", "hp");

    static final Set<String> ARCH_NAMES = Set.of("n_params", "num_params", "params", "parameters", "flops", "depth",
            "cells", "layers", "n_layers", "num_layers", "channels", "num_filters", "filter_size", "num_blocks");

    /**
     * One static feature.
     *
     * @param name   runs column, or the hparams key
     * @param hparam whether it is read from runs.hparams (else from the typed column)
     * @param log    whether it enters as log10
     * @param group  "ap" or "hp"
     */
    public record StaticFeature(String name, boolean hparam, boolean log, String group) implements Serializable {
        /** The raw value for a run, or null when the run lacks it. */
        Double raw(RunSettings r) {
            if (hparam) {
                return r.hparams() == null ? null : r.hparams().get(name);
            }
            Function<RunSettings, Number> f = COLUMNS.get(name);
            Number v = f.apply(r);
            return v == null ? null : v.doubleValue();
        }

        double value(double raw) {
            return log ? Math.log10(raw) : raw;
        }
    }

    private static final Map<String, Function<RunSettings, Number>> COLUMNS = orderedColumns();

    private static Map<String, Function<RunSettings, Number>> orderedColumns() {
        java.util.LinkedHashMap<String, Function<RunSettings, Number>> m = new java.util.LinkedHashMap<>();
        m.put("n_params", RunSettings::nParams);
        m.put("flops", RunSettings::flops);
        m.put("depth", RunSettings::depth);
        m.put("cells", RunSettings::cells);
        m.put("channels", RunSettings::channels);
        m.put("learning_rate", RunSettings::learningRate);
        m.put("batch_size", RunSettings::batchSize);
        m.put("weight_decay", RunSettings::weightDecay);
        m.put("momentum", RunSettings::momentum);
        m.put("image_size", RunSettings::imageSize);
        m.put("train_fraction", RunSettings::trainFraction);
        return m;
    }

    public FeatureSpec {
        statics = List.copyOf(statics);
    }

    /**
     * Chooses the static features for a set of runs.
     *
     * @param groups   which of "ts", "ap", "hp" to use
     * @param logScale log10 of positive features spanning two orders of magnitude
     */
    public static FeatureSpec choose(List<RunSettings> runs, boolean epochZero, List<String> groups, boolean logScale) {
        List<StaticFeature> candidates = new ArrayList<>();
        for (String c : COLUMNS.keySet()) {
            candidates.add(new StaticFeature(c, false, false, ARCH_NAMES.contains(c) ? "ap" : "hp"));
        }
        Set<String> keys = new TreeSet<>();
        for (RunSettings r : runs) {
            if (r.hparams() != null) {
                keys.addAll(r.hparams().keySet());
            }
        }
        for (String k : keys) {
            candidates.add(new StaticFeature(k, true, false, ARCH_NAMES.contains(k) ? "ap" : "hp"));
        }
        List<StaticFeature> kept = new ArrayList<>();
        List<double[]> keptValues = new ArrayList<>();
        for (StaticFeature f : candidates) {
            if (!groups.contains(f.group()) || runs.isEmpty()) {
                continue;
            }
            double[] v = new double[runs.size()];
            boolean complete = true;
            for (int i = 0; i < runs.size() && complete; i++) {
                Double x = f.raw(runs.get(i));
                complete = x != null && Double.isFinite(x);
                v[i] = complete ? x : 0;
            }
            if (!complete || Arrays.stream(v).distinct().count() < 2
                    || keptValues.stream().anyMatch(k -> Arrays.equals(k, v))) {
                continue;
            }
            double min = Arrays.stream(v).min().orElse(0);
            double max = Arrays.stream(v).max().orElse(0);
            boolean log = logScale && min > 0 && max / min >= 100;
            kept.add(new StaticFeature(f.name(), f.hparam(), log, f.group()));
            keptValues.add(v);
        }
        return new FeatureSpec(epochZero, groups.contains("ts"), kept);
    }

    /** Number of features at budget tau. */
    public int size(int tau) {
        return timeSeriesSize(tau) + statics.size();
    }

    private int timeSeriesSize(int tau) {
        if (!timeSeries) {
            return 0;
        }
        int values = tau + (epochZero ? 1 : 0);
        return values + Math.max(0, values - 1) + Math.max(0, values - 2);
    }

    /** Names of the features at budget tau, in order (y_1, dy_2, ddy_3, n_params, log10(lr), ...). */
    public List<String> names(int tau) {
        List<String> out = new ArrayList<>();
        if (timeSeries) {
            int first = epochZero ? 0 : 1;
            for (int t = first; t <= tau; t++) {
                out.add("y_" + t);
            }
            for (int t = first + 1; t <= tau; t++) {
                out.add("dy_" + t);
            }
            for (int t = first + 2; t <= tau; t++) {
                out.add("ddy_" + t);
            }
        }
        for (StaticFeature f : statics) {
            out.add(f.log() ? "log10(" + f.name() + ")" : f.name());
        }
        return out;
    }

    /**
     * The features of one run at budget tau.
     *
     * @param curve validation accuracy by epoch (index = epoch; index 0 read only with {@link #epochZero});
     *              only epochs up to tau are read
     * @param run   the run's settings, for the static features (it has no final accuracies)
     * @return the raw (unscaled) feature row, or null when a value is missing or not finite
     */
    public double[] row(double[] curve, int tau, RunSettings run) {
        double[] out = new double[size(tau)];
        int k = 0;
        if (timeSeries) {
            int first = epochZero ? 0 : 1;
            if (curve.length <= tau) {
                return null;
            }
            for (int t = first; t <= tau; t++) {
                if (!Double.isFinite(curve[t])) {
                    return null;
                }
                out[k++] = curve[t];
            }
            for (int t = first + 1; t <= tau; t++) {
                out[k++] = curve[t] - curve[t - 1];
            }
            for (int t = first + 2; t <= tau; t++) {
                out[k++] = (curve[t] - curve[t - 1]) - (curve[t - 1] - curve[t - 2]);
            }
        }
        for (StaticFeature f : statics) {
            Double x = f.raw(run);
            if (x == null || !Double.isFinite(x) || (f.log() && x <= 0)) {
                return null;
            }
            out[k++] = f.value(x);
        }
        return out;
    }

    /** {@link #row(double[], int, RunSettings)} from a runs row (its settings part only). */
    public double[] row(double[] curve, int tau, RunRow run) {
        return row(curve, tau, RunSettings.of(run));
    }

    /**
     * The static (AP, HP) features of one run, as they enter {@link #row} (log10 where chosen); the
     * configuration features of the Bayesian neural network ({@link BnnFits}).
     *
     * @throws IllegalStateException when the run lacks one (every run of a {@link CurveSet} has them all)
     */
    public double[] staticRow(RunRow run) {
        return staticRow(RunSettings.of(run));
    }

    /** {@link #staticRow(RunRow)} from a run's settings. */
    public double[] staticRow(RunSettings run) {
        double[] out = new double[statics.size()];
        for (int k = 0; k < out.length; k++) {
            StaticFeature f = statics.get(k);
            Double x = f.raw(run);
            if (x == null || !Double.isFinite(x) || (f.log() && x <= 0)) {
                throw new IllegalStateException("run " + run.runId() + " lacks static feature " + f.name());
            }
            out[k] = f.value(x);
        }
        return out;
    }

    /** "ts+ap+hp"-style summary of what is used, for svr_fits. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (timeSeries) {
            parts.add("ts");
        }
        if (statics.stream().anyMatch(f -> f.group().equals("ap"))) {
            parts.add("ap");
        }
        if (statics.stream().anyMatch(f -> f.group().equals("hp"))) {
            parts.add("hp");
        }
        return String.join("+", parts);
    }
}
