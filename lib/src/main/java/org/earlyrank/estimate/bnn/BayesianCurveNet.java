package org.earlyrank.estimate.bnn;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A Bayesian neural network over learning curves (Klein et al., ICLR 2017): the LC-Net ({@link LcNet}) with a
 * Gaussian prior on its weights, sampled by scale-adapted SGHMC ({@link Sghmc}) on observations
 * (configuration features, epoch, validation accuracy). The prediction at (x, u) averages the sampled
 * networks: mean = E_s[mean_s(x, u)], variance = Var_s[mean_s(x, u)] + E_s[sigma_s^2] (the posterior
 * predictive of Klein et al., Section 2.2), sigma_s^2 being the sampled network's noise output at (x, u).
 *
 * <p>The prior: every weight and bias N(0, {@code priorSd}^2). Springenberg
 * et al. place Gamma hyperpriors on the weight precision; a fixed unit-scale prior is simpler and, with
 * standardised inputs, of the same order. Minibatches are drawn with replacement.
 *
 * <p>Deterministic given the seed; a fitted {@link Model} is immutable and thread-safe.
 */
public final class BayesianCurveNet {
    private BayesianCurveNet() {
    }

    /**
     * @param hidden    width of each of the two tanh layers (Klein et al.: 50)
     * @param burnIn    SGHMC steps adapting the preconditioner, discarded
     * @param steps     SGHMC steps after burn-in
     * @param keepEvery keep one sample every this many steps (samples = steps / keepEvery)
     * @param batch     minibatch size (Springenberg et al.: 20)
     * @param stepSize  eps (Springenberg et al.: 1e-2)
     * @param friction  C, "mdecay" (0.05)
     * @param priorSd   standard deviation of the weights' Gaussian prior
     */
    public record Settings(int hidden, int burnIn, int steps, int keepEvery, int batch, double stepSize,
                           double friction, double priorSd) implements Serializable {
        public Settings {
            if (hidden < 1 || burnIn < 0 || steps < 1 || keepEvery < 1 || keepEvery > steps || batch < 1
                    || !(stepSize > 0) || !(friction > 0 && friction < 1) || !(priorSd > 0)) {
                throw new IllegalArgumentException("BNN settings need hidden >= 1, burn-in >= 0, 1 <= keep_every <= steps,"
                        + " batch >= 1, step size > 0, 0 < friction < 1 and prior sd > 0; got " + this);
            }
        }

        public int samples() {
            return steps / keepEvery;
        }
    }

    /** The posterior predictive at one point. */
    public record Prediction(double mean, double variance) {
        public double sd() {
            return Math.sqrt(variance);
        }
    }

    /** Sampled networks. */
    public static final class Model {
        private final LcNet net;
        private final List<double[]> samples;

        Model(LcNet net, List<double[]> samples) {
            this.net = net;
            this.samples = List.copyOf(samples);
        }

        /**
         * @param features the configuration's (scaled) features, as in training
         * @param u        the epoch as a fraction of T
         */
        public Prediction predict(double[] features, double u) {
            double[] x = input(features, u);
            LcNet.Scratch s = net.scratch();
            double m = 0;
            double m2 = 0;
            double noise = 0;
            for (double[] p : samples) {
                double v = net.mean(p, x, s);
                m += v;
                m2 += v * v;
                noise += LcNet.noiseVariance(s);
            }
            int k = samples.size();
            m /= k;
            return new Prediction(m, Math.max(0, m2 / k - m * m) + noise / k);
        }

        public int samples() {
            return samples.size();
        }
    }

    /**
     * @param features per observation, the configuration's features (standardised by the caller)
     * @param u        per observation, its epoch as a fraction of T, in (0, 1]
     * @param y        per observation, the validation accuracy
     */
    public static Model fit(double[][] features, double[] u, double[] y, Settings s, long seed) {
        int n = y.length;
        if (n == 0 || features.length != n || u.length != n) {
            throw new IllegalArgumentException("BNN needs observations with features, u and y alike, got " + n);
        }
        int p = features[0].length;
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = input(features[i], u[i]);
        }
        LcNet net = new LcNet(p + 1, s.hidden());
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] theta = net.init(rnd);
        LcNet.Scratch scratch = net.scratch();
        double priorVar = s.priorSd() * s.priorSd();
        double scale = (double) n / s.batch();
        Sghmc.Gradient grad = (th, g, r) -> {
            for (int b = 0; b < s.batch(); b++) {
                int i = r.nextInt(n);
                net.lossGradient(th, x[i], y[i], scale, g, scratch);
            }
            for (int i = 0; i < g.length; i++) {
                g[i] += th[i] / priorVar;
            }
        };
        List<double[]> samples = new ArrayList<>();
        Sghmc.run(theta, grad, n, s.stepSize(), s.friction(), s.burnIn(), s.steps(), s.keepEvery(), rnd,
                t -> samples.add(t.clone()));
        return new Model(net, samples);
    }

    private static double[] input(double[] features, double u) {
        double[] x = java.util.Arrays.copyOf(features, features.length + 1);
        x[features.length] = u;
        return x;
    }
}
