package org.earlyrank.train;

import java.util.Map;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads each training minibatch's penultimate features and softmax outputs from the forward pass DL4J
 * runs anyway (ComputationGraph calls {@code onForwardPass} with all activations before backprop), so
 * the training-set feature histories and the minibatch loss cost a copy, not an extra pass.
 *
 * <p>The loss is the cross-entropy computed from the logits (log-sum-exp minus the label's logit, as
 * PyTorch's {@code CrossEntropyLoss} computes it), without the weight-decay term DL4J adds to its score:
 * TSE sums data losses (Ru et al., 2021). It is never clipped: DL4J's MCXENT clips probabilities at 1e-10,
 * which caps a sample's loss at 23 and would hide a run whose logits explode with finite values from
 * {@code train.divergence_loss} (DESIGN.md: such a run is {@code diverged}).
 *
 * <p>Not thread-safe: one per network.
 */
final class FeatureTap extends BaseTrainingListener {
    private int[] labels;
    private boolean capture;
    private double loss;
    private int correct;
    private float[] features;
    private int dim;
    private long captureNanos;

    /** Announces the next minibatch: its labels and whether to keep its features. */
    void expect(int[] labels, boolean capture) {
        this.labels = labels;
        this.capture = capture;
        this.features = null;
        this.loss = Double.NaN;
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        // DL4J leaves the output layer out of this map, so the softmax is recomputed from the features and
        // the head's current (pre-update) parameters: the same numbers DL4J's loss sees.
        INDArray f = activations.get(NetworkBuilder.FEATURES);
        org.deeplearning4j.nn.api.Layer head = ((org.deeplearning4j.nn.graph.ComputationGraph) model)
                .getLayer(NetworkBuilder.OUTPUT);
        float[] w = head.getParam("W").dup('c').data().asFloat(); // dim x classes
        float[] b = head.getParam("b").dup('c').data().asFloat();
        int classes = b.length;
        int d = (int) f.size(1);
        float[] feats = f.dup('c').data().asFloat();
        double sum = 0;
        int ok = 0;
        double[] logits = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                double z = b[k];
                for (int j = 0; j < d; j++) {
                    z += feats[i * d + j] * w[j * classes + k];
                }
                logits[k] = z;
                max = Math.max(max, z);
            }
            double norm = 0;
            int arg = 0;
            for (int k = 0; k < classes; k++) {
                norm += Math.exp(logits[k] - max);
                if (logits[k] > logits[arg]) {
                    arg = k;
                }
            }
            // norm >= 1 (the largest logit contributes exp(0)): finite whenever the logits are, NaN when one is NaN
            sum += max + Math.log(norm) - logits[labels[i]];
            if (arg == labels[i]) {
                ok++;
            }
        }
        loss = sum / labels.length;
        correct = ok;
        if (capture) {
            long t0 = System.nanoTime();
            dim = d;
            features = feats;
            captureNanos += System.nanoTime() - t0;
        }
    }

    double loss() {
        return loss;
    }

    int correct() {
        return correct;
    }

    /** The last minibatch's features (rows of {@link #dim()} values), or null when not captured. */
    float[] features() {
        return features;
    }

    int dim() {
        return dim;
    }

    /** Nanoseconds spent copying features so far. */
    long captureNanos() {
        return captureNanos;
    }
}
