package org.earlyrank.train;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.convolution_backward_data;
import org.bytedeco.dnnl.convolution_backward_weights;
import org.bytedeco.dnnl.convolution_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.AlgoMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdDataAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.BwdFilterAlgo;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer.FwdAlgo;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D convolutions of NCHW float arrays on the CPU backend, calling oneDNN directly (JavaCPP's {@code dnnl}
 * preset) with each layer's primitives built once per input shape, as a DL4J layer helper.
 *
 * <p>Why: DL4J's {@code MKLDNNConvHelper} runs libnd4j's {@code conv2d} and {@code conv2d_bp} ops, which build
 * oneDNN's primitive descriptors and primitives again on every call (one forward, three for a backward call)
 * and allocate the blocked-layout copies of input, weights and gradients each time. On EarlyRank's layers
 * (8-32 channels, 4x4 to 14x14 maps, batch 128) that bookkeeping is 17-57 % of a layer's forward and backward
 * time, most on the 1x1 layers (bench/ConvHelpers.java; BENCHMARKS.md, issue 19, rounds 4 and 6). Here a layer
 * keeps, per input shape, the three primitives (forward, backward data, backward weights), the blocked-layout
 * memories oneDNN chose for them ({@code format_tag::any}, as libnd4j asks) and the reorders to and from DL4J's
 * plain NCHW/OIHW arrays; a call only points the plain memories at the call's arrays and executes. The plans
 * are freed when a run ends ({@link #release}) or when a layer holds more than {@link #MAX_PLANS} shapes.
 *
 * <p>Same arithmetic as the libnd4j path on AVX2 CPUs: the same oneDNN version family picks the same
 * implementation ({@code jit:avx2}, {@code jit_1x1:avx2}) for the same shapes, so outputs and gradients are bit
 * for bit those of {@code MKLDNNConvHelper} ({@code DirectOneDnnConvHelperTest}). On AVX-512 CPUs libnd4j's
 * oneDNN, asked for {@code convolution_auto}, runs 3x3 stride-1 layers as Winograd; this helper asks for
 * {@code convolution_direct}, the more precise algorithm, and the two agree to rounding (about 1e-6 of the
 * largest value). Declined (null, so DL4J runs its own path) for anything else: other data types or layouts,
 * dilation, causal mode, shapes whose right padding would be negative.
 */
public final class DirectOneDnnConvHelper implements ConvolutionHelper {
    /** Plans kept per layer: training and evaluation batch sizes, the last short batch of an epoch. */
    static final int MAX_PLANS = 8;

    private final boolean hasBias;
    private final Map<Geometry, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Geometry, Plan> eldest) {
            if (size() > MAX_PLANS) {
                eldest.getValue().natives.close();
                return true;
            }
            return false;
        }
    };
    private stream stream;

    /** @param hasBias whether the layer has a bias (without one DL4J passes a zero bias, which is skipped) */
    public DirectOneDnnConvHelper(boolean hasBias) {
        this.hasBias = hasBias;
    }

    /** True when JavaCPP's dnnl preset loads here (its native library is in the linux-x86_64 jar). */
    public static boolean available() {
        return OneDnn.available();
    }

    @Override
    public boolean checkSupported() {
        return available();
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return afn.getActivation(z, training);
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode mode, FwdAlgo fwdAlgo, ConvolutionMode convolutionMode, int[] dilation,
                              CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        Geometry g = Geometry.of(input, weights, strides, pad, convolutionMode, dilation, format);
        if (g == null) {
            return null;
        }
        Plan p = plan(g);
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, g.outShape(), 'c');
        p.forward(stream, OneDnn.plain(input), OneDnn.plain(weights), hasBias ? OneDnn.plain(bias) : null, out);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode mode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode convolutionMode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr workspaceMgr) {
        Geometry g = Geometry.of(input, weights, strides, pad, convolutionMode, dilation, format);
        if (g == null || !Arrays.equals(delta.shape(), g.outShape()) || delta.dataType() != DataType.FLOAT) {
            return null;
        }
        Plan p = plan(g);
        INDArray gradAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        INDArray wGrad = OneDnn.contiguous(weightGradView) ? weightGradView : Nd4j.createUninitialized(DataType.FLOAT, weightGradView.shape(), 'c');
        INDArray bGrad = !hasBias ? null : OneDnn.contiguous(biasGradView) ? biasGradView
                : Nd4j.createUninitialized(DataType.FLOAT, biasGradView.shape(), 'c');
        p.backward(stream, OneDnn.plain(input), OneDnn.plain(weights), OneDnn.plain(delta), gradAtInput, wGrad, bGrad);
        if (wGrad != weightGradView) {
            weightGradView.assign(wGrad);
        }
        if (bGrad != null && bGrad != biasGradView) {
            biasGradView.assign(bGrad);
        }
        Gradient grad = new DefaultGradient();
        if (hasBias) {
            grad.gradientForVariable().put(ConvolutionParamInitializer.BIAS_KEY, biasGradView);
        }
        grad.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(grad, gradAtInput);
    }

    /**
     * Frees every plan's native objects now (primitives, blocked-layout memories). The helper stays usable: a
     * later call builds its plan again. Called when a run's network is done with ({@link OneDnnHelpers#release}).
     */
    public void release() {
        for (Plan p : plans.values()) {
            p.natives.close();
        }
        plans.clear();
    }

    /** How many input shapes this layer has primitives for (at most {@link #MAX_PLANS}). */
    int planCount() {
        return plans.size();
    }

    private Plan plan(Geometry g) {
        if (stream == null) {
            stream = new stream(OneDnn.engine());
        }
        return plans.computeIfAbsent(g, k -> new Plan(k, hasBias));
    }

    /**
     * One call's sizes: batch, channels in and out, input and output map, kernel, strides and the padding on
     * each side (DL4J gives the top-left padding; the bottom-right one makes the output size come out).
     */
    record Geometry(long n, long cin, long h, long w, long cout, long kh, long kw, long sh, long sw,
                    long padTop, long padLeft, long oh, long ow) {

        static Geometry of(INDArray x, INDArray weights, int[] strides, int[] pad, ConvolutionMode mode, int[] dilation,
                           CNN2DFormat format) {
            if (x.dataType() != DataType.FLOAT || weights.dataType() != DataType.FLOAT || x.rank() != 4
                    || format != CNN2DFormat.NCHW || mode == ConvolutionMode.Causal
                    || dilation[0] != 1 || dilation[1] != 1 || weights.size(1) != x.size(1)) {
                return null;
            }
            long h = x.size(2);
            long w = x.size(3);
            long kh = weights.size(2);
            long kw = weights.size(3);
            long oh = mode == ConvolutionMode.Same ? ceilDiv(h, strides[0]) : (h + 2L * pad[0] - kh) / strides[0] + 1;
            long ow = mode == ConvolutionMode.Same ? ceilDiv(w, strides[1]) : (w + 2L * pad[1] - kw) / strides[1] + 1;
            Geometry g = new Geometry(x.size(0), x.size(1), h, w, weights.size(0), kh, kw, strides[0], strides[1],
                    pad[0], pad[1], oh, ow);
            return g.padBottom() < 0 || g.padRight() < 0 || oh < 1 || ow < 1 ? null : g;
        }

        private static long ceilDiv(long a, long b) {
            return (a + b - 1) / b;
        }

        long padBottom() {
            return (oh - 1) * sh + kh - h - padTop;
        }

        long padRight() {
            return (ow - 1) * sw + kw - w - padLeft;
        }

        long[] inShape() {
            return new long[]{n, cin, h, w};
        }

        long[] weightShape() {
            return new long[]{cout, cin, kh, kw};
        }

        long[] outShape() {
            return new long[]{n, cout, oh, ow};
        }
    }

    /**
     * A layer's oneDNN objects for one geometry. The backward primitives are built on the first backward call
     * (evaluation never needs them). Each operand pairs the plain memory that is pointed at DL4J's array with
     * the layout the primitive chose, reordering in or out when they differ.
     */
    private static final class Plan {
        final OneDnn.Natives natives = new OneDnn.Natives();
        private final Geometry g;
        private final boolean bias;
        private final memory.desc plainIn;
        private final memory.desc plainWeights;
        private final memory.desc plainOut;
        private final memory.desc plainBias;
        private final convolution_forward.primitive_desc forwardDesc;
        private final primitive forward;
        private final OneDnn.Operand src;
        private final OneDnn.Operand weights;
        private final OneDnn.Operand dst;
        private final memory biasMemory;
        private final IntMemoryMap forwardArgs;
        private Backward backward;

        Plan(Geometry g, boolean bias) {
            this.g = g;
            this.bias = bias;
            engine e = OneDnn.engine();
            memory.data_type f32 = memory.data_type.f32;
            OneDnn.Natives n = natives;
            plainIn = n.own(new memory.desc(g.inShape(), f32, memory.format_tag.nchw));
            plainWeights = n.own(new memory.desc(g.weightShape(), f32, memory.format_tag.oihw));
            plainOut = n.own(new memory.desc(g.outShape(), f32, memory.format_tag.nchw));
            plainBias = n.own(new memory.desc(new long[]{g.cout()}, f32, memory.format_tag.x));
            memory.desc anyIn = n.own(new memory.desc(g.inShape(), f32, memory.format_tag.any));
            memory.desc anyWeights = n.own(new memory.desc(g.weightShape(), f32, memory.format_tag.any));
            memory.desc anyOut = n.own(new memory.desc(g.outShape(), f32, memory.format_tag.any));
            convolution_forward.desc d = n.own(bias
                    ? new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                    anyIn, anyWeights, plainBias, anyOut, strides(), padL(), padR())
                    : new convolution_forward.desc(dnnl.prop_kind.forward_training, dnnl.algorithm.convolution_direct,
                    anyIn, anyWeights, anyOut, strides(), padL(), padR()));
            forwardDesc = n.own(new convolution_forward.primitive_desc(d, e));
            forward = n.own(new convolution_forward(forwardDesc));
            src = new OneDnn.Operand(n, plainIn, n.own(forwardDesc.src_desc()), true);
            weights = new OneDnn.Operand(n, plainWeights, n.own(forwardDesc.weights_desc()), true);
            dst = new OneDnn.Operand(n, plainOut, n.own(forwardDesc.dst_desc()), false);
            biasMemory = bias ? n.own(new memory(plainBias, e, (Pointer) null)) : null;
            forwardArgs = n.own(new IntMemoryMap());
            forwardArgs.put(dnnl.DNNL_ARG_SRC, src.inner);
            forwardArgs.put(dnnl.DNNL_ARG_WEIGHTS, weights.inner);
            forwardArgs.put(dnnl.DNNL_ARG_DST, dst.inner);
            if (bias) {
                forwardArgs.put(dnnl.DNNL_ARG_BIAS, biasMemory);
            }
        }

        long[] strides() {
            return new long[]{g.sh(), g.sw()};
        }

        long[] padL() {
            return new long[]{g.padTop(), g.padLeft()};
        }

        long[] padR() {
            return new long[]{g.padBottom(), g.padRight()};
        }

        void forward(stream s, INDArray x, INDArray w, INDArray b, INDArray out) {
            src.in(s, x);
            weights.in(s, w);
            dst.bind(out);
            if (bias) {
                biasMemory.set_data_handle(OneDnn.address(b));
            }
            forward.execute(s, forwardArgs);
            dst.out(s);
        }

        void backward(stream s, INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
            if (backward == null) {
                backward = new Backward(this);
            }
            backward.run(s, x, w, dy, dx, dw, db);
        }
    }

    /** Backward data and backward weights primitives of a plan, with their operands. */
    private static final class Backward {
        private final primitive data;
        private final primitive weights;
        private final OneDnn.Operand dataDiffDst;
        private final OneDnn.Operand dataWeights;
        private final OneDnn.Operand dataDiffSrc;
        private final OneDnn.Operand weightsSrc;
        private final OneDnn.Operand weightsDiffDst;
        private final boolean sharedDiffDst;
        private final OneDnn.Operand weightsDiffWeights;
        private final memory diffBias;
        private final IntMemoryMap dataArgs;
        private final IntMemoryMap weightsArgs;

        Backward(Plan p) {
            engine e = OneDnn.engine();
            OneDnn.Natives n = p.natives;
            Geometry g = p.g;
            memory.data_type f32 = memory.data_type.f32;
            memory.desc anyIn = n.own(new memory.desc(g.inShape(), f32, memory.format_tag.any));
            memory.desc anyWeights = n.own(new memory.desc(g.weightShape(), f32, memory.format_tag.any));
            memory.desc anyOut = n.own(new memory.desc(g.outShape(), f32, memory.format_tag.any));
            var dataDesc = n.own(new convolution_backward_data.primitive_desc(n.own(new convolution_backward_data.desc(
                    dnnl.algorithm.convolution_direct, anyIn, anyWeights, anyOut, p.strides(), p.padL(), p.padR())),
                    e, p.forwardDesc));
            var weightsDesc = n.own(new convolution_backward_weights.primitive_desc(n.own(p.bias
                    ? new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, anyIn, anyWeights,
                    p.plainBias, anyOut, p.strides(), p.padL(), p.padR())
                    : new convolution_backward_weights.desc(dnnl.algorithm.convolution_direct, anyIn, anyWeights,
                    anyOut, p.strides(), p.padL(), p.padR())), e, p.forwardDesc));
            data = n.own(new convolution_backward_data(dataDesc));
            weights = n.own(new convolution_backward_weights(weightsDesc));
            memory.desc dataDiffDstDesc = n.own(dataDesc.diff_dst_desc());
            memory.desc weightsDiffDstDesc = n.own(weightsDesc.diff_dst_desc());
            dataDiffDst = new OneDnn.Operand(n, p.plainOut, dataDiffDstDesc, true);
            dataWeights = new OneDnn.Operand(n, p.plainWeights, n.own(dataDesc.weights_desc()), true);
            dataDiffSrc = new OneDnn.Operand(n, p.plainIn, n.own(dataDesc.diff_src_desc()), false);
            weightsSrc = new OneDnn.Operand(n, p.plainIn, n.own(weightsDesc.src_desc()), true);
            // both backward primitives usually want the upstream gradient in the same layout: reorder it once
            sharedDiffDst = weightsDiffDstDesc.equals(dataDiffDstDesc);
            weightsDiffDst = sharedDiffDst ? dataDiffDst : new OneDnn.Operand(n, p.plainOut, weightsDiffDstDesc, true);
            weightsDiffWeights = new OneDnn.Operand(n, p.plainWeights, n.own(weightsDesc.diff_weights_desc()), false);
            diffBias = p.bias ? n.own(new memory(p.plainBias, e, (Pointer) null)) : null;
            dataArgs = n.own(new IntMemoryMap());
            weightsArgs = n.own(new IntMemoryMap());
            dataArgs.put(dnnl.DNNL_ARG_DIFF_DST, dataDiffDst.inner);
            dataArgs.put(dnnl.DNNL_ARG_WEIGHTS, dataWeights.inner);
            dataArgs.put(dnnl.DNNL_ARG_DIFF_SRC, dataDiffSrc.inner);
            weightsArgs.put(dnnl.DNNL_ARG_SRC, weightsSrc.inner);
            weightsArgs.put(dnnl.DNNL_ARG_DIFF_DST, weightsDiffDst.inner);
            weightsArgs.put(dnnl.DNNL_ARG_DIFF_WEIGHTS, weightsDiffWeights.inner);
            if (diffBias != null) {
                weightsArgs.put(dnnl.DNNL_ARG_DIFF_BIAS, diffBias);
            }
        }

        void run(stream s, INDArray x, INDArray w, INDArray dy, INDArray dx, INDArray dw, INDArray db) {
            dataDiffDst.in(s, dy);
            dataWeights.in(s, w);
            dataDiffSrc.bind(dx);
            data.execute(s, dataArgs);
            dataDiffSrc.out(s);
            weightsSrc.in(s, x);
            if (!sharedDiffDst) {
                weightsDiffDst.in(s, dy);
            }
            weightsDiffWeights.bind(dw);
            if (diffBias != null) {
                diffBias.set_data_handle(OneDnn.address(db));
            }
            weights.execute(s, weightsArgs);
            weightsDiffWeights.out(s);
        }
    }
}
