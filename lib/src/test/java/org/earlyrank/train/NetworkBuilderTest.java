package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.space.Architecture;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

class NetworkBuilderTest {
    private static final InputShape SHAPE = new InputShape(1, 14, 14, 10);

    private static RunSpec spec(String arch, String space) {
        return new RunSpec("r", arch, space, 3, 1, 4, 14, 1, 8, 0.1, 0.9, 5e-4, "linear", 1.0);
    }

    @Test
    void everySampledCellBuildsAndRunsForwardAndBackward() {
        List<Architecture> archs = RunSampler.sampleArchitectures(SweepConfig.defaults().get(SpaceOptions.SECTION), new Random(5));
        archs = new java.util.ArrayList<>(archs.subList(0, 12));
        archs.add(org.earlyrank.space.CellArch.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        archs.add(org.earlyrank.space.CellArch.parse("|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"));
        for (Architecture a : archs) {
            ComputationGraph net = new ComputationGraph(NetworkBuilder.build(spec(a.canonical(), "nb201"), SHAPE, new FixedSchedule(0.1)));
            net.init();
            INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 14, 14);
            INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 10);
            y.putScalar(0, 3, 1f);
            net.fit(new DataSet(x, y));
            INDArray out = net.output(x)[0];
            assertArrayEquals(new long[]{4, 10}, out.shape(), a.canonical());
            assertEquals(16, net.getLayer(NetworkBuilder.OUTPUT).getParam("W").size(0), "features are 4C wide");
        }
    }

    @Test
    void flopsOfAPlainNetworkMatchAHandCount() {
        // conv 3x3, 1 -> 4 channels on 14x14 (Same), then head 4 -> 10.
        RunSpec s = new RunSpec("r", "conv3x3:1", "macro", 3, 1, 4, 14, 1, 8, 0.1, 0.9, 0, "linear", 1.0);
        ComputationGraphConfiguration conf = NetworkBuilder.build(s, SHAPE, new FixedSchedule(0.1));
        NetworkStats st = NetworkStats.of(conf, SHAPE);
        long conv = 2L * 14 * 14 * 9 * 1 * 4;
        long head = 2L * 4 * 10;
        assertEquals(conv + head, st.flopsPerImage());
        assertEquals(2, st.depth());
    }

    @Test
    void oneDnnFastPathIsReallyTaken() {
        RunSpec s = spec("|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|", "nb201");
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, SHAPE, new FixedSchedule(0.1)));
        net.init();
        assertEquals(0, OneDnnHelpers.status(net).attached(), "DL4J M2.1 attaches none by itself");
        OneDnnHelpers.Status attached = OneDnnHelpers.attach(net);
        assertTrue(attached.eligible() > 10);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 1, 14, 14);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 8, 10);
        y.getColumn(2).assign(1);
        for (int i = 0; i < 3; i++) {
            net.fit(new DataSet(x, y));
        }
        net.output(x);
        OneDnnHelpers.Status after = OneDnnHelpers.status(net);
        assertTrue(after.fastPath(), "a helper fell back to the Java path: " + after);
    }
}
