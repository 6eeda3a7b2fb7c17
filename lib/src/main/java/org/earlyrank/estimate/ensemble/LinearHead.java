package org.earlyrank.estimate.ensemble;

import java.util.Arrays;

import org.earlyrank.schema.HeadsTable.HeadRow;

/**
 * A linear softmax classifier over penultimate features: {@code p = softmax(W x + b)}, the network's final
 * layer as stored in {@code heads}. Parameters are kept in double precision, W transposed (dim x classes)
 * so that the inner loops run over classes with independent accumulators.
 *
 * <p>Mutable only through {@link HeadOptimizer}; not thread-safe.
 */
public final class LinearHead {
    final int classes;
    final int dim;
    /** W transposed: {@code wt[j * classes + c] = W[c][j]}. */
    final double[] wt;
    final double[] b;

    LinearHead(int classes, int dim, double[] wt, double[] b) {
        this.classes = classes;
        this.dim = dim;
        this.wt = wt;
        this.b = b;
    }

    /** The head of a {@code heads} row (weights row-major classes x dim). */
    public static LinearHead of(HeadRow h) {
        int k = h.numClasses();
        int d = h.dim();
        if (h.weights().length != k * d || h.bias().length != k) {
            throw new IllegalArgumentException("head of run " + h.runId() + " epoch " + h.epoch() + " has " + h.weights().length
                    + " weights and " + h.bias().length + " biases for " + k + " classes x " + d + " features");
        }
        double[] wt = new double[k * d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                wt[j * k + c] = h.weights()[c * d + j];
            }
        }
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            b[c] = h.bias()[c];
        }
        return new LinearHead(k, d, wt, b);
    }

    public int classes() {
        return classes;
    }

    public int dim() {
        return dim;
    }

    public LinearHead copy() {
        return new LinearHead(classes, dim, wt.clone(), b.clone());
    }

    /** True when every parameter is finite. */
    public boolean finite() {
        for (double v : wt) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        for (double v : b) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** Writes the logits of the feature vector at {@code x[off..off+dim)} into {@code z}. */
    void logits(float[] x, int off, double[] z) {
        int k = classes;
        System.arraycopy(b, 0, z, 0, k);
        for (int j = 0; j < dim; j++) {
            double xj = x[off + j];
            int base = j * k;
            for (int c = 0; c < k; c++) {
                z[c] += wt[base + c] * xj;
            }
        }
    }

    /** Turns logits into probabilities in place (max-shifted); returns log of the normaliser after the shift. */
    static double softmaxInPlace(double[] z, int k) {
        double max = z[0];
        for (int c = 1; c < k; c++) {
            max = Math.max(max, z[c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double e = Math.exp(z[c] - max);
            z[c] = e;
            sum += e;
        }
        double inv = 1 / sum;
        for (int c = 0; c < k; c++) {
            z[c] *= inv;
        }
        return Math.log(sum) + max;
    }

    /** Softmax probabilities of every sample, row-major samples x classes. */
    public float[] probabilities(Samples s) {
        checkDim(s);
        int k = classes;
        float[] out = new float[s.size() * k];
        double[] z = new double[k];
        for (int i = 0; i < s.size(); i++) {
            logits(s.data(), s.offset(i), z);
            softmaxInPlace(z, k);
            for (int c = 0; c < k; c++) {
                out[i * k + c] = (float) z[c];
            }
        }
        return out;
    }

    /**
     * Fraction of samples whose largest logit is their label (ties go to the lower class, as an argmax over
     * the network's output does).
     */
    public double accuracy(Samples s) {
        checkDim(s);
        double[] z = new double[classes];
        int ok = 0;
        for (int i = 0; i < s.size(); i++) {
            logits(s.data(), s.offset(i), z);
            if (argmax(z, 0, classes) == s.labels()[i]) {
                ok++;
            }
        }
        return ok / (double) s.size();
    }

    /** Mean cross-entropy {@code -log p(label | x)} over the samples (exact log-sum-exp, no clipping). */
    public double crossEntropy(Samples s) {
        checkDim(s);
        double[] z = new double[classes];
        double sum = 0;
        for (int i = 0; i < s.size(); i++) {
            logits(s.data(), s.offset(i), z);
            double label = z[s.labels()[i]];
            double lse = softmaxInPlace(z, classes);
            sum += lse - label;
        }
        return sum / s.size();
    }

    static int argmax(double[] v, int from, int k) {
        int best = 0;
        for (int c = 1; c < k; c++) {
            if (v[from + c] > v[from + best]) {
                best = c;
            }
        }
        return best;
    }

    private void checkDim(Samples s) {
        if (s.dim() != dim) {
            throw new IllegalArgumentException("features have " + s.dim() + " values, the head expects " + dim);
        }
    }

    @Override
    public String toString() {
        return "LinearHead[" + classes + " x " + dim + ", b=" + Arrays.toString(b) + "]";
    }
}
