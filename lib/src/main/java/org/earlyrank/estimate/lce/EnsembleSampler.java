package org.earlyrank.estimate.lce;

import java.util.Random;
import java.util.function.Consumer;

/**
 * The affine-invariant ensemble sampler of Goodman and Weare, "Ensemble samplers with affine invariance"
 * (Communications in Applied Mathematics and Computational Science 5(1), 2010), Section 3, with the stretch
 * move (their Eq. (7)-(9)); the sampler Domhan et al. 2015 use through emcee (Foreman-Mackey et al., PASP
 * 125, 2013). One step updates every walker k in turn: draw another walker j, z from g(z) ~ 1/sqrt(z) on
 * [1/a, a], propose Y = X_j + z (X_k - X_j) and accept it with probability min(1, z^(d-1) p(Y) / p(X_k)).
 * This is the serial form of the move (each walker sees the others' current positions), which leaves the
 * product of the target densities invariant as the parallel form does.
 *
 * <p>Deterministic given the generator; not thread-safe (one sampler per fit).
 */
final class EnsembleSampler {
    /** A log density up to a constant; -infinity outside the support. */
    @FunctionalInterface
    interface LogDensity {
        double at(double[] theta);
    }

    /** The stretch scale a (Goodman and Weare's, and emcee's, default). */
    static final double STRETCH = 2.0;

    private EnsembleSampler() {
    }

    /**
     * Runs {@code steps} steps from the given walkers (each with a finite log density) and hands every
     * kept state to {@code keep}: after {@code burnIn} steps, every {@code thin}-th step, all walkers.
     *
     * @param walkers initial positions, modified in place (at least 2, and at least 2 d for a good mix)
     * @return the fraction of proposals accepted
     */
    static double run(LogDensity density, double[][] walkers, int steps, int burnIn, int thin, Random rnd,
                      Consumer<double[]> keep) {
        int n = walkers.length;
        int d = walkers[0].length;
        double[] logp = new double[n];
        for (int k = 0; k < n; k++) {
            logp[k] = density.at(walkers[k]);
        }
        double[] proposal = new double[d];
        long accepted = 0;
        for (int step = 0; step < steps; step++) {
            for (int k = 0; k < n; k++) {
                int j = rnd.nextInt(n - 1);
                if (j >= k) {
                    j++;
                }
                double u = rnd.nextDouble();
                // Inverse CDF of g(z) ~ 1/sqrt(z) on [1/a, a].
                double z = Math.pow((STRETCH - 1) * u + 1, 2) / STRETCH;
                double[] xk = walkers[k];
                double[] xj = walkers[j];
                for (int i = 0; i < d; i++) {
                    proposal[i] = xj[i] + z * (xk[i] - xj[i]);
                }
                double lp = density.at(proposal);
                double logRatio = (d - 1) * Math.log(z) + lp - logp[k];
                if (lp > Double.NEGATIVE_INFINITY && Math.log(rnd.nextDouble()) < logRatio) {
                    System.arraycopy(proposal, 0, xk, 0, d);
                    logp[k] = lp;
                    accepted++;
                }
            }
            if (step >= burnIn && (step - burnIn) % thin == 0) {
                for (double[] w : walkers) {
                    keep.accept(w);
                }
            }
        }
        return steps == 0 ? 0 : (double) accepted / ((long) steps * n);
    }
}
