package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * oneDNN's batch norm computes what DL4J's built-in layer and EarlyRank's Java loops compute, to float
 * rounding: outputs, batch statistics, input and gamma/beta gradients against a double-precision reference
 * computed here, inference with running statistics, and whole training steps against DL4J's built-in batch
 * norm; what it cannot run it hands back to DL4J.
 */
@Timeout(120)
class DirectOneDnnBatchNormHelperTest {
    static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();
    static final double EPS = 1e-5;

    static double relDiff(INDArray a, INDArray b) {
        return JavaBatchNormHelperTest.relDiff(a.castTo(DataType.DOUBLE), b.castTo(DataType.DOUBLE));
    }

    /** Batch norm in double precision, training mode: y, mean, biased variance, dx, dgamma, dbeta. */
    static INDArray[] reference(INDArray x32, INDArray dy32, INDArray gamma32, INDArray beta32) {
        INDArray x = x32.castTo(DataType.DOUBLE);
        INDArray dy = dy32.castTo(DataType.DOUBLE);
        long c = x.size(1);
        INDArray mean = x.mean(0, 2, 3);
        INDArray xc = x.sub(mean.reshape(1, c, 1, 1));
        INDArray var = xc.mul(xc).mean(0, 2, 3);
        INDArray inv = org.nd4j.linalg.ops.transforms.Transforms.pow(var.add(EPS), -0.5);
        INDArray xhat = xc.mul(inv.reshape(1, c, 1, 1));
        INDArray gamma = gamma32.castTo(DataType.DOUBLE).reshape(1, c, 1, 1);
        INDArray y = xhat.mul(gamma).add(beta32.castTo(DataType.DOUBLE).reshape(1, c, 1, 1));
        INDArray dbeta = dy.sum(0, 2, 3);
        INDArray dgamma = dy.mul(xhat).sum(0, 2, 3);
        double m = (double) x.length() / c;
        INDArray dx = dy.sub(dbeta.div(m).reshape(1, c, 1, 1)).sub(xhat.mul(dgamma.div(m).reshape(1, c, 1, 1)))
                .mul(gamma.mul(inv.reshape(1, c, 1, 1)));
        return new INDArray[]{y, mean, var, dx, dgamma, dbeta};
    }

    @ParameterizedTest(name = "batch {0}, {1} channels, {2}x{3}")
    @CsvSource({"128, 8, 14, 14", "128, 16, 7, 7", "128, 32, 4, 4", "13, 5, 6, 3", "64, 24, 1, 1"})
    void trainingForwardAndBackwardMatchADoublePrecisionReference(int n, int c, int h, int w) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, c, h, w).muli(3).addi(1.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, n, c, h, w);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, c);
        INDArray[] ref = reference(x, dy, gamma, beta);
        DirectOneDnnBatchNormHelper h1 = new DirectOneDnnBatchNormHelper();
        INDArray y = h1.preOutput(x, true, null, gamma, beta, null, null, 0.9, EPS, CNN2DFormat.NCHW, NO_WS);
        assertNotNull(y);
        assertTrue(relDiff(y, ref[0]) < 1e-5, "output " + relDiff(y, ref[0]));
        assertTrue(relDiff(h1.getMeanCache(DataType.FLOAT), ref[1]) < 1e-5, "batch mean");
        assertTrue(relDiff(h1.getVarCache(DataType.FLOAT), ref[2]) < 1e-5, "biased batch variance");
        h1.getVarCache(DataType.FLOAT).addi(EPS); // what DL4J's layer does to the cache for its running variance
        INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, c);
        INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, c);
        Pair<Gradient, INDArray> g = h1.backpropGradient(x, dy, null, gamma, beta, dGamma, dBeta, EPS, CNN2DFormat.NCHW, NO_WS);
        assertNotNull(g);
        assertTrue(relDiff(g.getSecond(), ref[3]) < 1e-4, "input gradient " + relDiff(g.getSecond(), ref[3]));
        assertTrue(relDiff(dGamma, ref[4].reshape(1, c)) < 1e-5, "gamma gradient " + relDiff(dGamma, ref[4].reshape(1, c)));
        assertTrue(relDiff(dBeta, ref[5].reshape(1, c)) < 1e-5, "beta gradient");
        assertSame(dGamma, g.getFirst().getGradientFor(BatchNormalizationParamInitializer.GAMMA));
        assertSame(dBeta, g.getFirst().getGradientFor(BatchNormalizationParamInitializer.BETA));

        // inference: the given running statistics, not the batch's
        INDArray runMean = Nd4j.randn(DataType.FLOAT, 1, c);
        INDArray runVar = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);
        INDArray yi = h1.preOutput(x, false, null, gamma, beta, runMean, runVar, 0.9, EPS, CNN2DFormat.NCHW, NO_WS);
        INDArray expected = x.castTo(DataType.DOUBLE).sub(runMean.castTo(DataType.DOUBLE).reshape(1, c, 1, 1))
                .div(org.nd4j.linalg.ops.transforms.Transforms.sqrt(runVar.castTo(DataType.DOUBLE).add(EPS)).reshape(1, c, 1, 1))
                .mul(gamma.castTo(DataType.DOUBLE).reshape(1, c, 1, 1)).add(beta.castTo(DataType.DOUBLE).reshape(1, c, 1, 1));
        assertTrue(relDiff(yi, expected) < 1e-5, "inference output " + relDiff(yi, expected));
        assertTrue(relDiff(h1.getMeanCache(DataType.FLOAT), ref[1]) < 1e-5, "inference leaves the batch statistics alone");
        Pair<Gradient, INDArray> again = h1.backpropGradient(x, dy, null, gamma, beta, dGamma, dBeta, EPS, CNN2DFormat.NCHW, NO_WS);
        assertTrue(relDiff(again.getSecond(), ref[3]) < 1e-4, "a backward pass after inference still uses the training batch's statistics");
    }

    @Test
    void whatItCannotRunItHandsBackToDl4j() {
        DirectOneDnnBatchNormHelper h = new DirectOneDnnBatchNormHelper();
        INDArray g = Nd4j.ones(DataType.FLOAT, 1, 3);
        INDArray b = Nd4j.zeros(DataType.FLOAT, 1, 3);
        assertNull(h.preOutput(Nd4j.randn(DataType.FLOAT, 2, 3, 4, 4), true, null, g, b, null, null, 0.9, EPS,
                CNN2DFormat.NHWC, NO_WS), "NHWC");
        assertNull(h.preOutput(Nd4j.randn(DataType.DOUBLE, 2, 3, 4, 4), true, null, g, b, null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS), "double");
        assertNull(h.preOutput(Nd4j.randn(DataType.FLOAT, 2, 3), true, null, g, b, null, null, 0.9, EPS,
                CNN2DFormat.NCHW, NO_WS), "rank 2");
        assertNull(h.backpropGradient(Nd4j.randn(DataType.FLOAT, 2, 3, 4, 4), Nd4j.randn(DataType.FLOAT, 2, 3, 4, 4), null,
                g, b, Nd4j.zeros(DataType.FLOAT, 1, 3), Nd4j.zeros(DataType.FLOAT, 1, 3), EPS, CNN2DFormat.NCHW, NO_WS),
                "a backward pass without a training forward pass before it");
        assertFalse(h.checkSupported(EPS, true), "locked gamma and beta");
    }

    @Test
    void trainingStepsMatchDl4jsBuiltInBatchNormAndKeepItsRunningStatistics() throws Exception {
        DataSet d = JavaBatchNormHelperTest.data();
        ComputationGraph builtIn = JavaBatchNormHelperTest.net(3);
        ComputationGraph direct = JavaBatchNormHelperTest.net(3);
        int n = 0;
        for (Layer l : direct.getLayers()) {
            if (l instanceof BatchNormalization) {
                OneDnnHelpers.setHelper(l, new DirectOneDnnBatchNormHelper());
                n++;
            }
        }
        assertTrue(n >= 8, n + " batch-norm layers");
        assertTrue(relDiff(direct.outputSingle(true, d.getFeatures()), builtIn.outputSingle(true, d.getFeatures())) < 1e-4);
        for (int i = 0; i < 3; i++) {
            builtIn.fit(d);
            direct.fit(d);
        }
        assertTrue(relDiff(direct.params(), builtIn.params()) < 1e-3,
                "parameters and running mean/variance after 3 steps: " + relDiff(direct.params(), builtIn.params()));
        assertTrue(relDiff(direct.outputSingle(false, d.getFeatures()), builtIn.outputSingle(false, d.getFeatures())) < 1e-3,
                "inference with running statistics");
        ComputationGraph attached = JavaBatchNormHelperTest.net(3);
        OneDnnHelpers.attach(attached);
        for (Layer l : attached.getLayers()) {
            if (l instanceof BatchNormalization) {
                assertInstanceOf(DirectOneDnnBatchNormHelper.class, l.getHelper(), "attach gives batch norm the direct helper");
            }
        }
        // releasing the plans after a step changes nothing in the next one
        ComputationGraph released = direct.clone();
        for (Layer l : released.getLayers()) {
            if (l instanceof BatchNormalization) {
                OneDnnHelpers.setHelper(l, new DirectOneDnnBatchNormHelper());
            }
        }
        direct.fit(d);
        released.fit(d);
        OneDnnHelpers.release(released);
        for (Layer l : released.getLayers()) {
            if (l.getHelper() instanceof DirectOneDnnBatchNormHelper h) {
                assertEquals(0, h.planCount(), "released");
            }
        }
        direct.fit(d);
        released.fit(d);
        assertEquals(direct.params(), released.params(), "the same steps after a release");
    }
}
