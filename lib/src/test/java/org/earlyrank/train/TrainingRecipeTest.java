package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * Pins each piece of the training recipe to what PyTorch does with the same setting (the recipe of
 * ../shared/bench/torch_accuracy_peer.py and bench/torch_accuracy_peer.py), each against a hand computation
 * on a real network. BENCHMARKS.md ("Training parity with PyTorch") says which piece moved accuracy.
 */
class TrainingRecipeTest {
    private static final InputShape SHAPE = new InputShape(1, 14, 14, 10);
    private static final String CELL = "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|";
    private static final double LR = 0.1;
    private static final double MU = 0.9;

    private static ComputationGraph network(String arch, String space, double weightDecay) {
        RunSpec s = new RunSpec("r", arch, space, 3, 1, 8, 14, 1, 16, LR, MU, weightDecay, "constant", 1.0);
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, SHAPE, new FixedSchedule(LR)));
        net.init();
        OneDnnHelpers.attach(net);
        return net;
    }

    private static DataSet minibatch(int n, long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        return new DataSet(x, y);
    }

    private static boolean statistic(String param) {
        return param.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_MEAN)
                || param.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_LOG_STD)
                || param.endsWith("_" + BatchNormalizationParamInitializer.GLOBAL_VAR);
    }

    /**
     * PyTorch's {@code SGD(net.parameters(), lr, momentum, nesterov=True, weight_decay=wd)} adds wd * p to every
     * parameter's gradient before the momentum step, so on the first step (empty momentum buffer) the decay
     * moves p by exactly -lr (1 + mu) wd p more than without decay: batch-norm scale and shift and the head's
     * bias included, with factor wd (not wd / 2, not scaled by the minibatch). Same network, same initial
     * parameters, same minibatch, with and without decay.
     */
    @Test
    void weightDecayIsPyTorchsCoupledDecayOfEveryParameter() {
        double wd = 0.01;
        ComputationGraph plain = network(CELL, "nb201", 0);
        ComputationGraph decayed = network(CELL, "nb201", wd);
        // batch-norm shifts and the head's bias start at 0, where decay cannot show: start them elsewhere
        for (ComputationGraph net : new ComputationGraph[]{plain, decayed}) {
            for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
                if (e.getKey().endsWith("_" + BatchNormalizationParamInitializer.BETA) || e.getKey().equals("output_b")) {
                    e.getValue().assign(Nd4j.linspace(DataType.FLOAT, 0.5, 1.5, e.getValue().length())
                            .reshape(e.getValue().shape()));
                }
            }
        }
        Map<String, INDArray> before = new LinkedHashMap<>();
        decayed.paramTable().forEach((k, v) -> before.put(k, v.dup()));
        DataSet batch = minibatch(16, 5);
        plain.fit(batch);
        decayed.fit(batch);
        int checked = 0;
        for (Map.Entry<String, INDArray> e : before.entrySet()) {
            INDArray diff = decayed.getParam(e.getKey()).sub(plain.getParam(e.getKey()));
            if (statistic(e.getKey())) {
                assertEquals(0, diff.amaxNumber().doubleValue(), 1e-6, e.getKey() + " is a running statistic, never decayed");
                continue;
            }
            INDArray expected = e.getValue().mul(-LR * (1 + MU) * wd);
            double err = diff.sub(expected).amaxNumber().doubleValue();
            // float rounding of the two updated parameters: a few ulps of |p|, 0.5% of the decay step
            assertEquals(0, err, 1e-5 * e.getValue().amaxNumber().doubleValue() + 1e-8,
                    e.getKey() + ": decay step " + diff + ", expected -lr (1 + mu) wd p = " + expected);
            checked++;
        }
        assertTrue(checked > 20, "conv weights, batch-norm scales and shifts, head weights and bias: " + checked);
    }

    /**
     * PyTorch's SGD(momentum = mu, nesterov = True): {@code buf = mu buf + g; p -= lr_t (g + mu buf)}, the
     * current step's learning rate applied to the whole step. Three steps under the linear schedule (0.1,
     * 0.075, 0.05), gradients read from the network before each step; DL4J's own Nesterovs, whose velocity keeps
     * the earlier, larger rates, is off by about mu^2 (lr_(t-1) - lr_t) |g| from the second step on.
     */
    @Test
    void nesterovMomentumIsPyTorchsUnderADecayingLearningRate() {
        RunSpec s = new RunSpec("r", CELL, "nb201", 3, 1, 8, 14, 1, 16, LR, MU, 0, "linear", 1.0);
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, SHAPE, LearningRates.of("linear", LR, 4)));
        net.init();
        OneDnnHelpers.attach(net);
        Map<String, INDArray> p = new LinkedHashMap<>();
        Map<String, INDArray> buf = new LinkedHashMap<>();
        net.paramTable().forEach((k, v) -> {
            if (!statistic(k)) {
                p.put(k, v.dup());
                buf.put(k, v.like().assign(0));
            }
        });
        double largestStep = 0;
        for (int t = 0; t < 3; t++) {
            double lr = LR * (1 - t / 4.0);
            DataSet batch = minibatch(16, 20 + t);
            net.setInputs(batch.getFeatures());
            net.setLabels(batch.getLabels());
            net.computeGradientAndScore();
            // DL4J's backprop sums over the minibatch; its updater divides by the minibatch size (PyTorch's mean loss)
            Map<String, INDArray> g = new LinkedHashMap<>();
            p.keySet().forEach(k -> g.put(k, net.gradient().getGradientFor(k).div(16)));
            for (String k : p.keySet()) {
                buf.get(k).muli(MU).addi(g.get(k));
                INDArray step = g.get(k).add(buf.get(k).mul(MU)).muli(lr);
                largestStep = Math.max(largestStep, step.amaxNumber().doubleValue());
                p.get(k).subi(step);
            }
            net.fit(batch);
            for (String k : p.keySet()) {
                double err = net.getParam(k).sub(p.get(k)).amaxNumber().doubleValue();
                assertEquals(0, err, 2e-6, k + " after step " + (t + 1));
            }
        }
        assertTrue(largestStep > 1e-3, "the steps are large next to the tolerance: " + largestStep);
    }

    /**
     * PyTorch's default initialisation of Conv2d and Linear weights, kaiming_uniform_(a = sqrt 5): uniform on
     * +-1/sqrt(fan_in) (fan_in = input channels x kernel area). Batch norm starts at scale 1, shift 0.
     */
    @Test
    void weightsStartAsPyTorchsDefaultUniformOnOneOverSqrtFanIn() {
        ComputationGraph net = network(CELL, "nb201", 5e-4);
        int checked = 0;
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (!l.paramTable().containsKey("W")) {
                continue;
            }
            INDArray w = l.getParam("W");
            long fanIn = w.rank() == 4 ? w.size(1) * w.size(2) * w.size(3) : w.size(0);
            double bound = 1 / Math.sqrt(fanIn);
            String name = l.getConfig().getLayerName();
            assertTrue(w.amaxNumber().doubleValue() <= bound * (1 + 1e-6), name + " exceeds 1/sqrt(fan_in) = " + bound);
            if (w.length() >= 500) {
                // uniform on +-b has standard deviation b / sqrt 3 (He normal, DL4J's RELU, would be sqrt(6) x larger)
                assertEquals(bound / Math.sqrt(3), w.stdNumber().doubleValue(), 0.1 * bound / Math.sqrt(3), name);
            }
            checked++;
        }
        assertTrue(checked >= 10, "every conv and the head: " + checked);
        for (Map.Entry<String, INDArray> e : net.paramTable().entrySet()) {
            if (e.getKey().endsWith("_" + BatchNormalizationParamInitializer.GAMMA)) {
                assertEquals(1.0, e.getValue().minNumber().doubleValue(), 0, e.getKey());
                assertEquals(1.0, e.getValue().maxNumber().doubleValue(), 0, e.getKey());
            }
        }
    }

    /**
     * Batch norm as PyTorch's BatchNorm2d(momentum = 0.1, eps = 1e-5): a training step normalises with the
     * minibatch's statistics and moves the running mean 0.1 of the way to the minibatch mean; evaluation
     * normalises with the running statistics.
     */
    @Test
    void batchNormMovesItsRunningMeanAPointOneStepAndEvaluatesWithIt() {
        ComputationGraph net = network("conv3x3:1", "macro", 0);
        DataSet batch = minibatch(32, 9);
        batch.getFeatures().muli(2).addi(1);
        Map<String, INDArray> train = net.feedForward(new INDArray[]{batch.getFeatures()}, true);
        String conv = train.keySet().stream().filter(k -> k.startsWith("conv")).findFirst().orElseThrow();
        String bn = train.keySet().stream().filter(k -> k.startsWith("bn")).findFirst().orElseThrow();
        INDArray batchMean = train.get(conv).mean(0, 2, 3);
        net.fit(batch);
        INDArray running = net.getParam(bn + "_" + BatchNormalizationParamInitializer.GLOBAL_MEAN);
        assertEquals(0, running.sub(batchMean.mul(0.1)).amaxNumber().doubleValue(), 1e-5, "momentum 0.1 from 0");
        INDArray log10Std = net.getParam(bn + "_" + BatchNormalizationParamInitializer.GLOBAL_LOG_STD);

        Map<String, INDArray> eval = net.feedForward(new INDArray[]{batch.getFeatures()}, false);
        INDArray a = eval.get(conv);
        String relu = eval.keySet().stream().filter(k -> k.startsWith("relu")).findFirst().orElseThrow();
        INDArray gamma = net.getParam(bn + "_" + BatchNormalizationParamInitializer.GAMMA);
        INDArray beta = net.getParam(bn + "_" + BatchNormalizationParamInitializer.BETA);
        for (int c = 0; c < a.size(1); c++) {
            double m = running.getDouble(c);
            double s = Math.sqrt(Math.pow(10, 2 * log10Std.getDouble(c)) + 1e-5);
            for (int i = 0; i < 4; i++) {
                double expected = gamma.getDouble(c) * (a.getDouble(i, c, 3, 4) - m) / s + beta.getDouble(c);
                assertEquals(Math.max(0, expected), eval.get(relu).getDouble(i, c, 3, 4), 1e-4,
                        "relu(bn) of channel " + c + ", image " + i + " at eval");
            }
        }
    }

    /** The last minibatch of an epoch is the remainder (as PyTorch's DataLoader without drop_last). */
    @Test
    void anEpochEndsWithThePartialMinibatch() {
        DatasetSplits data = TrainTestData.fashion(230);
        RunRecord r = new RunTrainer("t", TrainTestData.cell("p", CELL, 1, 0.1), data, TrainTestData.options(1))
                .train(null, 1);
        assertEquals(5, r.steps.size(), "230 images in minibatches of 50: 4 full and one of 30");
        assertEquals(30, r.steps.get(4).batchSize().intValue());
    }
}
