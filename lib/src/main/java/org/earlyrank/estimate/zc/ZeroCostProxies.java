package org.earlyrank.estimate.zc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.NetworkStats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.eigen.Eigen;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Zero-cost proxies of a network at initialisation: scores computed from the untrained network and (for
 * most) one concatenated batch of training images ({@link ProxyBatch}), oriented so that higher means a
 * better final accuracy is expected. They are the budget-0 estimators of Abdelfattah et al. and NASLib.
 *
 * <p>Common definitions. The network is a DL4J {@link ComputationGraph} ending in a dense softmax head
 * (as {@link org.earlyrank.train.NetworkBuilder} builds). theta_l is the weight tensor {@code W} of
 * weighted layer l: every convolution and dense layer, the output layer included; biases and batch-norm
 * parameters are not scored (as Abdelfattah et al. score only {@code Conv2d} and {@code Linear} weights).
 * L is the mean cross-entropy over the N images of the batch, on the logits z, with batch normalisation
 * in training mode (batch statistics), as the reference code runs its networks in {@code train()} mode.
 * L has no weight-decay term. Gradients are exact backpropagation through DL4J's own layer code
 * ({@link GraphPass}); the network's parameters are never modified (the two proxies that need other
 * parameter values, synflow and grasp, work on a double-precision copy).
 *
 * <p>The proxies (name in {@code estimates.estimator}: definition; sign):
 * <ul>
 *   <li>{@code zc-grad-norm}: sum_l ||dL/dtheta_l||_2 (Frobenius norm per layer, summed over layers, as
 *       Abdelfattah et al.'s {@code grad_norm}); used as is (larger gradients, better).</li>
 *   <li>{@code zc-snip}: sum_l sum_i |theta_li * dL/dtheta_li| (Lee et al., "SNIP: single-shot network
 *       pruning based on connection sensitivity", ICLR 2019, Eq. 6, summed over all weights as in
 *       Abdelfattah et al. Section 3); used as is.</li>
 *   <li>{@code zc-grasp}: -sum_l sum_i theta_li (H g)_li with g = dL/dtheta and H = d2L/dtheta2 over the
 *       weights above (Wang, Zhang and Grosse, "Picking winning tickets before training by preserving
 *       gradient flow", ICLR 2020, Eq. 8, with temperature 1); the minus sign is Abdelfattah et al.'s
 *       (their code: accuracy correlates negatively with theta * Hg). DL4J has no second-order
 *       backpropagation, so Hg is a central finite difference of gradients, in double precision on a copy:
 *       Hg = (g(theta + eps g) - g(theta - eps g)) / (2 eps), eps = {@value #GRASP_STEP} * ||theta|| / ||g||.
 *       The step is that small on purpose: the loss of a ReLU network is piecewise smooth, and autograd's
 *       Hg (what the reference computes) is the derivative inside the current linear region; a step that
 *       flips one of the network's ~10^6 ReLUs adds a jump divided by 2 eps. Measured on default-sweep
 *       networks: relative steps of 1e-6 and 1e-7 gave values 20 to 700 times too large or of the wrong
 *       sign, steps of 1e-8 to 1e-11 agreed to 5 digits (rounding starts to show at 1e-11); float precision cannot take such steps at all. The
 *       three passes run without the oneDNN helpers (they have no double kernels), so grasp is the
 *       costliest proxy.</li>
 *   <li>{@code zc-fisher}: sum_l sum_k fanIn_l * Delta_lk, Delta_lk = 1/2 * mean_n (sum_s a_nks dL/da_nks)^2,
 *       where a_nk. is channel k of the output of weighted layer l for image n (before batch norm; the
 *       logits for the head) and s runs over spatial positions (Theis et al., "Faster gaze prediction with
 *       dense networks and Fisher pruning", 2018, Eq. 7; Turner et al., "BlockSwap", ICLR 2020). The
 *       factor fanIn_l (weights per output channel: nIn * kH * kW, or nIn for dense) reproduces
 *       Abdelfattah et al.'s code, which broadcasts each channel's value to every weight of the channel
 *       and then sums over weights; the paper writes the plain sum over channels. Used as is.</li>
 *   <li>{@code zc-synflow}: sum_l sum_i |theta_li * dR/dtheta_li| with R = 1^T z(1; |theta|): every
 *       parameter replaced by its absolute value, an all-ones input image (batch of one), batch
 *       normalisation removed (Tanaka et al., "Pruning neural networks without any data by iteratively
 *       conserving synaptic flow", NeurIPS 2020, Eq. 2; Abdelfattah et al.'s {@code synflow} with
 *       {@code bn=False}). Batch norm is removed by skipping those layers (their output is their input),
 *       not by setting parameters. Computed in double precision on a converted copy of the network, as the
 *       reference does ({@code net.double()}): the product of absolute weights along many layers
 *       overflows float on deep networks. Used as is. Reads no data.</li>
 *   <li>{@code zc-jacov}: with J the N x D matrix whose row n is dR/dx_n (R = sum of all logits, x_n the
 *       n-th input image flattened; training-mode batch norm couples the images, as in the reference),
 *       Sigma its N x N correlation matrix (numpy's {@code corrcoef} of the rows) and lambda_i the
 *       eigenvalues of Sigma: -sum_i [log(lambda_i + k) + 1 / (lambda_i + k)], k = {@value #JACOV_K}
 *       (J. Mellor, J. Turner, A. Storkey and E. J. Crowley, "Neural architecture search without
 *       training", arXiv:2006.04647v1, 2020, Section 3, Eq. 2, the version Abdelfattah et al. and NASLib
 *       call {@code jacob_cov}/{@code jacov}; the ICML 2021 version of the paper replaced it by a kernel of
 *       ReLU activation patterns). Higher (closer to zero)
 *       means less correlated local linear maps. Undefined (NaN) when a row of J is constant, i.e. the
 *       output does not depend on some input image, as for a network whose cells output zero.</li>
 *   <li>{@code zc-params}: the number of parameters, {@link ComputationGraph#numParams()} (the value of
 *       {@code runs.n_params}; it counts batch norm's running mean and variance too). Larger is better.</li>
 *   <li>{@code zc-flops}: forward FLOPs per image, {@link NetworkStats#flopsPerImage()} (the value of
 *       {@code runs.flops}). Larger is better.</li>
 * </ul>
 *
 * <p>Costs: {@link #compute} times each proxy as if it were computed alone (grad-norm, snip and fisher
 * share one forward-backward pass; each is charged the whole pass) and adds the batch assembly time to
 * each proxy that reads data.
 *
 * <p>References: M. S. Abdelfattah, A. Mehrotra, L. Dudziak and N. D. Lane, "Zero-cost proxies for
 * lightweight NAS", ICLR 2021, Section 3 and Table 1 (and their code, {@code foresight/pruners/measures});
 * C. White et al., "How powerful are performance predictors in neural architecture search?", NeurIPS 2021
 * (NASLib, the same definitions).
 *
 * <p>Not thread-safe for one network (passes keep state in its layers); different networks on different
 * threads are fine.
 */
public final class ZeroCostProxies {
    /** Offset k of jacov's score. */
    public static final double JACOV_K = 1e-5;
    /** GraSP's finite-difference step relative to the weights' norm. */
    public static final double GRASP_STEP = 1e-9;

    private ZeroCostProxies() {
    }

    /** A weighted layer: its vertex and the number of weights per output channel. */
    record WeightLayer(String vertex, long fanIn) {
        String key() {
            return vertex + "_W";
        }
    }

    /**
     * Computes the chosen proxies of one network and leaves the network as it found it (parameters
     * untouched, layer states cleared). A proxy that fails gets NaN and a note; the others go on.
     *
     * @param shape its input shape (synflow's input, flops)
     * @param batch the training images; may be null when no chosen proxy reads data
     * @return one score per chosen proxy, in {@link ZeroCostProxy} order
     */
    public static List<ProxyScore> compute(ComputationGraph net, InputShape shape, ProxyBatch batch,
                                           Collection<ZeroCostProxy> which) {
        Set<ZeroCostProxy> want = which.isEmpty() ? EnumSet.noneOf(ZeroCostProxy.class) : EnumSet.copyOf(which);
        for (ZeroCostProxy p : want) {
            if (p.readsData() && batch == null) {
                throw new IllegalArgumentException(p.estimatorName() + " reads training images, but no batch was given");
            }
        }
        List<ProxyScore> out = new ArrayList<>();
        try {
            GraphPass loss = null;
            double lossSeconds = 0;
            String lossError = null;
            if (want.contains(ZeroCostProxy.GRAD_NORM) || want.contains(ZeroCostProxy.SNIP)
                    || want.contains(ZeroCostProxy.FISHER)) {
                long t0 = System.nanoTime();
                try {
                    loss = lossPass(net, batch);
                } catch (RuntimeException e) {
                    lossError = message(e);
                }
                lossSeconds = (System.nanoTime() - t0) / 1e9;
            }
            for (ZeroCostProxy p : ZeroCostProxy.values()) {
                if (!want.contains(p)) {
                    continue;
                }
                double prep = p.readsData() ? batch.prepSeconds() : 0;
                long t0 = System.nanoTime();
                double v;
                String note = null;
                double shared = 0;
                try {
                    switch (p) {
                        case GRAD_NORM, SNIP, FISHER -> {
                            shared = lossSeconds;
                            if (loss == null) {
                                throw new IllegalStateException(lossError);
                            }
                            v = p == ZeroCostProxy.GRAD_NORM ? gradNormOf(loss)
                                    : p == ZeroCostProxy.SNIP ? snipOf(loss) : fisherOf(loss);
                        }
                        case GRASP -> v = grasp(net, batch);
                        case SYNFLOW -> v = synflow(net, shape);
                        case JACOV -> v = jacov(net, batch);
                        case PARAMS -> v = params(net);
                        case FLOPS -> v = flops(net, shape);
                        default -> throw new IllegalStateException(p.name());
                    }
                    if (!Double.isFinite(v)) {
                        note = p == ZeroCostProxy.JACOV
                                ? "undefined: the input gradient of some image is constant (the output does not depend on it)"
                                : "undefined: the value is not finite (" + v + ")";
                        v = Double.NaN;
                    }
                } catch (RuntimeException e) {
                    v = Double.NaN;
                    note = "failed: " + message(e);
                }
                out.add(new ProxyScore(p, v, shared + prep + (System.nanoTime() - t0) / 1e9, note));
            }
        } finally {
            net.clearLayersStates();
        }
        return out;
    }

    /** {@code zc-grasp}: -sum over weights of theta * (Hg), Hg by central differences in double precision. */
    public static double grasp(ComputationGraph net, ProxyBatch batch) {
        return graspOn(doubleCopy(net), batch, GRASP_STEP);
    }

    /**
     * GraSP on {@code d} itself with relative step {@code step}: the weights are moved and put back exactly
     * (the saved arrays are assigned back), also when a pass fails.
     */
    static double graspOn(ComputationGraph d, ProxyBatch batch, double step) {
        List<WeightLayer> layers = weightLayers(d);
        List<INDArray> theta = new ArrayList<>();
        List<INDArray> g = new ArrayList<>();
        GraphPass pass = lossPass(d, batch);
        double thetaSq = 0;
        double gSq = 0;
        for (WeightLayer l : layers) {
            INDArray t = d.getParam(l.key());
            INDArray gl = pass.paramGradient(l.key()).reshape(t.shape()).dup();
            theta.add(t.dup());
            g.add(gl);
            thetaSq += sq(t);
            gSq += sq(gl);
        }
        if (gSq == 0) {
            return 0;
        }
        double eps = step * Math.sqrt(thetaSq) / Math.sqrt(gSq);
        List<INDArray> plus;
        List<INDArray> minus;
        try {
            plus = gradientsAt(d, batch, layers, theta, g, eps);
            minus = gradientsAt(d, batch, layers, theta, g, -eps);
        } finally {
            for (int i = 0; i < layers.size(); i++) {
                d.getParam(layers.get(i).key()).assign(theta.get(i));
            }
            d.clearLayersStates();
        }
        double sum = 0;
        for (int i = 0; i < layers.size(); i++) {
            INDArray hg = plus.get(i).castTo(DataType.DOUBLE).sub(minus.get(i).castTo(DataType.DOUBLE)).divi(2 * eps);
            sum += theta.get(i).castTo(DataType.DOUBLE).mul(hg).sumNumber().doubleValue();
        }
        return -sum;
    }

    /** dL/dtheta with the weights moved to theta + step * g. */
    private static List<INDArray> gradientsAt(ComputationGraph d, ProxyBatch batch, List<WeightLayer> layers,
                                              List<INDArray> theta, List<INDArray> g, double step) {
        for (int i = 0; i < layers.size(); i++) {
            d.getParam(layers.get(i).key()).assign(theta.get(i).add(g.get(i).mul(step)));
        }
        GraphPass pass = lossPass(d, batch);
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            out.add(pass.paramGradient(layers.get(i).key()).reshape(theta.get(i).shape()).dup());
        }
        return out;
    }

    /**
     * {@code zc-synflow}: sum over weights of |theta * dR/dtheta|, R the sum of the logits of an all-ones
     * image through the network with absolute parameters and no batch normalisation, in double precision.
     */
    public static double synflow(ComputationGraph net, InputShape shape) {
        ComputationGraph d = doubleCopy(net);
        Transforms.abs(d.params(), false);
        GraphPass pass = new GraphPass(d, false, true);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, shape.channels(), shape.height(), shape.width());
        INDArray z = pass.forward(ones);
        pass.backward(Nd4j.onesLike(z));
        double sum = 0;
        for (WeightLayer l : weightLayers(d)) {
            INDArray t = d.getParam(l.key());
            INDArray gl = pass.paramGradient(l.key());
            if (gl != null) {
                sum += Transforms.abs(t.mul(gl.reshape(t.shape())), false).sumNumber().doubleValue();
            }
        }
        return sum;
    }

    /**
     * {@code zc-jacov}: -sum_i [log(lambda_i + k) + 1/(lambda_i + k)] over the eigenvalues of the
     * correlation matrix of the per-image input gradients of the summed logits; NaN when undefined.
     */
    public static double jacov(ComputationGraph net, ProxyBatch batch) {
        double[][] j;
        try {
            GraphPass pass = new GraphPass(net, true, false);
            INDArray z = pass.forward(batch.features().castTo(net.getConfiguration().getDataType()));
            pass.backward(Nd4j.onesLike(z));
            INDArray in = pass.inputGradient();
            if (in == null) {
                return Double.NaN;
            }
            j = in.castTo(DataType.DOUBLE).reshape('c', in.size(0), in.length() / in.size(0)).toDoubleMatrix();
        } finally {
            net.clearLayersStates();
        }
        return jacovScore(j);
    }

    /** The jacov score of a Jacobian (rows = images); NaN when a row is constant. */
    static double jacovScore(double[][] j) {
        int n = j.length;
        double[][] c = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] r = j[i].clone();
            double m = 0;
            for (double v : r) {
                m += v;
            }
            m /= r.length;
            double ss = 0;
            for (int t = 0; t < r.length; t++) {
                r[t] -= m;
                ss += r[t] * r[t];
            }
            if (!(ss > 0)) {
                return Double.NaN;
            }
            double norm = Math.sqrt(ss);
            for (int t = 0; t < r.length; t++) {
                r[t] /= norm;
            }
            c[i] = r;
        }
        double[][] corr = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = a; b < n; b++) {
                double s = 0;
                for (int t = 0; t < c[a].length; t++) {
                    s += c[a][t] * c[b][t];
                }
                corr[a][b] = s;
                corr[b][a] = s;
            }
        }
        double[] lambda = Eigen.symmetricGeneralizedEigenvalues(Nd4j.create(corr), false).toDoubleVector();
        double score = 0;
        for (double l : lambda) {
            double v = l + JACOV_K;
            if (!(v > 0)) {
                return Double.NaN;
            }
            score -= Math.log(v) + 1 / v;
        }
        return score;
    }

    /** {@code zc-params}: the network's parameter count (as {@code runs.n_params}). */
    public static double params(ComputationGraph net) {
        return net.numParams();
    }

    /** {@code zc-flops}: forward FLOPs per image (as {@code runs.flops}). */
    public static double flops(ComputationGraph net, InputShape shape) {
        return NetworkStats.of(net.getConfiguration(), shape).flopsPerImage();
    }

    /** A double-precision copy; DL4J's convertDataType returns the network itself when it already is double. */
    static ComputationGraph doubleCopy(ComputationGraph net) {
        return net.getConfiguration().getDataType() == DataType.DOUBLE ? net.clone() : net.convertDataType(DataType.DOUBLE);
    }

    /** Forward and backward pass of the mean cross-entropy of the batch, training mode. */
    static GraphPass lossPass(ComputationGraph net, ProxyBatch batch) {
        DataType dt = net.getConfiguration().getDataType();
        INDArray x = batch.features().castTo(dt);
        INDArray y = batch.labels().castTo(dt);
        GraphPass pass = new GraphPass(net, true, false);
        INDArray z = pass.forward(x);
        INDArray dz = Transforms.softmax(z, true).subi(y).divi(x.size(0));
        pass.backward(dz);
        return pass;
    }

    /** {@code zc-grad-norm}: sum over weighted layers of ||dL/dtheta_l||_2. */
    private static double gradNormOf(GraphPass pass) {
        double sum = 0;
        for (WeightLayer l : weightLayers(pass.net())) {
            INDArray gl = pass.paramGradient(l.key());
            if (gl != null) {
                sum += Math.sqrt(sq(gl));
            }
        }
        return sum;
    }

    /** {@code zc-snip}: sum over weights of |theta * dL/dtheta|. */
    private static double snipOf(GraphPass pass) {
        double sum = 0;
        for (WeightLayer l : weightLayers(pass.net())) {
            INDArray gl = pass.paramGradient(l.key());
            if (gl != null) {
                INDArray t = pass.net().getParam(l.key()).castTo(DataType.DOUBLE);
                sum += Transforms.abs(t.mul(gl.castTo(DataType.DOUBLE).reshape(t.shape())), false).sumNumber().doubleValue();
            }
        }
        return sum;
    }

    /** {@code zc-fisher}: sum over weighted layers and channels of fanIn * 1/2 mean_n (sum_s a dL/da)^2. */
    private static double fisherOf(GraphPass pass) {
        double sum = 0;
        for (WeightLayer l : weightLayers(pass.net())) {
            INDArray eps = pass.epsilon(l.vertex());
            if (eps == null) {
                continue;
            }
            INDArray a = pass.output(l.vertex()).castTo(DataType.DOUBLE);
            INDArray prod = a.mul(eps.castTo(DataType.DOUBLE));
            INDArray perChannel = prod.rank() == 4 ? prod.sum(2, 3) : prod; // N x channels
            INDArray delta = perChannel.muli(perChannel).mean(0).muli(0.5);
            sum += l.fanIn() * delta.sumNumber().doubleValue();
        }
        return sum;
    }

    /** The weighted layers (convolutions, dense and output layers), in topological order. */
    static List<WeightLayer> weightLayers(ComputationGraph net) {
        List<WeightLayer> out = new ArrayList<>();
        GraphVertex[] vertices = net.getVertices();
        for (int idx : net.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (!v.hasLayer()) {
                continue;
            }
            org.deeplearning4j.nn.conf.layers.Layer conf = v.getLayer().conf().getLayer();
            if (conf instanceof ConvolutionLayer || conf instanceof DenseLayer || conf instanceof BaseOutputLayer) {
                INDArray w = v.getLayer().getParam("W");
                long nOut = ((org.deeplearning4j.nn.conf.layers.FeedForwardLayer) conf).getNOut();
                out.add(new WeightLayer(v.getVertexName(), w.length() / nOut));
            }
        }
        return out;
    }

    private static double sq(INDArray a) {
        double n = a.castTo(DataType.DOUBLE).norm2Number().doubleValue();
        return n * n;
    }

    private static String message(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
