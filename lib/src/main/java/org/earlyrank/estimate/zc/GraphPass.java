package org.earlyrank.estimate.zc;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.graph.vertex.VertexIndices;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * One forward and one backward pass through a {@link ComputationGraph}, vertex by vertex, keeping what
 * the zero-cost proxies need and DL4J's own {@code computeGradientAndScore} does not expose: every
 * vertex's output and the gradient with respect to it (fisher), the gradient with respect to the input
 * (jacov), a backward pass seeded with any gradient of the logits (synflow and jacov differentiate the
 * sum of the logits, not the loss), and batch normalisation replaced by the identity (synflow).
 *
 * <p>The network must end in a dense softmax output layer with multi-class cross-entropy whose single
 * input is the penultimate vertex, as every {@link org.earlyrank.train.NetworkBuilder} network does
 * ({@code features -> output}). That head is evaluated here by hand, as logits {@code z = f W + b}, so
 * that the backward pass can start from {@code dR/dz} for any R; every other vertex runs its own DL4J
 * forward and backward code ({@link GraphVertex#doForward}, {@link GraphVertex#doBackward}), without
 * workspaces. Gradients of a vertex's outputs used by several vertices are summed, as in
 * {@code ComputationGraph.calcBackpropGradients}.
 *
 * <p>The pass reads the parameters and never writes them; it leaves inputs and cached arrays in the
 * layers, which the caller clears ({@link ComputationGraph#clearLayersStates()}). It has no
 * regularisation term (weight decay is applied by the updater, not the loss). Not thread-safe: one pass
 * at a time per network, on the calling thread.
 */
final class GraphPass {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    private final ComputationGraph net;
    private final GraphVertex[] vertices;
    private final int[] order;
    private final int head;
    private final int features;
    private final boolean training;
    private final boolean batchNormAsIdentity;
    private final INDArray[] outputs;
    private INDArray[] epsilons;
    private final Map<String, INDArray> paramGradients = new LinkedHashMap<>();
    private INDArray inputGradient;
    private INDArray logits;

    /**
     * @param training            DL4J training mode (batch statistics in batch normalisation)
     * @param batchNormAsIdentity skip every batch-normalisation layer (its output is its input)
     * @throws IllegalArgumentException when the network does not end in a softmax cross-entropy dense head
     */
    GraphPass(ComputationGraph net, boolean training, boolean batchNormAsIdentity) {
        this.net = net;
        this.vertices = net.getVertices();
        this.order = net.topologicalSortOrder();
        this.training = training;
        this.batchNormAsIdentity = batchNormAsIdentity;
        if (net.getNumOutputArrays() != 1 || net.getNumInputArrays() != 1) {
            throw new IllegalArgumentException("zero-cost proxies need a network with one input and one output, got "
                    + net.getNumInputArrays() + " and " + net.getNumOutputArrays());
        }
        int h = -1;
        for (GraphVertex v : vertices) {
            if (v.isOutputVertex()) {
                h = v.getVertexIndex();
            }
        }
        GraphVertex out = vertices[h];
        if (!out.hasLayer() || !(out.getLayer().conf().getLayer() instanceof BaseOutputLayer conf)
                || !(conf.getActivationFn() instanceof ActivationSoftmax) || !(conf.getLossFn() instanceof LossMCXENT)
                || out.getInputVertices().length != 1) {
            throw new IllegalArgumentException("zero-cost proxies need a dense softmax output layer with multi-class "
                    + "cross-entropy and one input (as NetworkBuilder builds); vertex '" + out.getVertexName() + "' is not");
        }
        this.head = h;
        this.features = out.getInputVertices()[0].getVertexIndex();
        this.outputs = new INDArray[vertices.length];
        if (net.getFlattenedGradients() == null) {
            // A network that has never been fitted has no gradient buffer yet; fit() would create the same one.
            net.initGradientsView();
        }
    }

    /** Forward pass up to and including the logits. */
    INDArray forward(INDArray input) {
        for (int idx : order) {
            GraphVertex v = vertices[idx];
            if (v.isInputVertex()) {
                outputs[idx] = input;
            } else if (idx == head) {
                Layer l = v.getLayer();
                logits = outputs[features].mmul(l.getParam("W")).addiRowVector(l.getParam("b"));
                outputs[idx] = logits;
            } else if (skipped(v)) {
                outputs[idx] = outputs[v.getInputVertices()[0].getVertexIndex()];
            } else {
                VertexIndices[] in = v.getInputVertices();
                for (int j = 0; j < in.length; j++) {
                    v.setInput(j, outputs[in[j].getVertexIndex()], NO_WS);
                }
                outputs[idx] = v.doForward(training, NO_WS);
            }
        }
        return logits;
    }

    /**
     * Backward pass from {@code dR/dz} (same shape as the logits); afterwards {@link #paramGradient},
     * {@link #epsilon} and {@link #inputGradient} hold dR with respect to each.
     */
    void backward(INDArray dLogits) {
        epsilons = new INDArray[vertices.length];
        paramGradients.clear();
        inputGradient = null;
        Layer headLayer = vertices[head].getLayer();
        String headName = vertices[head].getVertexName();
        epsilons[head] = dLogits;
        paramGradients.put(headName + "_W", outputs[features].transpose().mmul(dLogits));
        paramGradients.put(headName + "_b", dLogits.sum(true, 0));
        epsilons[features] = dLogits.mmul(headLayer.getParam("W").transpose());
        for (int p = order.length - 1; p >= 0; p--) {
            int idx = order[p];
            GraphVertex v = vertices[idx];
            INDArray eps = epsilons[idx];
            if (idx == head || eps == null) {
                continue;
            }
            if (v.isInputVertex()) {
                inputGradient = eps;
                continue;
            }
            VertexIndices[] in = v.getInputVertices();
            if (skipped(v)) {
                accumulate(in[0].getVertexIndex(), eps);
                continue;
            }
            v.setEpsilon(eps);
            Pair<Gradient, INDArray[]> back = v.doBackward(false, NO_WS);
            Gradient g = back.getFirst();
            if (g != null) {
                for (Map.Entry<String, INDArray> e : g.gradientForVariable().entrySet()) {
                    // DL4J hands out views of the network's gradient buffer: copy before the next layer reuses it
                    paramGradients.put(v.getVertexName() + "_" + e.getKey(), e.getValue().dup());
                }
            }
            INDArray[] back2 = back.getSecond();
            for (int j = 0; j < in.length; j++) {
                if (back2[j] != null) {
                    accumulate(in[j].getVertexIndex(), back2[j]);
                }
            }
        }
    }

    private void accumulate(int idx, INDArray eps) {
        epsilons[idx] = epsilons[idx] == null ? eps.dup() : epsilons[idx].add(eps);
    }

    private boolean skipped(GraphVertex v) {
        return batchNormAsIdentity && v.hasLayer() && v.getLayer() instanceof BatchNormalization;
    }

    /** The network whose vertices this pass runs. */
    ComputationGraph net() {
        return net;
    }

    /** dR/d(parameter), keyed as in {@link ComputationGraph#paramTable()} ({@code vertex_W}); null if none flowed. */
    INDArray paramGradient(String key) {
        return paramGradients.get(key);
    }

    /** A vertex's output from the last forward pass (the logits for the output vertex). */
    INDArray output(String vertex) {
        return outputs[net.getVertex(vertex).getVertexIndex()];
    }

    /** dR/d(vertex output) from the last backward pass, or null when R does not depend on it. */
    INDArray epsilon(String vertex) {
        return epsilons[net.getVertex(vertex).getVertexIndex()];
    }

    /** dR/d(input) from the last backward pass, or null when R does not depend on the input. */
    INDArray inputGradient() {
        return inputGradient;
    }
}
