package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.params.ConvolutionParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The direct oneDNN convolution computes what DL4J's oneDNN helper (libnd4j's conv2d ops) computes: outputs,
 * input gradients, weight and bias gradients bit for bit, on the shapes EarlyRank's networks have and on odd
 * ones; whole training steps on real Fashion-MNIST give bit-identical losses and parameters; and what it cannot
 * run it hands back to DL4J. One exception, by CPU: see {@link #WINOGRAD_POSSIBLE}.
 */
@Timeout(120)
class DirectOneDnnConvHelperTest {
    static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();
    static final int[] DIL = {1, 1};

    /**
     * libnd4j's oneDNN (2.3, inside DL4J's helper) asks for {@code convolution_auto}, which on a CPU with AVX-512
     * runs 3x3 stride-1 passes as Winograd where it can ({@code jit_wino_4x3:avx512_core}); the direct helper
     * asks for {@code convolution_direct}, the more precise algorithm. There outputs and gradients agree to
     * rounding (3.8e-5 on values up to about 40 on [128, 8, 14, 14]), not bit for bit, and so do the training
     * steps after them. On AVX2 CPUs both run the same direct kernels and agree bit for bit, as checked there.
     */
    static final boolean WINOGRAD_POSSIBLE = cpuHasFlag("avx512f");

    static boolean cpuHasFlag(String flag) {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo")).stream()
                    .anyMatch(l -> l.startsWith("flags") && java.util.Arrays.asList(l.split("\\s+")).contains(flag));
        } catch (java.io.IOException e) {
            return false;
        }
    }

    static void assertBitEqual(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        assertArrayEquals(expected.dup('c').data().asFloat(), actual.dup('c').data().asFloat(), 0f, what);
    }

    /** Bit for bit, or where libnd4j may have run Winograd, within 1e-5 of the largest magnitude (see above). */
    static void assertSameUpToWinograd(INDArray expected, INDArray actual, String what) {
        if (!WINOGRAD_POSSIBLE) {
            assertBitEqual(expected, actual, what);
            return;
        }
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double scale = expected.amaxNumber().doubleValue();
        double diff = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(scale > 0 && diff <= 1e-5 * scale, what + ": largest difference " + diff + " against largest value " + scale);
    }

    @ParameterizedTest(name = "batch {0}, {1}->{2} channels, {3}x{4} map, kernel {5}, stride {6}, bias {7}, mode {8}")
    @CsvSource({
        "128, 1, 8, 14, 14, 3, 1, false, Same",   // the stem
        "128, 8, 8, 14, 14, 3, 1, false, Same",
        "128, 8, 8, 14, 14, 1, 1, false, Same",
        "128, 8, 16, 14, 14, 3, 2, false, Same",  // a reduction block: 14 -> 7
        "128, 16, 32, 7, 7, 3, 2, false, Same",   // 7 -> 4, padding on one side only
        "128, 32, 32, 4, 4, 3, 1, false, Same",
        "37, 5, 11, 9, 6, 3, 1, true, Same",      // odd sizes, a non-square map, a bias
        "20, 3, 7, 10, 9, 5, 2, true, Truncate",
        "16, 4, 6, 8, 8, 3, 1, false, Strict"})
    void outputsAndGradientsMatchLibnd4jsOneDnnPath(int n, int cin, int cout, int h, int w, int k, int stride,
                                                          boolean bias, ConvolutionMode mode) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, cin, h, w);
        INDArray weights = Nd4j.randn(DataType.FLOAT, cout, cin, k, k);
        INDArray b = bias ? Nd4j.randn(DataType.FLOAT, 1, cout) : Nd4j.zeros(DataType.FLOAT, 1, cout);
        int[] kernel = {k, k};
        int[] strides = {stride, stride};
        int[] pad = mode == ConvolutionMode.Same
                ? ConvolutionUtils.getSameModeTopLeftPadding(ConvolutionUtils.getOutputSize(x, kernel, strides, null, mode, DIL),
                        new int[]{h, w}, kernel, strides, DIL)
                : mode == ConvolutionMode.Strict ? new int[]{1, 1} : new int[]{1, 0};
        int[] out = ConvolutionUtils.getOutputSize(x, kernel, strides, mode == ConvolutionMode.Same ? null : pad, mode, DIL);
        INDArray dy = Nd4j.randn(DataType.FLOAT, n, cout, out[0], out[1]);

        MKLDNNConvHelper theirs = new MKLDNNConvHelper(DataType.FLOAT);
        DirectOneDnnConvHelper mine = new DirectOneDnnConvHelper(bias);
        INDArray yTheirs = theirs.preOutput(x, weights, b, kernel, strides, pad.clone(), null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        INDArray yMine = mine.preOutput(x, weights, b, kernel, strides, pad.clone(), null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        assertNotNull(yMine, "the helper runs this shape");
        assertSameUpToWinograd(yTheirs, yMine, "forward output");

        INDArray wgTheirs = Nd4j.zeros(DataType.FLOAT, cout, cin, k, k);
        INDArray bgTheirs = Nd4j.zeros(DataType.FLOAT, 1, cout);
        INDArray wgMine = Nd4j.zeros(DataType.FLOAT, cout, cin, k, k);
        INDArray bgMine = Nd4j.zeros(DataType.FLOAT, 1, cout);
        Pair<Gradient, INDArray> gTheirs = theirs.backpropGradient(x, weights, b, dy, kernel, strides, pad.clone(), bgTheirs,
                wgTheirs, new ActivationIdentity(), null, null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        Pair<Gradient, INDArray> gMine = mine.backpropGradient(x, weights, b, dy, kernel, strides, pad.clone(), bgMine,
                wgMine, new ActivationIdentity(), null, null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        assertNotNull(gMine);
        assertSameUpToWinograd(gTheirs.getSecond(), gMine.getSecond(), "input gradient");
        assertSameUpToWinograd(wgTheirs, wgMine, "weight gradient");
        assertSame(wgMine, gMine.getFirst().getGradientFor(ConvolutionParamInitializer.WEIGHT_KEY), "written into the view");
        if (bias) {
            assertSameUpToWinograd(bgTheirs, bgMine, "bias gradient");
            assertTrue(bgMine.amaxNumber().doubleValue() > 0, "a bias gradient was computed");
        } else {
            assertNull(gMine.getFirst().getGradientFor(ConvolutionParamInitializer.BIAS_KEY), "no bias, no bias gradient");
        }

        // a second call with other values reuses the plan and still matches (the plan holds no stale data)
        INDArray x2 = x.mul(-0.5f);
        INDArray y2Theirs = theirs.preOutput(x2, weights, b, kernel, strides, pad.clone(), null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        INDArray y2Mine = mine.preOutput(x2, weights, b, kernel, strides, pad.clone(), null, null, mode, DIL, CNN2DFormat.NCHW, NO_WS);
        assertSameUpToWinograd(y2Theirs, y2Mine, "forward output, second call");
    }

    @Test
    void nonContiguousArraysAreCopiedAndGradientViewsStillFilled() {
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 8, 12, 4).permute(0, 1, 3, 2);  // [6, 8, 4, 12], not c-order
        INDArray weights = Nd4j.randn(DataType.FLOAT, 4, 8, 1, 1);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, 4);
        int[] one = {1, 1};
        int[] pad = {0, 0};
        INDArray dy = Nd4j.randn(DataType.FLOAT, 6, 4, 12, 4).permute(0, 1, 3, 2);
        INDArray wgParent = Nd4j.zeros(DataType.FLOAT, 4, 8, 2);
        INDArray wgView = wgParent.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.point(1)).reshape(4, 8, 1, 1);
        MKLDNNConvHelper theirs = new MKLDNNConvHelper(DataType.FLOAT);
        DirectOneDnnConvHelper mine = new DirectOneDnnConvHelper(false);
        assertBitEqual(theirs.preOutput(x.dup('c'), weights, b, one, one, pad, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS),
                mine.preOutput(x, weights, b, one, one, pad, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS), "output");
        INDArray wgTheirs = Nd4j.zeros(DataType.FLOAT, 4, 8, 1, 1);
        INDArray dxTheirs = theirs.backpropGradient(x.dup('c'), weights, b, dy.dup('c'), one, one, pad, Nd4j.zeros(DataType.FLOAT, 1, 4),
                wgTheirs, new ActivationIdentity(), null, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS).getSecond();
        INDArray dxMine = mine.backpropGradient(x, weights, b, dy, one, one, pad, Nd4j.zeros(DataType.FLOAT, 1, 4),
                wgView, new ActivationIdentity(), null, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS).getSecond();
        assertBitEqual(dxTheirs, dxMine, "input gradient");
        if (!OneDnn.contiguous(wgView)) {
            assertBitEqual(wgTheirs, wgView, "weight gradient copied into a non-contiguous view");
        } else {
            assertBitEqual(wgTheirs, wgView, "weight gradient");
        }
    }

    @Test
    void whatItCannotRunItHandsBackToDl4j() {
        DirectOneDnnConvHelper h = new DirectOneDnnConvHelper(false);
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 8, 8);
        INDArray w = Nd4j.randn(DataType.FLOAT, 4, 3, 3, 3);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, 4);
        int[] k = {3, 3};
        int[] s = {1, 1};
        int[] p = {1, 1};
        assertNull(h.preOutput(x, w, b, k, s, p, null, null, ConvolutionMode.Same, new int[]{2, 2}, CNN2DFormat.NCHW, NO_WS), "dilation");
        assertNull(h.preOutput(x, w, b, k, s, p, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NHWC, NO_WS), "NHWC");
        assertNull(h.preOutput(x.castTo(DataType.DOUBLE), w.castTo(DataType.DOUBLE), b, k, s, p, null, null,
                ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS), "double");
        assertNull(h.preOutput(x, w, b, k, s, p, null, null, ConvolutionMode.Causal, DIL, CNN2DFormat.NCHW, NO_WS), "causal");
        assertNull(h.preOutput(x, Nd4j.randn(DataType.FLOAT, 4, 2, 3, 3), b, k, s, p, null, null, ConvolutionMode.Same,
                DIL, CNN2DFormat.NCHW, NO_WS), "channels that do not match the weights");
    }

    @Test
    void plansAreKeptPerShapeAndBounded() {
        DirectOneDnnConvHelper h = new DirectOneDnnConvHelper(false);
        INDArray w = Nd4j.randn(DataType.FLOAT, 4, 3, 3, 3);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, 4);
        for (int n = 1; n <= DirectOneDnnConvHelper.MAX_PLANS + 4; n++) {
            INDArray y = h.preOutput(Nd4j.randn(DataType.FLOAT, n, 3, 6, 6), w, b, new int[]{3, 3}, new int[]{1, 1},
                    new int[]{1, 1}, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS);
            assertEquals(n, y.size(0));
        }
        assertEquals(DirectOneDnnConvHelper.MAX_PLANS, h.planCount());
        // the evicted shapes' native objects were freed; asking for one again builds it anew
        INDArray x1 = Nd4j.randn(DataType.FLOAT, 1, 3, 6, 6);
        INDArray again = h.preOutput(x1, w, b, new int[]{3, 3}, new int[]{1, 1}, new int[]{1, 1}, null, null,
                ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS);
        INDArray expected = new MKLDNNConvHelper(DataType.FLOAT).preOutput(x1, w, b, new int[]{3, 3}, new int[]{1, 1},
                new int[]{1, 1}, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, NO_WS);
        assertBitEqual(expected, again, "an evicted shape, rebuilt");
    }

    /** The default network of an architecture with every layer type, and a clone of it with the helpers attached. */
    static ComputationGraph[] networkAndAttachedClone() {
        ComputationGraph g = SpeedSettingsKeepNumericsTest.network(SpeedSettingsKeepNumericsTest.spec(
                "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|"));
        ComputationGraph clone = g.clone();
        OneDnnHelpers.attach(clone);
        return new ComputationGraph[]{g, clone};
    }

    @Test
    void releaseFreesEveryPlanAndTheNetworkStillTrainsTheSame() {
        ComputationGraph[] pair = networkAndAttachedClone();
        ComputationGraph released = pair[0];
        ComputationGraph kept = pair[1];
        for (int step = 0; step < 3; step++) {
            released.fit(SpeedSettingsKeepNumericsTest.batch(step));
            kept.fit(SpeedSettingsKeepNumericsTest.batch(step));
            OneDnnHelpers.release(released);
            for (Layer l : released.getLayers()) {
                if (l.getHelper() instanceof DirectOneDnnConvHelper h) {
                    assertEquals(0, h.planCount(), "released");
                }
            }
        }
        assertBitEqual(kept.params(), released.params(), "parameters, with the plans released after every step");
    }

    @Test
    void trainingStepsOnRealImagesMatchDl4jsOneDnnHelper() {
        ComputationGraph[] pair = networkAndAttachedClone();
        ComputationGraph mine = pair[0];
        ComputationGraph theirs = pair[1];
        int direct = 0;
        for (Layer l : mine.getLayers()) {
            if (l instanceof ConvolutionLayer) {
                assertInstanceOf(DirectOneDnnConvHelper.class, l.getHelper(), "attach gives convolutions the direct helper");
                direct++;
            }
        }
        for (Layer l : theirs.getLayers()) {
            if (l instanceof ConvolutionLayer) {
                OneDnnHelpers.setHelper(l, new MKLDNNConvHelper(DataType.FLOAT));
            }
        }
        assertTrue(direct >= 5, direct + " convolutions");
        for (int step = 0; step < 5; step++) {
            mine.fit(SpeedSettingsKeepNumericsTest.batch(step));
            theirs.fit(SpeedSettingsKeepNumericsTest.batch(step));
            assertEquals(theirs.score(), mine.score(), WINOGRAD_POSSIBLE ? 1e-6 * theirs.score() : 0.0, "loss at step " + (step + 1));
        }
        assertSameUpToWinograd(theirs.params(), mine.params(), "parameters after 5 steps");
        assertSameUpToWinograd(theirs.outputSingle(SpeedSettingsKeepNumericsTest.batch(6).getFeatures()),
                mine.outputSingle(SpeedSettingsKeepNumericsTest.batch(6).getFeatures()), "inference output");
        assertTrue(OneDnnHelpers.status(mine).fastPath(), "no helper fell back");
    }
}
