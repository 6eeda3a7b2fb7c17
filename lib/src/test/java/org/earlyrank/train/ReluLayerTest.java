package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

@Timeout(120)
class ReluLayerTest {
    static ComputationGraphConfiguration conf() {
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(6, 5, 3))
                .addLayer("relu", new ReluLayer(), "in")
                .addLayer("gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "relu")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build(), "gap")
                .setOutputs("out").build();
    }

    /** Input values with both zeros, exact ties and both signs. */
    static INDArray input() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5);
        x.putScalar(new long[]{0, 0, 0, 0}, -0.0f);
        x.putScalar(new long[]{0, 0, 0, 1}, 0.0f);
        x.putScalar(new long[]{1, 2, 3, 4}, Float.MIN_VALUE);
        x.putScalar(new long[]{2, 1, 5, 0}, -Float.MIN_VALUE);
        return x;
    }

    /** Forward output (training and inference) and input gradient, with the activation function given. */
    static INDArray[] run(org.nd4j.linalg.activations.IActivation fn, INDArray x, INDArray eps) {
        ComputationGraph g = new ComputationGraph(conf());
        g.init();
        Layer layer = g.getLayer("relu");
        ((ActivationLayer) layer.conf().getLayer()).setActivationFn(fn);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray copy = x.dup();
        layer.setInput(copy, mgr);
        INDArray inference = layer.activate(false, mgr).dup();
        layer.setInput(x.dup(), mgr);
        INDArray training = layer.activate(true, mgr).dup();
        INDArray dx = layer.backpropGradient(eps, mgr).getSecond().dup();
        return new INDArray[]{training, inference, dx, copy};
    }

    @Test
    void givesDl4jsActivationLayerResultsBitForBitWithoutOverwritingTheInput() {
        INDArray x = input();
        INDArray eps = Nd4j.randn(DataType.FLOAT, 4, 3, 6, 5);
        INDArray[] ours = run(new ReluActivation(), x, eps);
        INDArray[] dl4j = run(new ActivationReLU(), x, eps);
        assertArrayEquals(JavaAvgPoolHelperTest.bits(dl4j[0]), JavaAvgPoolHelperTest.bits(ours[0]), "forward, training");
        assertArrayEquals(JavaAvgPoolHelperTest.bits(dl4j[1]), JavaAvgPoolHelperTest.bits(ours[1]), "forward, inference");
        assertArrayEquals(JavaAvgPoolHelperTest.bits(dl4j[2]), JavaAvgPoolHelperTest.bits(ours[2]), "backward");
        assertEquals(x, ours[3], "inference leaves the input as it was");
        assertNotEquals(x, dl4j[3], "DL4J's layer applies ReLU to its input in place in inference");
    }

    @Test
    void survivesAJsonRoundTripAsItsOwnClass() {
        ComputationGraphConfiguration c = conf();
        String json = c.toJson();
        assertTrue(json.contains(ReluLayer.class.getName()));
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(json);
        assertEquals(c, back);
        ComputationGraph g = new ComputationGraph(back);
        g.init();
        assertInstanceOf(ReluLayer.Impl.class, g.getLayer("relu"));
        assertInstanceOf(ReluActivation.class, ((ActivationLayer) g.getLayer("relu").conf().getLayer()).getActivationFn());
    }

    /**
     * A cell whose node feeds both a skip connection and a ReLU-conv edge: the network's predictions are the same
     * with EarlyRank's ReLU layer and with DL4J's, which applies ReLU to its input in place in inference (the
     * graph must not let that reach the skip connection), and five training steps on real images agree bit for
     * bit.
     */
    @Test
    void aNetworkPredictsAndTrainsAsWithDl4jsLayer() {
        RunSpec s = SpeedSettingsKeepNumericsTest.spec("|conv_3x3~0|+|skip_connect~0|conv_1x1~1|+|skip_connect~0|skip_connect~1|conv_3x3~2|");
        ComputationGraph ours = SpeedSettingsKeepNumericsTest.network(s);
        ComputationGraph dl4j = ours.clone();
        OneDnnHelpers.attach(dl4j);
        int relus = 0;
        for (Layer l : dl4j.getLayers()) {
            if (l.conf().getLayer() instanceof ReluLayer r) {
                r.setActivationFn(new ActivationReLU());
                relus++;
            }
        }
        assertTrue(relus > 3, "the network has ReLU layers: " + relus);
        for (int step = 0; step < 5; step++) {
            DataSet d = SpeedSettingsKeepNumericsTest.batch(step);
            assertEquals(dl4j.outputSingle(d.getFeatures()), ours.outputSingle(d.getFeatures()), "predictions before step " + (step + 1));
            ours.fit(d);
            dl4j.fit(d);
            assertEquals(dl4j.score(), ours.score(), 0.0, "loss at step " + (step + 1));
        }
        assertEquals(dl4j.params(), ours.params());
    }
}
