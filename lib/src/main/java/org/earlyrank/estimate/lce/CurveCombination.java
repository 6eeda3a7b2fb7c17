package org.earlyrank.estimate.lce;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The posterior of Domhan et al. 2015, Section 3.1-3.2, over a weighted combination of curve families fitted
 * to one partial learning curve y_1..y_tau (epochs 1..tau; accuracies in [0, 1]):
 * <pre>
 *   f_comb(x | xi) = sum_k w_k f_k(x | theta_k)        (weights normalised to sum to 1)
 *   y_x = f_comb(x | xi) + eps,  eps ~ N(0, sigma^2)    (the likelihood, Eq. (2))
 * </pre>
 * with xi = (theta_1..theta_K, sigma, w_1..w_K), laid out in that order in one vector. The prior is uniform
 * on each family's box ({@link CurveFamily#lower}), sigma in (0, 1] and each unnormalised weight in [0, 1]
 * (not all zero), restricted to curves that do not decrease and end in [0, 1]: every family must be
 * non-decreasing over a grid of epochs (the observed epochs 1..tau, then up to 8 evenly spaced epochs up to
 * T) and its value at T must lie in [0, 1], as an accuracy does. A convex combination of such curves is again
 * non-decreasing and ends in [0, 1], which is the paper's "the curve increases and the prediction is a valid
 * accuracy" prior (its f_comb(1) &lt; f_comb(m) and 0 &lt;= f_comb(m) &lt;= 1); checking each family, as the
 * authors' reference implementation does, keeps a family from hiding a fall behind the others' rise.
 *
 * <p>Not thread-safe (scratch arrays); one instance per fit.
 */
final class CurveCombination {
    /** Extrapolation epochs checked for monotonicity beyond the observed ones (plus T itself). */
    static final int EXTRA_CHECKS = 8;
    /** A curve may dip by this much between grid epochs (rounding), and still count as not decreasing. */
    static final double TOLERANCE = 1e-9;

    private final List<CurveFamily> families;
    private final int[] offsets;
    private final int nParams;
    private final double[] y;
    private final double[] gridX;
    private final double[] gridLnx;
    private final double[] comb;

    /**
     * @param families the families in the combination
     * @param y        observed values of epochs 1..tau
     * @param epochs   T, the epoch to extrapolate to (&gt; tau)
     */
    CurveCombination(List<CurveFamily> families, double[] y, int epochs) {
        this.families = List.copyOf(families);
        this.offsets = new int[families.size()];
        int o = 0;
        for (int k = 0; k < families.size(); k++) {
            offsets[k] = o;
            o += families.get(k).arity();
        }
        this.nParams = o;
        this.y = y.clone();
        this.gridX = grid(y.length, epochs);
        this.gridLnx = new double[gridX.length];
        for (int i = 0; i < gridX.length; i++) {
            gridLnx[i] = Math.log(gridX[i]);
        }
        this.comb = new double[gridX.length];
    }

    /** Epochs 1..tau, then up to {@value #EXTRA_CHECKS} evenly spaced epochs after tau, ending at T. */
    static double[] grid(int tau, int epochs) {
        TreeSet<Integer> g = new TreeSet<>();
        for (int t = 1; t <= tau; t++) {
            g.add(t);
        }
        int m = Math.min(EXTRA_CHECKS, epochs - tau);
        for (int k = 1; k <= m; k++) {
            g.add(tau + (int) Math.ceil((double) k * (epochs - tau) / m));
        }
        g.add(epochs);
        return g.stream().mapToDouble(i -> i).toArray();
    }

    List<CurveFamily> families() {
        return families;
    }

    /** Length of xi. */
    int dimension() {
        return nParams + 1 + families.size();
    }

    /** Index of sigma in xi (the weights follow it). */
    int sigmaIndex() {
        return nParams;
    }

    int offset(int k) {
        return offsets[k];
    }

    /** The log posterior density of xi up to a constant; -infinity outside the prior's support. */
    double logPosterior(double[] xi) {
        double sigma = xi[nParams];
        if (!(sigma > 0 && sigma <= 1)) {
            return Double.NEGATIVE_INFINITY;
        }
        int nk = families.size();
        double wsum = 0;
        for (int k = 0; k < nk; k++) {
            double w = xi[nParams + 1 + k];
            if (!(w >= 0 && w <= 1)) {
                return Double.NEGATIVE_INFINITY;
            }
            wsum += w;
        }
        if (!(wsum > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        java.util.Arrays.fill(comb, 0);
        for (int k = 0; k < nk; k++) {
            CurveFamily f = families.get(k);
            int o = offsets[k];
            if (!f.inBox(xi, o)) {
                return Double.NEGATIVE_INFINITY;
            }
            double w = xi[nParams + 1 + k] / wsum;
            if (!accumulate(f, xi, o, w, comb)) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        double ss = 0;
        for (int i = 0; i < y.length; i++) {
            double r = y[i] - comb[i];
            ss += r * r;
        }
        return -0.5 * ss / (sigma * sigma) - y.length * Math.log(sigma);
    }

    /**
     * Adds {@code w f(x)} over the grid to {@code out}; false when f is not finite, decreases, or ends outside
     * [0, 1] (the prior's support).
     */
    private boolean accumulate(CurveFamily f, double[] p, int o, double w, double[] out) {
        double prev = Double.NEGATIVE_INFINITY;
        double pre = f.pre(p, o);
        for (int i = 0; i < gridX.length; i++) {
            double v = f.value(gridX[i], gridLnx[i], p, o, pre);
            if (!(v >= prev - TOLERANCE) || !Double.isFinite(v)) {
                return false;
            }
            prev = v;
            out[i] += w * v;
        }
        return prev >= 0 && prev <= 1;
    }

    /** Whether one family with parameters p satisfies the prior on its own (its least-squares fit is usable). */
    boolean admissible(CurveFamily f, double[] p) {
        if (!f.inBox(p, 0)) {
            return false;
        }
        double[] scratch = new double[gridX.length];
        return accumulate(f, p, 0, 1, scratch);
    }

    /** f_comb(T | xi), the extrapolated final value (xi must be in the support). */
    double finalValue(double[] xi) {
        double x = gridX[gridX.length - 1];
        double lnx = gridLnx[gridX.length - 1];
        int nk = families.size();
        double wsum = 0;
        for (int k = 0; k < nk; k++) {
            wsum += xi[nParams + 1 + k];
        }
        double v = 0;
        for (int k = 0; k < nk; k++) {
            CurveFamily f = families.get(k);
            v += xi[nParams + 1 + k] / wsum * f.value(x, lnx, xi, offsets[k], f.pre(xi, offsets[k]));
        }
        return v;
    }

    /** f_comb at each observed epoch 1..tau with equal weights (for the starting sigma). */
    double[] fittedEqualWeights(List<double[]> params) {
        double[] out = new double[y.length];
        for (int k = 0; k < families.size(); k++) {
            for (int i = 0; i < y.length; i++) {
                out[i] += families.get(k).value(gridX[i], params.get(k)) / families.size();
            }
        }
        return out;
    }

    /** The families that can be fitted to tau points (no more parameters than points). */
    static List<CurveFamily> fittable(int tau) {
        List<CurveFamily> out = new ArrayList<>();
        for (CurveFamily f : CurveFamily.values()) {
            if (f.arity() <= tau) {
                out.add(f);
            }
        }
        return out;
    }
}
