package org.earlyrank.estimate.svr;

import java.io.Serializable;

/**
 * One fitted sequential regression model f_tau (Baker et al. 2018, Section 3.1): it maps the raw features
 * of a run at budget tau ({@link FeatureSpec#row}) to a prediction of the target (the final accuracy
 * y_T, or for fast Hyperband the accuracy at a rung). Holds its own feature scaling, fitted on its
 * training rows, and sigma, the spread of its leave-one-out residuals (NaN when not computed), which the
 * early-stopping rule uses as the spread of N(prediction, sigma).
 *
 * <p>Immutable, serializable; {@link #predict} is thread-safe.
 */
public final class Srm implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A fitted model on scaled features, predicting the scaled target. */
    interface Predictor extends Serializable {
        double predict(double[] scaledRow);

        default double[] predictAll(double[][] scaledRows) {
            double[] out = new double[scaledRows.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = predict(scaledRows[i]);
            }
            return out;
        }
    }

    private final ModelKind kind;
    private final int tau;
    private final Standardizer scaling;
    private final double yMean;
    private final double yScale;
    private final Predictor predictor;
    private final SvrParams params;
    private final double sigmaRms;
    private final double sigmaRobust;
    private final SigmaEstimate sigmaEstimate;
    private final int lastSeenIndex;
    private final int trainRows;

    Srm(ModelKind kind, int tau, Standardizer scaling, double yMean, double yScale, Predictor predictor,
        SvrParams params, double sigmaRms, double sigmaRobust, SigmaEstimate sigmaEstimate, int lastSeenIndex,
        int trainRows) {
        this.kind = kind;
        this.tau = tau;
        this.scaling = scaling;
        this.yMean = yMean;
        this.yScale = yScale;
        this.predictor = predictor;
        this.params = params;
        this.sigmaRms = sigmaRms;
        this.sigmaRobust = sigmaRobust;
        this.sigmaEstimate = sigmaEstimate;
        this.lastSeenIndex = lastSeenIndex;
        this.trainRows = trainRows;
    }

    /** The prediction for one raw feature row (same layout as the training rows). */
    public double predict(double[] raw) {
        if (kind == ModelKind.LAST_SEEN) {
            return raw[lastSeenIndex];
        }
        return yMean + yScale * predictor.predict(scaling.apply(raw));
    }

    /** Predictions for many raw rows (faster than one by one for the random forest). */
    public double[] predictAll(double[][] raw) {
        if (kind == ModelKind.LAST_SEEN) {
            double[] out = new double[raw.length];
            for (int i = 0; i < out.length; i++) {
                out[i] = raw[i][lastSeenIndex];
            }
            return out;
        }
        double[] out = predictor.predictAll(scaling.apply(raw));
        for (int i = 0; i < out.length; i++) {
            out[i] = yMean + yScale * out[i];
        }
        return out;
    }

    public ModelKind kind() {
        return kind;
    }

    /** The budget tau this model reads. */
    public int tau() {
        return tau;
    }

    /** The chosen nu-SVR setting, or null for the other models. */
    public SvrParams params() {
        return params;
    }

    /** The spread the stopping rules use: {@link #sigmaRms} (the paper's) or {@link #sigmaRobust}, as configured. */
    public double sigma() {
        return sigmaEstimate == SigmaEstimate.MAD ? sigmaRobust : sigmaRms;
    }

    /** Which of the two {@link #sigma} is. */
    public SigmaEstimate sigmaEstimate() {
        return sigmaEstimate;
    }

    /** RMS of the leave-one-out residuals, target units; NaN when not computed. */
    public double sigmaRms() {
        return sigmaRms;
    }

    /** Robust scale (1.4826 MAD) of the leave-one-out residuals, target units; NaN when not computed. */
    public double sigmaRobust() {
        return sigmaRobust;
    }

    public int trainRows() {
        return trainRows;
    }

}
