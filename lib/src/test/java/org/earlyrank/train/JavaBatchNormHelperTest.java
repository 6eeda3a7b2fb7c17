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
}
