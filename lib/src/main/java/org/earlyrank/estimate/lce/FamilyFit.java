package org.earlyrank.estimate.lce;

/**
 * Least-squares fit of one curve family to a partial curve, the starting point of the sampler (Domhan et al.
 * 2015, Section 3.2: the chains start at each model's maximum-likelihood parameters, which under Gaussian
 * noise are the least-squares ones). From each of the family's starting points ({@link CurveFamily#starts}),
 * Levenberg-Marquardt; the fit with the least squared error among those the prior admits
 * ({@link CurveCombination#admissible}) wins.
 *
 * <p>Levenberg-Marquardt as in Marquardt, "An algorithm for least-squares estimation of nonlinear
 * parameters" (SIAM J. Appl. Math. 11(2), 1963), with the diagonal scaling of his Eq. (29), see also Nocedal
 * and Wright, Numerical Optimization (2nd ed., 2006), Section 10.3: solve (J'J + lambda diag(J'J)) delta = J'r,
 * accept the step and divide lambda by 10 when the squared error falls, else multiply lambda by 10. The
 * Jacobian is a forward difference. Our own rather than Smile's LevenbergMarquardt, which calls LAPACK's SVD
 * every iteration: on these 2-4 parameter problems it took 8 ms per fit (0.23 s for the 11 families of one
 * run) against tens of microseconds here.
 */
final class FamilyFit {
    /** Stop when an accepted step lowers the squared error by less than this fraction. */
    static final double TOLERANCE = 1e-10;
    static final int MAX_ITERATIONS = 200;

    private FamilyFit() {
    }

    /**
     * @param x epochs 1..tau
     * @param y observed values
     * @return the admissible least-squares parameters, or null when no start led to one
     */
    static double[] fit(CurveFamily family, double[] x, double[] y, CurveCombination prior) {
        if (x.length < family.arity()) {
            return null;
        }
        double best = Double.POSITIVE_INFINITY;
        double[] bestP = null;
        for (double[] start : family.starts(x, y, CurveFamily.Shape.of(y))) {
            double[] p = levenbergMarquardt(family, x, y, start);
            if (p == null) {
                continue;
            }
            double s = sse(family, x, y, p);
            if (s < best && prior.admissible(family, p)) {
                best = s;
                bestP = p;
            }
        }
        return bestP;
    }

    /** The least-squares parameters from {@code start}, or null when the start's error is not finite. */
    static double[] levenbergMarquardt(CurveFamily f, double[] x, double[] y, double[] start) {
        int n = x.length;
        int d = f.arity();
        double[] p = start.clone();
        double s = sse(f, x, y, p);
        if (!Double.isFinite(s)) {
            return null;
        }
        double lambda = 1e-3;
        double[][] jac = new double[n][d];
        double[] r = new double[n];
        double[] q = new double[d];
        for (int iter = 0; iter < MAX_ITERATIONS && s > 0; iter++) {
            for (int i = 0; i < n; i++) {
                double fi = f.value(x[i], p);
                r[i] = y[i] - fi;
                for (int j = 0; j < d; j++) {
                    double h = 1e-7 * Math.max(1, Math.abs(p[j]));
                    double keep = p[j];
                    p[j] = keep + h;
                    jac[i][j] = (f.value(x[i], p) - fi) / h;
                    p[j] = keep;
                }
            }
            double[][] a = new double[d][d + 1];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < d; j++) {
                    for (int k = 0; k < d; k++) {
                        a[j][k] += jac[i][j] * jac[i][k];
                    }
                    a[j][d] += jac[i][j] * r[i];
                }
            }
            boolean accepted = false;
            while (lambda < 1e12) {
                double[][] m = new double[d][];
                for (int j = 0; j < d; j++) {
                    m[j] = a[j].clone();
                    m[j][j] += lambda * Math.max(a[j][j], 1e-12);
                }
                double[] delta = Gauss.solve(m);
                if (delta != null) {
                    for (int j = 0; j < d; j++) {
                        q[j] = p[j] + delta[j];
                    }
                    double sq = sse(f, x, y, q);
                    if (sq < s) {
                        double gain = (s - sq) / s;
                        System.arraycopy(q, 0, p, 0, d);
                        s = sq;
                        lambda = Math.max(lambda / 10, 1e-12);
                        accepted = true;
                        if (gain < TOLERANCE) {
                            return p;
                        }
                        break;
                    }
                }
                lambda *= 10;
            }
            if (!accepted) {
                break; // no step lowers the error: a (local) minimum
            }
        }
        return p;
    }

    static double sse(CurveFamily f, double[] x, double[] y, double[] p) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            double r = y[i] - f.value(x[i], p);
            s += r * r;
        }
        return Double.isNaN(s) ? Double.POSITIVE_INFINITY : s;
    }
}
