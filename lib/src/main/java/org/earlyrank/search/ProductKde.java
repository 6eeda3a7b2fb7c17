package org.earlyrank.search;

import java.util.List;

import org.earlyrank.base.ColumnMoments;

/**
 * A product-kernel density estimate over a {@link ParameterSpace}, as BOHB fits one to its good and one to
 * its bad observations (Falkner, Klein and Hutter, ICML 2018, Section 3.1, after the TPE of Bergstra et al.
 * 2011): p(x) = (1/n) sum_i prod_j k_j(x_j, x_ij).
 *
 * <ul>
 *   <li>Numeric parameters: a Gaussian kernel of bandwidth h_j.</li>
 *   <li>Categorical parameters with c levels: the Aitchison-Aitken kernel, 1 - h_j on the same level and
 *       h_j / (c - 1) on each other level.</li>
 *   <li>Bandwidths: the normal reference rule h_j = 1.06 sigma_j n^(-1/(4 + d)) (sigma_j the standard
 *       deviation of the points' coordinate, d the parameters), as BOHB's reference implementation takes
 *       from statsmodels for every parameter (categorical levels as their codes), clipped from below at
 *       {@code minBandwidth} (BOHB: 1e-3). A categorical h_j is also capped at (c - 1) / c, where the kernel
 *       becomes uniform: the reference implementation does not cap it, and beyond the cap the kernel would
 *       favour the other levels. Consequence, as in BOHB: while the points spread over a parameter's levels
 *       its bandwidth sits at the cap and the parameter carries no information; the density sharpens on a
 *       parameter once the points agree on it.</li>
 * </ul>
 *
 * <p>{@link #samplingDensity} is the density BOHB draws candidates from: each kernel widened as BOHB's
 * sampler does, numeric bandwidths multiplied by the bandwidth factor, a categorical coordinate kept with
 * probability 1 - h_j and otherwise drawn uniformly over its c levels.
 *
 * <p>Immutable.
 */
public final class ProductKde {
    private final List<ParameterSpace.Parameter> parameters;
    private final double[][] points;
    private final double[] bandwidths;

    /** @param points at least one point, each with one coordinate per parameter */
    public ProductKde(List<ParameterSpace.Parameter> parameters, double[][] points, double minBandwidth) {
        if (points.length == 0) {
            throw new IllegalArgumentException("a density needs at least one point");
        }
        int d = parameters.size();
        this.parameters = List.copyOf(parameters);
        this.points = points.clone();
        this.bandwidths = new double[d];
        double shrink = 1.06 * Math.pow(points.length, -1.0 / (4 + d));
        double[] std = ColumnMoments.of(points, d).std();
        for (int j = 0; j < d; j++) {
            double h = Math.max(minBandwidth, shrink * std[j]);
            ParameterSpace.Parameter par = parameters.get(j);
            if (par.categorical()) {
                h = Math.min(h, (par.levels() - 1.0) / par.levels());
            }
            bandwidths[j] = h;
        }
    }

    /** h_j, per parameter. */
    public double[] bandwidths() {
        return bandwidths.clone();
    }

    /** The fitted density at x. */
    public double density(double[] x) {
        return mean(x, 1.0, false);
    }

    /** The widened density BOHB samples candidates from (see the class comment). */
    public double samplingDensity(double[] x, double bandwidthFactor) {
        return mean(x, bandwidthFactor, true);
    }

    private double mean(double[] x, double factor, boolean sampling) {
        double sum = 0;
        for (double[] p : points) {
            double k = 1;
            for (int j = 0; j < x.length && k > 0; j++) {
                ParameterSpace.Parameter par = parameters.get(j);
                double h = bandwidths[j];
                if (par.categorical()) {
                    boolean same = Math.round(x[j]) == Math.round(p[j]);
                    int c = par.levels();
                    k *= sampling ? (same ? 1 - h : 0) + h / c : same ? 1 - h : h / (c - 1);
                } else {
                    double s = sampling ? h * factor : h;
                    double z = (x[j] - p[j]) / s;
                    k *= Math.exp(-0.5 * z * z) / (s * Math.sqrt(2 * Math.PI));
                }
            }
            sum += k;
        }
        return sum / points.length;
    }
}
