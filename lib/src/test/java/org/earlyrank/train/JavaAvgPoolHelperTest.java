package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

@Timeout(60)
class JavaAvgPoolHelperTest {
    /**
     * A graph with one average-pooling layer configured as NetworkBuilder does (Same mode, padding not counted):
     * EarlyRank's {@link AvgPoolLayer} or DL4J's own.
     */
    static Layer pool(int size, int k, int stride, boolean earlyrank) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(size, size, 3))
                .addLayer("pool", earlyrank ? new AvgPoolLayer(k, stride)
                        : new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(k, k).stride(stride, stride).build(), "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "gap")
                .setOutputs("out").build());
        g.init();
        return g.getLayer("pool");
    }

    /** Forward output and input gradient of the layer with the given helper (null: DL4J's built-in path). */
    static INDArray[] run(Layer layer, org.deeplearning4j.nn.layers.LayerHelper helper, INDArray x, INDArray eps) {
        OneDnnHelpers.setHelper(layer, helper);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        layer.setInput(x, mgr);
        INDArray y = layer.activate(true, mgr).dup();
        Pair<?, INDArray> p = layer.backpropGradient(eps, mgr);
        return new INDArray[]{y, p.getSecond().dup()};
    }

    @Test
    void networksWithAvgPoolLayerSurviveAJsonRoundTrip() {
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration conf = buildConf();
        String json = conf.toJson();
        assertTrue(json.contains(AvgPoolLayer.class.getName()), "the layer class is named in the JSON");
        org.deeplearning4j.nn.conf.ComputationGraphConfiguration back =
                org.deeplearning4j.nn.conf.ComputationGraphConfiguration.fromJson(json);
        assertEquals(conf, back);
        ComputationGraph g = new ComputationGraph(back);
        g.init();
        assertInstanceOf(AvgPoolLayer.Impl.class, g.getLayer("pool"));
    }

    static org.deeplearning4j.nn.conf.ComputationGraphConfiguration buildConf() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).convolutionMode(ConvolutionMode.Same)
                .graphBuilder().addInputs("in").setInputTypes(InputType.convolutional(7, 7, 3))
                .addLayer("pool", new AvgPoolLayer(3, 1), "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "gap")
                .setOutputs("out").build();
    }

    @ParameterizedTest(name = "{0}x{0} input, {1}x{1} window, stride {2}")
    @CsvSource({"14, 3, 1", "7, 3, 1", "4, 3, 1", "14, 2, 2", "7, 2, 2", "4, 2, 2"})
    void matchesDl4jsBuiltInAveragePoolingForwardAndBackward(int size, int k, int stride) {
        Nd4j.getRandom().setSeed(size * 10 + k);
        INDArray x = Nd4j.randn(DataType.FLOAT, 5, 3, size, size);
        int out = (size + stride - 1) / stride;
        INDArray eps = Nd4j.randn(DataType.FLOAT, 5, 3, out, out);
        INDArray[] builtIn = run(pool(size, k, stride, false), null, x, eps);
        INDArray[] java = run(pool(size, k, stride, true), new JavaAvgPoolHelper(), x, eps);
        INDArray[] plain = run(pool(size, k, stride, true), null, x, eps);
        assertArrayEquals(builtIn[0].shape(), java[0].shape());
        assertEquals(0, builtIn[0].sub(java[0]).amaxNumber().doubleValue(), 1e-5, "forward");
        assertEquals(0, builtIn[1].sub(java[1]).amaxNumber().doubleValue(), 1e-5, "backward");
        assertEquals(builtIn[0], plain[0], "without the helper AvgPoolLayer is DL4J's layer");
        assertEquals(builtIn[1], plain[1]);
    }

    /**
     * The 3x3 and 2x2 fast paths are the loops for any window, rewritten: the same sums in the same order, so
     * the same floats, bit for bit (signed zeros included), on even, odd and tiny planes, with values that make
     * float addition's order visible. The one exception is the 3x3 backward pass, a box sum of the scaled
     * gradients rather than the loops' accumulation per output (so float rounding apart; its summation is
     * checked bit for bit against a plane-by-plane loop below).
     */
    @ParameterizedTest(name = "{0}x{1} planes, {2}x{2} window, stride {3}")
    @CsvSource({"14, 14, 3, 1", "7, 7, 3, 1", "4, 4, 3, 1", "2, 2, 3, 1", "5, 9, 3, 1",
            "14, 14, 2, 2", "7, 7, 2, 2", "4, 4, 2, 2", "1, 1, 2, 2", "5, 8, 2, 2", "8, 5, 2, 2"})
    void fastPathsEqualTheLoopsForAnyWindowBitForBit(int h, int w, int k, int stride) {
        Nd4j.getRandom().setSeed(h * 100 + w * 10 + k);
        INDArray x = Nd4j.randn(DataType.FLOAT, 6, 5, h, w).muli(Nd4j.rand(DataType.FLOAT, 6, 5, h, w).muli(8).rsubi(4));
        x.putScalar(new long[]{0, 0, 0, 0}, -0.0f);
        x.putScalar(new long[]{5, 4, h - 1, w - 1}, 3e7f);
        int oh = (h + stride - 1) / stride;
        int ow = (w + stride - 1) / stride;
        INDArray eps = Nd4j.randn(DataType.FLOAT, 6, 5, oh, ow);
        eps.putScalar(new long[]{1, 1, 0, 0}, -0.0f);
        Layer layer = poolOn(h, w, k, stride);
        INDArray[] fast = run(layer, new JavaAvgPoolHelper(true, false), x, eps);
        INDArray[] vector = run(layer, new JavaAvgPoolHelper(true, true), x, eps);
        INDArray[] loops = run(layer, JavaAvgPoolHelper.withoutFastPaths(), x, eps);
        assertArrayEquals(new long[]{6, 5, oh, ow}, fast[0].shape());
        assertArrayEquals(bits(loops[0]), bits(fast[0]), "forward");
        assertArrayEquals(bits(fast[0]), bits(vector[0]), "forward, vector loops");
        assertArrayEquals(bits(fast[1]), bits(vector[1]), "backward, vector loops");
        if (k == 2) {
            assertArrayEquals(bits(loops[1]), bits(fast[1]), "backward");
        } else {
            assertEquals(0, loops[1].sub(fast[1]).amaxNumber().doubleValue(), 1e-6, "backward");
        }
    }

    /**
     * box3 runs over all planes as one long row and then repairs the values that crossed a row's or a plane's
     * edge; it must give what summing each plane on its own gives (the loop it replaced), bit for bit, with the
     * scalar loops and with the vector loops.
     */
    @ParameterizedTest(name = "{0} planes of {1}x{2}, vector loops {3}")
    @CsvSource({"1, 2, 2, false", "3, 2, 5, false", "640, 14, 14, false", "640, 7, 7, false", "640, 4, 4, false",
            "7, 5, 9, false", "2, 9, 3, false", "1, 2, 2, true", "3, 2, 5, true", "640, 14, 14, true", "640, 7, 7, true",
            "640, 4, 4, true", "7, 5, 9, true", "2, 9, 3, true", "1, 3, 3, true"})
    void box3OverAllPlanesEqualsAPlaneByPlaneSumBitForBit(int planes, int h, int w, boolean vectors) {
        java.util.Random rnd = new java.util.Random(planes * 31L + h * 7L + w);
        int n = planes * h * w;
        float[] src = new float[n];
        for (int i = 0; i < n; i++) {
            src[i] = (float) (rnd.nextGaussian() * Math.pow(10, rnd.nextInt(7) - 3));
        }
        float[] got = new float[n];
        JavaAvgPoolHelper.box3(src, got, new float[n], n, h, w, vectors);
        float[] want = new float[n];
        for (int p = 0; p < planes; p++) {
            int o = p * h * w;
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    float row = 0;
                    boolean first = true;
                    for (int rr = Math.max(0, r - 1); rr <= Math.min(h - 1, r + 1); rr++) {
                        int a = o + rr * w;
                        float sum = c == 0 ? src[a] + src[a + 1]
                                : c == w - 1 ? src[a + w - 2] + src[a + w - 1]
                                : src[a + c - 1] + src[a + c] + src[a + c + 1];
                        row = first ? sum : row + sum;
                        first = false;
                    }
                    want[o + r * w + c] = row;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "value " + i);
        }
    }

    static int[] bits(INDArray a) {
        float[] f = a.dup('c').data().asFloat();
        int[] b = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            b[i] = Float.floatToRawIntBits(f[i]);
        }
        return b;
    }

    /** As {@link #pool}, EarlyRank's layer on h x w planes. */
    static Layer poolOn(int h, int w, int k, int stride) {
        ComputationGraph g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(h, w, 5))
                .addLayer("pool", new AvgPoolLayer(k, stride), "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "pool")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "gap")
                .setOutputs("out").build());
        g.init();
        return g.getLayer("pool");
    }
}
