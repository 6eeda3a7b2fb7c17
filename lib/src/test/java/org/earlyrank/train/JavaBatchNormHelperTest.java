package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

@Timeout(120)
class JavaBatchNormHelperTest {
    static final InputShape SHAPE = new InputShape(1, 14, 14, 10);
    static final String ARCH = "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|";

    static ComputationGraph net(int seed) {
        RunSpec s = new RunSpec("r", ARCH, "nb201", seed, 1, 8, 14, 1, 16, 0.1, 0.9, 5e-4, "linear", 1.0);
        ComputationGraph g = new ComputationGraph(NetworkBuilder.build(s, SHAPE, new FixedSchedule(0.1)));
        g.init();
        return g;
    }

    static int attachJavaBatchNorm(ComputationGraph g) throws ReflectiveOperationException {
        Field f = BatchNormalization.class.getDeclaredField("helper");
        f.setAccessible(true);
        int n = 0;
        for (Layer l : g.getLayers()) {
            if (l instanceof BatchNormalization) {
                f.set(l, new JavaBatchNormHelper());
                n++;
            }
        }
        return n;
    }

    static DataSet data() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 1, 14, 14).muli(2).addi(0.5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        return new DataSet(x, y);
    }

    static double relDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / Math.max(1e-12, b.amaxNumber().doubleValue());
    }

    @Test
    void sameOutputsGradientsAndRunningStatisticsAsDl4jsBuiltInBatchNorm() throws Exception {
        DataSet d = data();
        ComputationGraph builtIn = net(3);
        ComputationGraph java = net(3);
        assertTrue(attachJavaBatchNorm(java) >= 8, "every batch-norm layer gets the helper");
        assertEquals(builtIn.params(), java.params(), "same initialisation");

        INDArray outBuiltIn = builtIn.outputSingle(true, d.getFeatures());
        INDArray outJava = java.outputSingle(true, d.getFeatures());
        assertTrue(relDiff(outJava, outBuiltIn) < 1e-4, "training-mode forward: " + relDiff(outJava, outBuiltIn));

        for (ComputationGraph g : new ComputationGraph[]{builtIn, java}) {
            g.setInputs(d.getFeatures());
            g.setLabels(d.getLabels());
            g.computeGradientAndScore();
        }
        INDArray gBuiltIn = builtIn.gradient().gradient();
        INDArray gJava = java.gradient().gradient();
        assertTrue(relDiff(gJava, gBuiltIn) < 1e-3, "gradient of every parameter: " + relDiff(gJava, gBuiltIn));

        for (int i = 0; i < 3; i++) {
            builtIn.fit(d);
            java.fit(d);
        }
        assertTrue(relDiff(java.params(), builtIn.params()) < 1e-3,
                "parameters and running mean/variance after 3 steps: " + relDiff(java.params(), builtIn.params()));
        INDArray inferBuiltIn = builtIn.outputSingle(false, d.getFeatures());
        INDArray inferJava = java.outputSingle(false, d.getFeatures());
        assertTrue(relDiff(inferJava, inferBuiltIn) < 1e-3, "inference with running statistics");
    }

    @Test
    void readsViewsAndWritesAtTheirOffset() {
        INDArray big = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 2, 2);
        INDArray second = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        assertTrue(second.offset() > 0);
        float[] got = DenseFloats.read(second, new float[0], 12);
        assertArrayEquals(second.dup().data().asFloat(), java.util.Arrays.copyOf(got, 12));
        float[] ones = new float[12];
        java.util.Arrays.fill(ones, 7f);
        DenseFloats.write(second, ones, 12);
        assertEquals(7f, big.getFloat(1, 0, 0, 0));
        assertEquals(0f, big.getFloat(0, 0, 0, 0), "the slice before the view is untouched");
    }

    /**
     * The forward pass sums two examples' blocks at once and the backward pass sums dy and dy * x-hat in one pass;
     * each block's sums must be what summing one block and one sum at a time gives (written out below as the
     * helper did it before), so outputs, input gradients and gamma/beta gradients agree bit for bit, on the default
     * sweep's three map sizes and odd ones (an odd batch: a last block alone; a batch of 6: four blocks by vectors,
     * two by the scalar loops), with the scalar loops and with the vector loops ({@link VectorLoops}).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} x {1} x {2} x {2}, vector loops {3}")
    @org.junit.jupiter.params.provider.CsvSource({"16, 8, 14, false", "16, 16, 7, false", "16, 32, 4, false",
            "5, 3, 3, false", "6, 4, 5, false", "16, 8, 14, true", "16, 16, 7, true", "16, 32, 4, true", "5, 3, 3, true",
            "6, 4, 5, true", "3, 2, 2, true"})
    void sumsOverSeveralBlocksGiveTheBlockByBlockResultsBitForBit(int n, int ch, int size, boolean vectors) {
        Nd4j.getRandom().setSeed(n * 100 + ch);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, ch, size, size).muli(3).addi(1.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, n, ch, size, size);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, ch).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, ch);
        INDArray mean = Nd4j.zeros(DataType.FLOAT, 1, ch);
        INDArray var = Nd4j.ones(DataType.FLOAT, 1, ch);
        INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, ch);
        INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, ch);
        double eps = 1e-5;
        JavaBatchNormHelper h = new JavaBatchNormHelper(vectors);
        var mgr = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        INDArray y = h.preOutput(x, true, x.shape(), gamma, beta, mean, var, 0.9, eps,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr);
        INDArray dx = h.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, eps,
                org.deeplearning4j.nn.conf.CNN2DFormat.NCHW, mgr).getSecond();

        int hw = size * size;
        float[] a = x.dup().data().asFloat();
        float[] c = dy.dup().data().asFloat();
        float[] g = gamma.dup().data().asFloat();
        float[] bt = beta.dup().data().asFloat();
        float[] wantY = new float[a.length];
        float[] wantDx = new float[a.length];
        float[] wantDGamma = new float[ch];
        float[] wantDBeta = new float[ch];
        double count = (double) n * hw;
        for (int k = 0; k < ch; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += blockSum(a, (i * ch + k) * hw, hw);
            }
            float m = (float) (s / count);
            double q = 0;
            for (int i = 0; i < n; i++) {
                q += blockSquares(a, (i * ch + k) * hw, hw, m);
            }
            float sigma2 = (float) (q / count);
            float scale = (float) (g[k] / Math.sqrt(sigma2 + eps));
            double inv = 1.0 / Math.sqrt(sigma2 + eps);
            double sumDy = 0;
            double sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                int from = (i * ch + k) * hw;
                sumDy += blockSum(c, from, hw);
                float d0 = 0f;
                float d1 = 0f;
                float d2 = 0f;
                float d3 = 0f;
                int j = from;
                for (; j + 3 < from + hw; j += 4) {
                    d0 += c[j] * (a[j] - m);
                    d1 += c[j + 1] * (a[j + 1] - m);
                    d2 += c[j + 2] * (a[j + 2] - m);
                    d3 += c[j + 3] * (a[j + 3] - m);
                }
                for (; j < from + hw; j++) {
                    d0 += c[j] * (a[j] - m);
                }
                sumDyXhat += (d0 + d1) + (d2 + d3);
            }
            sumDyXhat *= inv;
            wantDGamma[k] = (float) sumDyXhat;
            wantDBeta[k] = (float) sumDy;
            float p = (float) (g[k] * inv);
            float qq = (float) (sumDy / count);
            float r = (float) (sumDyXhat / count * inv);
            for (int i = 0; i < n; i++) {
                for (int j = (i * ch + k) * hw; j < (i * ch + k + 1) * hw; j++) {
                    wantY[j] = (a[j] - m) * scale + bt[k];
                    wantDx[j] = p * (c[j] - qq - (a[j] - m) * r);
                }
            }
        }
        assertArrayEquals(JavaAvgPoolHelperTest.bits(Nd4j.createFromArray(wantY)), JavaAvgPoolHelperTest.bits(y.reshape(-1)), "output");
        assertArrayEquals(JavaAvgPoolHelperTest.bits(Nd4j.createFromArray(wantDx)), JavaAvgPoolHelperTest.bits(dx.reshape(-1)), "input gradient");
        assertArrayEquals(wantDGamma, dGamma.dup().data().asFloat(), "gamma gradient");
        assertArrayEquals(wantDBeta, dBeta.dup().data().asFloat(), "beta gradient");
    }

    /** One block's sum with four interleaved accumulators, as the helper summed one block at a time. */
    static float blockSum(float[] x, int from, int len) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = from;
        for (; j + 3 < from + len; j += 4) {
            s0 += x[j];
            s1 += x[j + 1];
            s2 += x[j + 2];
            s3 += x[j + 3];
        }
        for (; j < from + len; j++) {
            s0 += x[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** One block's sum of (x - m)^2, likewise. */
    static float blockSquares(float[] x, int from, int len, float m) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int j = from;
        for (; j + 3 < from + len; j += 4) {
            float d0 = x[j] - m;
            float d1 = x[j + 1] - m;
            float d2 = x[j + 2] - m;
            float d3 = x[j + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (; j < from + len; j++) {
            float d = x[j] - m;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }
}
