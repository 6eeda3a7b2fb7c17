package org.earlyrank.estimate.svr;

import java.io.Serializable;

import org.earlyrank.schema.Metric;

/**
 * The scale the curve models work on: a metric's values, optionally logged, oriented so that higher is
 * better ({@link Metric#orient}). Every array of a {@link CurveSet} (curves, targets) is on this scale, so
 * the regression, the stopping rules ("stop when P(y_T &le; best - offset) &ge; Delta") and Hyperband read
 * "higher = better" whatever the metric.
 *
 * <ul>
 *   <li>{@code none}: w = v for accuracy, w = -v for a lower-is-better metric.</li>
 *   <li>{@code log}: w = ln v, or -ln v for a lower-is-better metric. Perplexities and losses span orders of
 *       magnitude and the few runs that never learn dominate a squared-error fit on the raw values; on
 *       their logarithm they are ordinary residuals (issue 21; Baker et al. 2018, Figure 2, regress
 *       perplexity itself). Needs positive values.</li>
 * </ul>
 *
 * <p>{@link #original} maps a working value (a prediction) back to the metric's own scale;
 * {@link #score} to the oriented original scale the estimates table holds (a perplexity's negative).
 *
 * @param metric the sweep's metric
 * @param log    whether values are logged
 */
public record TargetScale(Metric metric, boolean log) implements Serializable {
    public static final String AUTO = "auto";
    public static final String NONE = "none";
    public static final String LOG = "log";

    /** Accuracy as it is: the scale every trained sweep uses. */
    public static final TargetScale ACCURACY = new TargetScale(Metric.ACCURACY, false);

    /**
     * The scale of {@code fit-svr.target_transform}: {@code auto} = log for a loss-like metric (loss,
     * perplexity), none otherwise.
     */
    public static TargetScale of(Metric metric, String transform) {
        return new TargetScale(metric, switch (transform) {
            case LOG -> true;
            case NONE -> false;
            default -> metric.lossLike();
        });
    }

    /** The metric's value on the working scale (NaN stays NaN; a value that is not positive under log is NaN). */
    public double work(double v) {
        if (log) {
            return v > 0 ? metric.orient(Math.log(v)) : Double.NaN;
        }
        return metric.orient(v);
    }

    /** A working value back on the metric's own scale. */
    public double original(double w) {
        double o = metric.orient(w);
        return log ? Math.exp(o) : o;
    }

    /** A working value as a score: the metric's own scale, oriented so that higher is better. */
    public double score(double w) {
        return metric.orient(original(w));
    }

    /** Whether the working scale is the metric's own values (accuracy, no log). */
    public boolean identity() {
        return !log && metric.higherIsBetter();
    }

    /** "log" or "none". */
    public String transform() {
        return log ? LOG : NONE;
    }

    /** E.g. "-ln(perplexity)". */
    public String describe() {
        String v = log ? "ln(" + metric.name() + ")" : metric.name();
        return metric.higherIsBetter() ? v : "-" + v;
    }
}
