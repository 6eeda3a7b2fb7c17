package org.earlyrank.estimate.bnn;

import java.util.random.RandomGenerator;

/**
 * Scale-adapted stochastic-gradient Hamiltonian Monte Carlo of Springenberg, Klein, Falkner and Hutter,
 * "Bayesian optimization with robust Bayesian neural networks" (NIPS 2016), Section 3.2 and Eq. (10), the
 * sampler Klein et al. 2017 use for LC-Net; SGHMC itself is Chen, Fox and Guestrin, "Stochastic gradient
 * Hamiltonian Monte Carlo" (ICML 2014), Eq. (15). For the potential U(theta) = -log p(D | theta) - log p(theta),
 * with a minibatch estimate g of its gradient (the minibatch's gradient scaled by N / batch):
 * <pre>
 *   theta  += v
 *   v      += -eps^2 M^-1 g - C v + N(0, 2 eps^2 C M^-1 - eps^4 / N^2)
 * </pre>
 * where C = {@code friction} (their "mdecay", 0.05), eps the step size, and M^-1 = 1 / sqrt(V), V a running
 * estimate of the squared gradient of each parameter, adapted only during burn-in with the adaptive window of
 * their Eq. (9): tau += 1 - tau gbar^2 / V; r = 1 / (tau + 1); gbar += r (g - gbar); V += r (g^2 - V). The
 * estimate of the gradient noise B is taken as 0, as in their experiments. After burn-in, every
 * {@code keepEvery}-th state is a sample.
 *
 * <p>Deterministic given the generator; not thread-safe.
 */
final class Sghmc {
    /** The minibatch gradient of the potential U at theta (written into grad, zeroed by the caller). */
    @FunctionalInterface
    interface Gradient {
        void at(double[] theta, double[] grad, RandomGenerator rnd);
    }

    /** Receives each kept sample (a copy is the receiver's business). */
    @FunctionalInterface
    interface Sink {
        void accept(double[] theta);
    }

    private Sghmc() {
    }

    /**
     * @param theta     the starting point, updated in place
     * @param n         N, the number of observations (scales the noise correction term)
     * @param eps       step size (Springenberg et al.: 1e-2)
     * @param friction  C (mdecay, 0.05)
     */
    static void run(double[] theta, Gradient gradient, int n, double eps, double friction, int burnIn, int steps,
                    int keepEvery, RandomGenerator rnd, Sink sink) {
        int d = theta.length;
        double[] v = new double[d];
        double[] tau = new double[d];
        double[] gbar = new double[d];
        double[] vhat = new double[d];
        java.util.Arrays.fill(tau, 1);
        java.util.Arrays.fill(gbar, 1);
        java.util.Arrays.fill(vhat, 1);
        double[] g = new double[d];
        double eps2 = eps * eps;
        double correction = eps2 * eps2 / ((double) n * n);
        for (int step = 0; step < burnIn + steps; step++) {
            java.util.Arrays.fill(g, 0);
            gradient.at(theta, g, rnd);
            boolean adapting = step < burnIn;
            for (int i = 0; i < d; i++) {
                double gi = g[i];
                if (!Double.isFinite(gi)) {
                    gi = 0; // a non-finite gradient (an overflow in the head) moves nothing
                }
                if (adapting) {
                    tau[i] += 1 - tau[i] * gbar[i] * gbar[i] / vhat[i];
                    double r = 1 / (tau[i] + 1);
                    gbar[i] += r * (gi - gbar[i]);
                    vhat[i] += r * (gi * gi - vhat[i]);
                }
                double minv = 1 / Math.sqrt(vhat[i] + 1e-16);
                double noiseVar = Math.max(2 * eps2 * friction * minv - correction, 1e-16);
                v[i] += -eps2 * minv * gi - friction * v[i] + Math.sqrt(noiseVar) * rnd.nextGaussian();
                theta[i] += v[i];
            }
            if (step >= burnIn && (step - burnIn + 1) % keepEvery == 0) {
                sink.accept(theta);
            }
        }
    }
}
