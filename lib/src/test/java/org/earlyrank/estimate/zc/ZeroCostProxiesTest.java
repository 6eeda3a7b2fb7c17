package org.earlyrank.estimate.zc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.ImageSet;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.NetworkBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.FixedSchedule;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZeroCostProxiesTest {
    private static final InputShape FASHION = new InputShape(1, 14, 14, 10);
    private static final String CELL = "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|";
    private static final String ZERO_CELL = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
    private static ImageSet train;

    @BeforeAll
    static void loadFashion() {
        train = DatasetLoader.load(new DatasetOptions("fashion-mnist", null, 300, 100, 100, 14, "standardize", 1234),
                new Configuration()).train();
    }

    // ---- the tiny network of lib/src/test/resources/zc/tiny_proxies.py ----

    /** Values printed by {@code python3 lib/src/test/resources/zc/tiny_proxies.py} (numpy 2.4, float64, finite differences). */
    private static final Map<ZeroCostProxy, Double> NUMPY = Map.of(
            ZeroCostProxy.GRAD_NORM, 0.1823701086011611,
            ZeroCostProxy.SNIP, 0.1650017272260273,
            ZeroCostProxy.GRASP, 0.00408927112977448,
            ZeroCostProxy.FISHER, 0.0033604789881052904,
            ZeroCostProxy.SYNFLOW, 25.421489592232014,
            ZeroCostProxy.JACOV, -4.67737870813721);

    private static ComputationGraph tiny(DataType dt) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(dt)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("input")
                .setInputTypes(InputType.convolutional(5, 5, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(2).hasBias(false).activation(Activation.IDENTITY).build(), "input")
                .addLayer("b1", new BatchNormalization.Builder().eps(1e-5).build(), "c1")
                .addLayer("r1", new ActivationLayer.Builder().activation(Activation.RELU).build(), "b1")
                .addLayer("c2", new ConvolutionLayer.Builder(1, 1).nOut(2).hasBias(false).activation(Activation.IDENTITY).build(), "r1")
                .addVertex("a", new ElementWiseVertex(ElementWiseVertex.Op.Add), "c2", "r1")
                .addLayer("r2", new ActivationLayer.Builder().activation(Activation.RELU).build(), "a")
                .addLayer("features", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), "r2")
                .addLayer("output", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "features")
                .setOutputs("output").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        set(net, "c1_W", t -> w(t, 0));
        set(net, "b1_gamma", j -> 1 + 0.3 * Math.sin(j + 1.0));
        set(net, "b1_beta", j -> 0.2 * Math.cos(j + 2.0));
        set(net, "c2_W", t -> w(t, 3));
        set(net, "output_W", t -> w(t, 4));
        set(net, "output_b", j -> 0.1 * Math.sin(2 * j + 5.0));
        return net;
    }

    private static double w(int j, int t) {
        return 0.6 * Math.sin(0.9 * j + t + 0.3);
    }

    private static void set(ComputationGraph net, String key, java.util.function.IntToDoubleFunction f) {
        INDArray p = net.getParam(key);
        double[] v = new double[(int) p.length()];
        for (int j = 0; j < v.length; j++) {
            v[j] = f.applyAsDouble(j);
        }
        p.assign(Nd4j.create(v, p.shape(), 'c').castTo(p.dataType()));
    }

    private static ProxyBatch tinyBatch() {
        int n = 4 * 25;
        double[] x = new double[n];
        for (int j = 0; j < n; j++) {
            x[j] = Math.sin(0.37 * j + 0.1) + 0.2 * Math.cos(1.1 * j);
        }
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 3);
        for (int i = 0; i < 4; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        return new ProxyBatch(Nd4j.create(x, new long[]{4, 1, 5, 5}, 'c').castTo(DataType.FLOAT), y, 1, 0);
    }

    @Test
    void everyProxyMatchesNumpyOnATinyDoubleNetwork() {
        ComputationGraph net = tiny(DataType.DOUBLE);
        assertArrayEquals(new long[]{2, 1, 3, 3}, net.getParam("c1_W").shape(), "DL4J conv weights are [out, in, kH, kW]");
        ProxyBatch b = new ProxyBatch(tinyBatch().features().castTo(DataType.DOUBLE), tinyBatch().labels(), 1, 0);
        INDArray before = net.params().dup();
        Map<ZeroCostProxy, Double> got = scores(net, new InputShape(1, 5, 5, 3), b);
        assertEquals(before, net.params(), "synflow and grasp work on a copy, also of a double network");
        for (Map.Entry<ZeroCostProxy, Double> e : NUMPY.entrySet()) {
            // finite differences in the reference: about 1e-8 relative; the Hessian of grasp about 1e-6
            double tol = e.getKey() == ZeroCostProxy.GRASP ? 1e-4 : 1e-6;
            assertEquals(e.getValue(), got.get(e.getKey()), tol * Math.abs(e.getValue()), e.getKey().estimatorName());
        }
        assertEquals(net.numParams(), got.get(ZeroCostProxy.PARAMS));
        // c1: 2 * 25 positions * 9 * 1 * 2 ; c2: 2 * 25 * 1 * 2 * 2 ; head: 2 * 2 * 3
        assertEquals(2 * 25 * 9 * 2 + 2 * 25 * 4 + 12, got.get(ZeroCostProxy.FLOPS));
    }

    @Test
    void theFloatNetworkAgreesWithNumpyToFloatPrecision() {
        Map<ZeroCostProxy, Double> got = scores(tiny(DataType.FLOAT), new InputShape(1, 5, 5, 3), tinyBatch());
        for (Map.Entry<ZeroCostProxy, Double> e : NUMPY.entrySet()) {
            assertEquals(e.getValue(), got.get(e.getKey()), 1e-4 * Math.abs(e.getValue()), e.getKey().estimatorName());
        }
    }

    private static Map<ZeroCostProxy, Double> scores(ComputationGraph net, InputShape shape, ProxyBatch b) {
        Map<ZeroCostProxy, Double> out = new HashMap<>();
        for (ProxyScore s : ZeroCostProxies.compute(net, shape, b, EnumSet.allOf(ZeroCostProxy.class))) {
            assertNull(s.note(), s.proxy() + ": " + s.note());
            assertTrue(s.seconds() >= 0);
            out.put(s.proxy(), s.score());
        }
        assertEquals(ZeroCostProxy.values().length, out.size());
        return out;
    }

    // ---- NetworkBuilder networks on Fashion-MNIST ----

    private static RunSpec spec(String arch, long seed) {
        return new RunSpec("r", arch, "nb201", seed, 1, 4, 14, 1, 32, 0.1, 0.9, 5e-4, "linear", 1.0);
    }

    private static ComputationGraph built(RunSpec s) {
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, FASHION, new FixedSchedule(0.1)));
        net.init();
        return net;
    }

    @Test
    void lossGradientsAreDl4jsOwnBackpropDividedByTheBatchSize() {
        RunSpec s = spec(CELL, 3);
        ComputationGraph net = built(s);
        ProxyBatch b = ProxyBatch.firstMinibatches(train, s.seed(), 16, 1);
        net.setInputs(b.features());
        net.setLabels(b.labels());
        net.computeGradientAndScore();
        Map<String, INDArray> dl4j = new HashMap<>();
        net.gradient().gradientForVariable().forEach((k, v) -> dl4j.put(k, v.dup()));
        GraphPass pass = ZeroCostProxies.lossPass(net, b);
        int checked = 0;
        for (ZeroCostProxies.WeightLayer l : ZeroCostProxies.weightLayers(net)) {
            INDArray expected = dl4j.get(l.key()).div(16); // DL4J sums over the minibatch; the updater divides
            INDArray got = pass.paramGradient(l.key()).reshape(expected.shape());
            assertEquals(0, expected.sub(got).norm2Number().doubleValue(), 1e-5 * expected.norm2Number().doubleValue() + 1e-9,
                    l.key());
            checked++;
        }
        assertTrue(checked > 10, "every convolution and the head");
    }

    @Test
    void sameSeedGivesTheSameScoresAndAnotherSeedOthers() {
        RunSpec a = spec(CELL, 3);
        ProxyBatch b = ProxyBatch.firstMinibatches(train, a.seed(), 16, 1);
        List<ProxyScore> first = ZeroCostProxies.compute(built(a), FASHION, b, EnumSet.allOf(ZeroCostProxy.class));
        List<ProxyScore> again = ZeroCostProxies.compute(built(a), FASHION, b, EnumSet.allOf(ZeroCostProxy.class));
        List<ProxyScore> other = ZeroCostProxies.compute(built(spec(CELL, 4)), FASHION, b, EnumSet.allOf(ZeroCostProxy.class));
        for (int i = 0; i < first.size(); i++) {
            ProxyScore p = first.get(i);
            assertTrue(p.defined(), p.proxy() + " " + p.note());
            assertEquals(p.score(), again.get(i).score(), 0.0, p.proxy() + " is a function of the seed");
            if (p.proxy() != ZeroCostProxy.PARAMS && p.proxy() != ZeroCostProxy.FLOPS) {
                assertNotEquals(p.score(), other.get(i).score(), p.proxy() + " depends on the initial weights");
            }
        }
    }

    @Test
    void graspsStepIsSmallEnoughThatNoReluFlipsAndLargeEnoughForDoublePrecision() {
        // ~40k ReLUs; a step that flips one of them changes the value (see ZeroCostProxies, zc-grasp)
        RunSpec s = spec("|conv_3x3~0|+|skip_connect~0|conv_3x3~1|+|conv_1x1~0|conv_3x3~1|avg_pool_3x3~2|", 3);
        ComputationGraph d = ZeroCostProxies.doubleCopy(built(s));
        ProxyBatch b = ProxyBatch.firstMinibatches(train, s.seed(), 16, 1);
        double atStep = ZeroCostProxies.graspOn(d, b, ZeroCostProxies.GRASP_STEP);
        double smaller = ZeroCostProxies.graspOn(d, b, ZeroCostProxies.GRASP_STEP / 10);
        assertEquals(smaller, atStep, 1e-4 * Math.abs(smaller));
        assertEquals(atStep, ZeroCostProxies.grasp(built(s), b), 0.0, "grasp is graspOn a double copy");
    }

    @Test
    void computingTheProxiesLeavesTheNetworkAndItsTrainingUnchanged() {
        RunSpec s = spec(CELL, 5);
        ComputationGraph net = built(s);
        INDArray before = net.params().dup();
        ZeroCostProxies.compute(net, FASHION, ProxyBatch.firstMinibatches(train, s.seed(), 32, 2),
                EnumSet.allOf(ZeroCostProxy.class));
        assertEquals(before, net.params());
        ComputationGraph untouched = built(s);
        ProxyBatch first = ProxyBatch.firstMinibatches(train, s.seed(), 32, 1);
        DataSet d = new DataSet(first.features(), first.labels());
        for (int i = 0; i < 2; i++) {
            net.fit(d);
            untouched.fit(d);
        }
        assertEquals(untouched.params(), net.params(), "training after the proxies is the training without them");
    }

    @Test
    void jacovIsUndefinedWhenTheOutputIgnoresTheInputAndTheOthersStillScore() {
        RunSpec s = spec(ZERO_CELL, 3);
        List<ProxyScore> got = ZeroCostProxies.compute(built(s), FASHION, ProxyBatch.firstMinibatches(train, s.seed(), 32, 1),
                EnumSet.allOf(ZeroCostProxy.class));
        for (ProxyScore p : got) {
            if (p.proxy() == ZeroCostProxy.JACOV) {
                assertFalse(p.defined());
                assertTrue(p.note().contains("does not depend"), p.note());
            } else {
                assertTrue(p.defined(), p.proxy() + " " + p.note());
            }
        }
    }

    @Test
    void moreMinibatchesMeanMoreImagesInTheRunsFirstEpochOrder() {
        ProxyBatch one = ProxyBatch.firstMinibatches(train, 9, 32, 1);
        ProxyBatch three = ProxyBatch.firstMinibatches(train, 9, 32, 3);
        assertEquals(32, one.size());
        assertEquals(96, three.size());
        assertEquals(3, three.minibatches());
        assertEquals(one.features(), three.features().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 32)));
        assertEquals(300, ProxyBatch.firstMinibatches(train, 9, 128, 5).size(), "capped at the training set");
        assertEquals(3, ProxyBatch.firstMinibatches(train, 9, 128, 5).minibatches());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyBatch.firstMinibatches(train, 9, 32, 0));
        assertTrue(e.getMessage().contains("at least one minibatch"), e.getMessage());
    }

    @Test
    void aProxyThatReadsDataNeedsABatch() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ZeroCostProxies.compute(built(spec(CELL, 3)), FASHION, null, EnumSet.of(ZeroCostProxy.SNIP)));
        assertTrue(e.getMessage().contains("zc-snip"), e.getMessage());
        List<ProxyScore> free = ZeroCostProxies.compute(built(spec(CELL, 3)), FASHION, null,
                EnumSet.of(ZeroCostProxy.SYNFLOW, ZeroCostProxy.PARAMS, ZeroCostProxy.FLOPS));
        assertEquals(3, free.size());
        assertTrue(free.stream().allMatch(ProxyScore::defined));
    }
}
