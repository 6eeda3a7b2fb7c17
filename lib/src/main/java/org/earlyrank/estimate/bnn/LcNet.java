package org.earlyrank.estimate.bnn;

import java.util.random.RandomGenerator;

/**
 * The learning-curve network of Klein, Falkner, Springenberg and Hutter, "Learning curve prediction with
 * Bayesian neural networks" (ICLR 2017), Section 2 ("LC-Net"), on plain Java arrays: a fully connected
 * network with tanh hidden layers reads a configuration's features and the epoch as u = t / T, and its output
 * layer does not predict y(x, t) directly but the parameters of parametric curves in u, so that what the net
 * learns about a configuration is a curve shape:
 * <pre>
 *   y_inf = sigmoid(o_0)                          the asymptote, in (0, 1)
 *   A     = y_inf sigmoid(o_1)                    how far below it the curve starts, in (0, y_inf)
 *   w     = softmax(o_2 .. o_5)                   weights of four decaying basis shapes s_k(u), s_k(0) = 1
 *   s_1 = exp(-k1 u)              s_2 = (1 + k2 u)^(-a2)
 *   s_3 = 1 / (1 + (k3 u)^d3)     s_4 = exp(-(k4 u)^d4)
 *   mean(x, u) = y_inf - A sum_k w_k s_k(u)
 * </pre>
 * with each rate k = {@value #RATE_MAX} sigmoid(o) and each exponent a, d = {@value #EXPONENT_MAX} sigmoid(o)
 * (o_6 .. o_12). The shapes are the "asymptote minus a decaying term" forms of Domhan et al.'s exp, pow4, MMF
 * and Weibull families; Klein et al. use five of Domhan's families in this layer. Our parameterisation (every
 * curve rises to y_inf and stays in (0, 1)) is our own reading of that layer, not a copy of theirs. The
 * observation noise is Gaussian with a variance the network predicts too, as in Klein et al.'s network:
 * ln sigma^2(x, u) = o_13 + ln(0.05^2) (heteroscedastic: curves are noisier early than late, and one shared
 * sigma, inflated by the early epochs, made the predictive intervals at T too wide).
 *
 * <p>Parameters live in one flat vector (layer weights, then biases, layer by layer) so that the sampler
 * treats them alike. Stateless apart from its sizes; {@link #lossGradient} needs a {@link Scratch} per thread.
 */
final class LcNet {
    static final int SHAPES = 4;
    static final int OUTPUTS = 2 + SHAPES + 7 + 1;
    /** Index of the log-variance output. */
    static final int NOISE = OUTPUTS - 1;
    /** ln sigma^2 when the noise output is 0: sigma = 0.05. */
    static final double LOG_VAR_OFFSET = Math.log(0.05 * 0.05);
    static final double RATE_MAX = 50;
    static final double EXPONENT_MAX = 5;

    private final int inputs;
    private final int h1;
    private final int h2;
    // Offsets into the flat parameter vector.
    private final int w1;
    private final int b1;
    private final int w2;
    private final int b2;
    private final int w3;
    private final int b3;
    private final int size;

    /**
     * @param inputs configuration features plus one for u
     * @param hidden width of each of the two tanh layers
     */
    LcNet(int inputs, int hidden) {
        this.inputs = inputs;
        this.h1 = hidden;
        this.h2 = hidden;
        w1 = 0;
        b1 = w1 + h1 * inputs;
        w2 = b1 + h1;
        b2 = w2 + h2 * h1;
        w3 = b2 + h2;
        b3 = w3 + OUTPUTS * h2;
        size = b3 + OUTPUTS;
    }

    int size() {
        return size;
    }

    int inputs() {
        return inputs;
    }

    /** Starting weights: N(0, 1 / fan-in) (Glorot-like), zero biases. */
    double[] init(RandomGenerator rnd) {
        double[] p = new double[size];
        for (int i = 0; i < h1 * inputs; i++) {
            p[w1 + i] = rnd.nextGaussian() / Math.sqrt(inputs);
        }
        for (int i = 0; i < h2 * h1; i++) {
            p[w2 + i] = rnd.nextGaussian() / Math.sqrt(h1);
        }
        for (int i = 0; i < OUTPUTS * h2; i++) {
            p[w3 + i] = rnd.nextGaussian() / Math.sqrt(h2);
        }
        return p;
    }

    /** Per-thread work arrays. */
    final class Scratch {
        final double[] a1 = new double[h1];
        final double[] a2 = new double[h2];
        final double[] out = new double[OUTPUTS];
        final double[] dOut = new double[OUTPUTS];
        final double[] d2 = new double[h2];
        final double[] d1 = new double[h1];
        final double[] w = new double[SHAPES];
        final double[] sh = new double[SHAPES];
    }

    Scratch scratch() {
        return new Scratch();
    }

    /**
     * The predicted mean of y at (x, u), and in {@code s.out[NOISE]} the noise output; x holds the features
     * with u as its last entry.
     */
    double mean(double[] p, double[] x, Scratch s) {
        forward(p, x, s);
        return head(s.out, x[inputs - 1], null, s.w, s.sh);
    }

    /** The noise variance sigma^2(x, u) of the last {@link #mean} call on this scratch. */
    static double noiseVariance(Scratch s) {
        return Math.exp(s.out[NOISE] + LOG_VAR_OFFSET);
    }

    private void forward(double[] p, double[] x, Scratch s) {
        for (int j = 0; j < h1; j++) {
            double z = p[b1 + j];
            int row = w1 + j * inputs;
            for (int i = 0; i < inputs; i++) {
                z += p[row + i] * x[i];
            }
            s.a1[j] = tanh(z);
        }
        for (int j = 0; j < h2; j++) {
            double z = p[b2 + j];
            int row = w2 + j * h1;
            for (int i = 0; i < h1; i++) {
                z += p[row + i] * s.a1[i];
            }
            s.a2[j] = tanh(z);
        }
        for (int j = 0; j < OUTPUTS; j++) {
            double z = p[b3 + j];
            int row = w3 + j * h2;
            for (int i = 0; i < h2; i++) {
                z += p[row + i] * s.a2[i];
            }
            s.out[j] = z;
        }
    }

    /**
     * The curve head: the mean at u from the network's outputs o; when {@code grad} is not null it receives
     * d mean / d o. {@code w} and {@code sh} are work arrays of length {@value #SHAPES}.
     */
    static double head(double[] o, double u, double[] grad, double[] w, double[] sh) {
        double yInf = sigmoid(o[0]);
        double gapFrac = sigmoid(o[1]);
        double amp = yInf * gapFrac;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < SHAPES; k++) {
            max = Math.max(max, o[2 + k]);
        }
        double wsum = 0;
        for (int k = 0; k < SHAPES; k++) {
            w[k] = Math.exp(o[2 + k] - max);
            wsum += w[k];
        }
        for (int k = 0; k < SHAPES; k++) {
            w[k] /= wsum;
        }
        double k1 = rate(o[6]);
        double k2 = rate(o[7]);
        double a2 = exponent(o[8]);
        double k3 = rate(o[9]);
        double d3 = exponent(o[10]);
        double k4 = rate(o[11]);
        double d4 = exponent(o[12]);
        sh[0] = Math.exp(-k1 * u);
        double l2 = Math.log1p(k2 * u);
        sh[1] = Math.exp(-a2 * l2);
        double ln3 = Math.log(k3 * u);
        double q3 = Math.exp(d3 * ln3);
        sh[2] = 1 / (1 + q3);
        double ln4 = Math.log(k4 * u);
        double q4 = Math.exp(d4 * ln4);
        sh[3] = Math.exp(-q4);
        double mix = 0;
        for (int k = 0; k < SHAPES; k++) {
            mix += w[k] * sh[k];
        }
        double mean = yInf - amp * mix;
        if (grad != null) {
            // mean = yInf (1 - gapFrac mix)
            grad[0] = yInf * (1 - yInf) * (1 - gapFrac * mix);
            grad[1] = -yInf * gapFrac * (1 - gapFrac) * mix;
            for (int k = 0; k < SHAPES; k++) {
                grad[2 + k] = -amp * w[k] * (sh[k] - mix);
            }
            // d mean / d s_k = -amp w_k; d rate / d o = rate (1 - rate / max), likewise the exponents.
            double g0 = -amp * w[0];
            grad[6] = g0 * (-u * sh[0]) * k1 * (1 - k1 / RATE_MAX);
            double g1 = -amp * w[1];
            grad[7] = g1 * (-a2 * u / (1 + k2 * u) * sh[1]) * k2 * (1 - k2 / RATE_MAX);
            grad[8] = g1 * (-l2 * sh[1]) * a2 * (1 - a2 / EXPONENT_MAX);
            double g2 = -amp * w[2] * (-sh[2] * sh[2]);
            grad[9] = g2 * (d3 * q3 / k3) * k3 * (1 - k3 / RATE_MAX);
            grad[10] = g2 * (q3 * ln3) * d3 * (1 - d3 / EXPONENT_MAX);
            double g3 = -amp * w[3] * (-sh[3]);
            grad[11] = g3 * (d4 * q4 / k4) * k4 * (1 - k4 / RATE_MAX);
            grad[12] = g3 * (q4 * ln4) * d4 * (1 - d4 / EXPONENT_MAX);
        }
        return mean;
    }

    /**
     * Adds to {@code grad} the gradient of the negative log likelihood of one observation
     * (0.5 (y - mean)^2 / sigma^2 + 0.5 ln sigma^2), times {@code scale}; returns that loss.
     */
    double lossGradient(double[] p, double[] x, double y, double scale, double[] grad, Scratch s) {
        forward(p, x, s);
        double mean = head(s.out, x[inputs - 1], s.dOut, s.w, s.sh);
        double logVar = s.out[NOISE] + LOG_VAR_OFFSET;
        double var = Math.exp(logVar);
        double r = y - mean;
        double dMean = -r / var * scale;
        for (int j = 0; j < OUTPUTS; j++) {
            double d = j == NOISE ? (0.5 - 0.5 * r * r / var) * scale : s.dOut[j] * dMean;
            s.dOut[j] = d;
            grad[b3 + j] += d;
            int row = w3 + j * h2;
            for (int i = 0; i < h2; i++) {
                grad[row + i] += d * s.a2[i];
            }
        }
        for (int i = 0; i < h2; i++) {
            double back = 0;
            for (int j = 0; j < OUTPUTS; j++) {
                back += p[w3 + j * h2 + i] * s.dOut[j];
            }
            s.d2[i] = back * (1 - s.a2[i] * s.a2[i]);
        }
        for (int j = 0; j < h2; j++) {
            double d = s.d2[j];
            grad[b2 + j] += d;
            int row = w2 + j * h1;
            for (int i = 0; i < h1; i++) {
                grad[row + i] += d * s.a1[i];
            }
        }
        for (int i = 0; i < h1; i++) {
            double back = 0;
            for (int j = 0; j < h2; j++) {
                back += p[w2 + j * h1 + i] * s.d2[j];
            }
            s.d1[i] = back * (1 - s.a1[i] * s.a1[i]);
        }
        for (int j = 0; j < h1; j++) {
            double d = s.d1[j];
            grad[b1 + j] += d;
            int row = w1 + j * inputs;
            for (int i = 0; i < inputs; i++) {
                grad[row + i] += d * x[i];
            }
        }
        return 0.5 * r * r / var + 0.5 * logVar;
    }

    /** tanh through exp (an intrinsic), several times faster than Math.tanh; exact to rounding. */
    static double tanh(double z) {
        if (z > 20) {
            return 1;
        }
        if (z < -20) {
            return -1;
        }
        double e = Math.exp(2 * z);
        return (e - 1) / (e + 1);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** A rate in (0, RATE_MAX], never exactly 0 (its logarithm is taken). */
    static double rate(double o) {
        return Math.max(RATE_MAX * sigmoid(o), 1e-9);
    }

    static double exponent(double o) {
        return Math.max(EXPONENT_MAX * sigmoid(o), 1e-9);
    }
}
