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
}
