package org.earlyrank.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.earlyrank.space.CellArch;
import org.earlyrank.space.MacroArch;
import org.earlyrank.space.RunSpec;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Builds the Deeplearning4j {@link ComputationGraphConfiguration} of a run. Every network ends with the
 * vertex {@value #FEATURES} (global average pooling: the penultimate features) and the linear softmax
 * head {@value #OUTPUT}, so feature histories are read the same way for every space.
 *
 * <p>nb201 follows NAS-Bench-201's macro skeleton (Dong and Yang, ICLR 2020, Section 2.1): a 3x3 conv
 * stem with BN; three stages of N cells with C, 2C, 4C channels; between stages a residual reduction
 * block (ReLU-conv3x3 stride 2-BN, ReLU-conv3x3-BN, shortcut avg-pool 2x2 + conv 1x1); then BN, ReLU,
 * global average pooling and the linear head. Convolution edges are ReLU-Conv-BN. A node's ReLU is
 * shared by all convolutions that read it (same function, fewer layers: per-layer overhead dominates
 * small cells). Edges that cannot reach the output are not built ({@link CellArch#effectiveOps()}); a
 * cell whose output is always zero is a zero-scaled copy of its input.
 *
 * <p>macro: conv-BN-ReLU layers (width = multiple x channel unit) with 2x2 max-pools, then the same head.
 *
 * <p>Speed settings that leave the computed function unchanged (BENCHMARKS.md, "Training speed"): cache mode
 * DEVICE keeps each convolution's forward output for its backward pass (with DL4J's default, NONE,
 * {@code ConvolutionLayer.backpropGradient} runs the forward convolution a second time), and ReLU layers use
 * {@link ReluActivation}, whose backward pass avoids libnd4j's per-element {@code relu_bp}; average pooling
 * is {@link AvgPoolLayer}, DL4J's layer with its forward pass open to a helper as well.
 * <p>The recipe is what the same settings mean in PyTorch (bin/bench checks the accuracy against a PyTorch
 * peer; BENCHMARKS.md "Training parity with PyTorch"): weights start as PyTorch's default
 * {@code kaiming_uniform_(a = sqrt 5)}, U(+-1/sqrt(fan_in)), where DL4J's RELU (He normal) was sqrt(6) x
 * larger, which behind batch norm shrinks every convolution's effective learning rate about 6 x; weight
 * decay reaches every parameter, batch-norm scale and shift and biases included; Nesterov momentum is
 * PyTorch's formulation ({@link TorchNesterov}); batch norm keeps DL4J's decay 0.9 (PyTorch's momentum 0.1)
 * and eps 1e-5. The head's bias starts at 0 (PyTorch: U(+-1/sqrt(fan_in))).
 */
public final class NetworkBuilder {
    public static final String INPUT = "input";
    public static final String FEATURES = "features";
    public static final String OUTPUT = "output";

    private NetworkBuilder() {
    }

    public static ComputationGraphConfiguration build(RunSpec spec, InputShape in, ISchedule lr) {
        IUpdater updater = spec.momentum() > 0 ? new TorchNesterov(lr, spec.momentum()) : new Sgd(lr);
        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .dataType(DataType.FLOAT)
                .updater(updater)
                // PyTorch's SGD weight_decay: wd * p added to the gradient of every parameter before the momentum
                // step; weights and the head's bias here, batch-norm scale and shift by DecayedBatchNormalization
                .l2(spec.weightDecay())
                .l2Bias(spec.weightDecay())
                // PyTorch's default Conv2d and Linear initialisation (kaiming_uniform_, a = sqrt 5): U(+-1/sqrt(fan_in))
                .weightInit(WeightInit.UNIFORM)
                .convolutionMode(ConvolutionMode.Same)
                .cacheMode(CacheMode.DEVICE)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(in.height(), in.width(), in.channels()));
        Builder b = new Builder(g);
        String last = spec.architecture() instanceof CellArch cell
                ? b.nb201(cell, spec.cells(), spec.channels())
                : b.macro((MacroArch) spec.architecture(), spec.channels());
        g.addLayer(FEATURES, new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last);
        g.addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(in.numClasses()).activation(Activation.SOFTMAX).build(), FEATURES);
        g.setOutputs(OUTPUT);
        return g.build();
    }

    /** Adds vertices with unique names. */
    private static final class Builder {
        private final ComputationGraphConfiguration.GraphBuilder g;
        private int counter;

        Builder(ComputationGraphConfiguration.GraphBuilder g) {
            this.g = g;
        }

        private String name(String kind) {
            return kind + "_" + (counter++);
        }

        String conv(String in, int k, int stride, int nOut) {
            String n = name("conv" + k);
            g.addLayer(n, new ConvolutionLayer.Builder(k, k).stride(stride, stride).nOut(nOut).hasBias(false)
                    .activation(Activation.IDENTITY).build(), in);
            return n;
        }

        String bn(String in) {
            String n = name("bn");
            g.addLayer(n, new DecayedBatchNormalization(), in);
            return n;
        }

        String relu(String in) {
            String n = name("relu");
            g.addLayer(n, new ActivationLayer.Builder().activation(new ReluActivation()).build(), in);
            return n;
        }

        String avgPool(String in, int k, int stride) {
            String n = name("avgpool" + k);
            g.addLayer(n, new AvgPoolLayer(k, stride), in);
            return n;
        }

        String maxPool(String in) {
            String n = name("maxpool");
            g.addLayer(n, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), in);
            return n;
        }

        /** Sum of inputs; repeated inputs are scaled rather than listed twice. */
        String sum(List<String> inputs) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            inputs.forEach(s -> counts.merge(s, 1, Integer::sum));
            List<String> terms = new ArrayList<>();
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() == 1) {
                    terms.add(e.getKey());
                } else {
                    String n = name("scale");
                    g.addVertex(n, new ScaleVertex(e.getValue()), e.getKey());
                    terms.add(n);
                }
            }
            if (terms.size() == 1) {
                return terms.get(0);
            }
            String n = name("add");
            g.addVertex(n, new ElementWiseVertex(ElementWiseVertex.Op.Add), terms.toArray(new String[0]));
            return n;
        }

        String nb201(CellArch cell, int cellsPerStage, int c) {
            String x = bn(conv(INPUT, 3, 1, c));
            int ch = c;
            for (int stage = 0; stage < 3; stage++) {
                if (stage > 0) {
                    ch *= 2;
                    x = reduction(x, ch);
                }
                for (int k = 0; k < cellsPerStage; k++) {
                    x = cell(x, cell, ch);
                }
            }
            return relu(bn(x));
        }

        String reduction(String in, int nOut) {
            String a = bn(conv(relu(in), 3, 2, nOut));
            String b = bn(conv(relu(a), 3, 1, nOut));
            String shortcut = conv(avgPool(in, 2, 2), 1, 1, nOut);
            return sum(List.of(b, shortcut));
        }

        String cell(String in, CellArch cell, int ch) {
            List<String> ops = cell.effectiveOps();
            String[] node = new String[4];
            String[] reluOf = new String[4];
            node[0] = in;
            for (int j = 1; j <= 3; j++) {
                List<String> terms = new ArrayList<>();
                for (int e = 0; e < 6; e++) {
                    if (CellArch.TO[e] != j || ops.get(e).equals(CellArch.NONE)) {
                        continue;
                    }
                    int i = CellArch.FROM[e];
                    String src = node[i];
                    switch (ops.get(e)) {
                        case CellArch.SKIP -> terms.add(src);
                        case CellArch.POOL -> terms.add(avgPool(src, 3, 1));
                        case CellArch.CONV1, CellArch.CONV3 -> {
                            if (reluOf[i] == null) {
                                reluOf[i] = relu(src);
                            }
                            int k = ops.get(e).equals(CellArch.CONV1) ? 1 : 3;
                            terms.add(bn(conv(reluOf[i], k, 1, ch)));
                        }
                        default -> throw new IllegalStateException(ops.get(e));
                    }
                }
                node[j] = terms.isEmpty() ? null : sum(terms);
            }
            if (node[3] == null) {
                String n = name("zero");
                g.addVertex(n, new ScaleVertex(0.0), in);
                return n;
            }
            return node[3];
        }

        String macro(MacroArch arch, int unit) {
            String x = INPUT;
            for (MacroArch.Layer l : arch.layers()) {
                x = l.isPool() ? maxPool(x) : relu(bn(conv(x, l.kernel(), 1, l.width() * unit)));
            }
            return x;
        }
    }
}
