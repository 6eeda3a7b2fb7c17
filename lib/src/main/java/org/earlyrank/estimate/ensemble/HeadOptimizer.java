package org.earlyrank.estimate.ensemble;

import java.util.Arrays;
import java.util.Random;

/**
 * Re-optimises a stored head on one epoch's stored training features: minibatch SGD on the mean
 * cross-entropy, heavy-ball momentum and L2 weight decay on weights and bias (PyTorch's {@code SGD}
 * semantics: {@code v = mu v + (g + wd w)}, {@code w -= lr v}), learning rate decaying linearly from its
 * initial value towards zero over all steps ({@code lr_s = lr (1 - s / S)}), the samples reshuffled every
 * pass from an explicit seed.
 *
 * <p>Plain Java arrays: the head is a tiny softmax regression (dim 16-64, 10 classes), far below the size
 * where a BLAS call pays for itself. Cost per pass is about {@code 2 * n * dim * classes} multiply-adds.
 *
 * <p>Stateless apart from its settings; thread-safe.
 *
 * <p>References: Cao, "Efficient model performance estimation via feature histories", CMU-RI-TR-21-09,
 * 2021, Algorithm 1 (each epoch's head optimised on that epoch's features) and Appendix A.1 (SGD, momentum
 * 0.9, weight decay 5e-4, learning rate 0.05 decayed linearly to zero, batch 1024, 5 epochs).
 */
public final class HeadOptimizer {
    private final int epochs;
    private final double learningRate;
    private final double momentum;
    private final double weightDecay;
    private final int batchSize;

    /**
     * @param epochs passes over the samples; 0 returns the start head unchanged
     */
    public HeadOptimizer(int epochs, double learningRate, double momentum, double weightDecay, int batchSize) {
        if (epochs < 0 || !(learningRate > 0) || !(momentum >= 0 && momentum < 1) || !(weightDecay >= 0) || batchSize < 1) {
            throw new IllegalArgumentException("bad head optimiser settings: epochs " + epochs + ", learning rate "
                    + learningRate + ", momentum " + momentum + ", weight decay " + weightDecay + ", batch " + batchSize);
        }
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.batchSize = batchSize;
    }

    public int epochs() {
        return epochs;
    }

    /**
     * @return a new head fitted from {@code start} (which is not changed) on {@code train}
     */
    public LinearHead fit(LinearHead start, Samples train, long seed) {
        LinearHead h = start.copy();
        int n = train.size();
        if (epochs == 0 || n == 0) {
            return h;
        }
        if (train.dim() != h.dim) {
            throw new IllegalArgumentException("features have " + train.dim() + " values, the head expects " + h.dim);
        }
        int k = h.classes;
        int d = h.dim;
        float[] x = train.data();
        int[] labels = train.labels();
        double[] wt = h.wt;
        double[] b = h.b;
        double[] gw = new double[wt.length];
        double[] gb = new double[k];
        double[] vw = new double[wt.length];
        double[] vb = new double[k];
        double[] p = new double[k];
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random rnd = new Random(seed);
        int stepsPerEpoch = (n + batchSize - 1) / batchSize;
        double totalSteps = (double) stepsPerEpoch * epochs;
        int step = 0;
        for (int e = 0; e < epochs; e++) {
            shuffle(order, rnd);
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                Arrays.fill(gw, 0);
                Arrays.fill(gb, 0);
                for (int i = from; i < to; i++) {
                    int s = order[i];
                    int off = train.offset(s);
                    h.logits(x, off, p);
                    LinearHead.softmaxInPlace(p, k);
                    p[labels[s]] -= 1; // d(cross-entropy)/d(logits) = p - onehot
                    for (int c = 0; c < k; c++) {
                        gb[c] += p[c];
                    }
                    for (int j = 0; j < d; j++) {
                        double xj = x[off + j];
                        int base = j * k;
                        for (int c = 0; c < k; c++) {
                            gw[base + c] += p[c] * xj;
                        }
                    }
                }
                double lr = learningRate * (1 - step / totalSteps);
                double scale = 1.0 / (to - from);
                update(wt, gw, vw, scale, lr, step == 0);
                update(b, gb, vb, scale, lr, step == 0);
                step++;
            }
        }
        return h;
    }

    private void update(double[] w, double[] g, double[] v, double scale, double lr, boolean first) {
        for (int i = 0; i < w.length; i++) {
            double grad = g[i] * scale + weightDecay * w[i];
            // PyTorch starts the momentum buffer at the first gradient, which is what mu * 0 + g gives.
            v[i] = first ? grad : momentum * v[i] + grad;
            w[i] -= lr * v[i];
        }
    }

    private static void shuffle(int[] a, Random rnd) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
