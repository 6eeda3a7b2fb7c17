package org.earlyrank.bench;

import java.util.Map;

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
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2DDerivative;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A lever measured by {@link SpeedLevers}, not used in training: bias-free convolutions through libnd4j's
 * {@code conv2d} / {@code conv2d_bp} ops with libnd4j's platform helpers allowed or forbidden per call
 * ({@code OpContext.allowHelpers}). Forbidden, libnd4j runs its own im2col and matrix product instead of
 * oneDNN, which avoids oneDNN's blocked-layout reorders on every call; allowed, it is DL4J's oneDNN helper
 * without the all-zero bias input.
 */
final class Nd4jOpsConvHelper implements ConvolutionHelper {
    private final boolean platformHelpers;
    private OpContext fwd;
    private OpContext bwd;

    Nd4jOpsConvHelper(boolean platformHelpers) {
        this.platformHelpers = platformHelpers;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of();
    }

    private static long[] args(int[] k, int[] s, int[] p, int[] d, ConvolutionMode mode, CNN2DFormat format) {
        // conv2d's integer arguments: kernel, stride, padding, dilation, same mode, NCHW = 0, weights [oC, iC, kH, kW] = 1
        return new long[]{k[0], k[1], s[0], s[1], p[0], p[1], d[0], d[1], mode == ConvolutionMode.Same ? 1 : 0,
                format == CNN2DFormat.NCHW ? 0 : 1, 1};
    }

    private OpContext context(OpContext c) {
        OpContext ctx = c != null ? c : Nd4j.getExecutioner().buildContext();
        ctx.allowHelpers(platformHelpers);
        ctx.purge();
        return ctx;
    }

    @Override
    public INDArray preOutput(INDArray input, INDArray weights, INDArray bias, int[] kernel, int[] strides, int[] pad,
                              AlgoMode algoMode, FwdAlgo fwdAlgo, ConvolutionMode mode, int[] dilation, CNN2DFormat format,
                              LayerWorkspaceMgr mgr) {
        if (format != CNN2DFormat.NCHW) {
            return null;
        }
        int[] out = ConvolutionUtils.getOutputSize(input, kernel, strides, mode == ConvolutionMode.Same ? null : pad, mode,
                dilation, format);
        int[] p = mode == ConvolutionMode.Same ? ConvolutionUtils.getSameModeTopLeftPadding(out,
                new int[]{(int) input.size(2), (int) input.size(3)}, kernel, strides, dilation) : pad;
        fwd = context(fwd);
        fwd.setIArguments(args(kernel, strides, p, dilation, mode, format));
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(),
                new long[]{input.size(0), weights.size(0), out[0], out[1]});
        fwd.setInputArray(0, input);
        fwd.setInputArray(1, weights);
        fwd.setOutputArray(0, z);
        Nd4j.exec(new Conv2D(), fwd);
        return z;
    }

    @Override
    public INDArray activate(INDArray z, IActivation afn, boolean training) {
        return afn.getActivation(z, training);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray input, INDArray weights, INDArray bias, INDArray delta,
                                                     int[] kernel, int[] strides, int[] pad, INDArray biasGradView,
                                                     INDArray weightGradView, IActivation afn, AlgoMode algoMode,
                                                     BwdFilterAlgo bwdFilterAlgo, BwdDataAlgo bwdDataAlgo,
                                                     ConvolutionMode mode, int[] dilation, CNN2DFormat format,
                                                     LayerWorkspaceMgr mgr) {
        if (format != CNN2DFormat.NCHW) {
            return null;
        }
        int[] p = mode == ConvolutionMode.Same ? ConvolutionUtils.getSameModeTopLeftPadding(
                new int[]{(int) delta.size(2), (int) delta.size(3)}, new int[]{(int) input.size(2), (int) input.size(3)},
                kernel, strides, dilation) : pad;
        bwd = context(bwd);
        bwd.setIArguments(args(kernel, strides, p, dilation, mode, format));
        INDArray epsOut = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape());
        bwd.setInputArray(0, input);
        bwd.setInputArray(1, weights);
        bwd.setInputArray(2, delta);
        bwd.setOutputArray(0, epsOut);
        bwd.setOutputArray(1, weightGradView);
        Nd4j.exec(new Conv2DDerivative(), bwd);
        Gradient g = new DefaultGradient();
        g.gradientForVariable().put(ConvolutionParamInitializer.WEIGHT_KEY, weightGradView);
        return new Pair<>(g, epsOut);
    }
}
