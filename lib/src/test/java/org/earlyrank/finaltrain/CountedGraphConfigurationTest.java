package org.earlyrank.finaltrain;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.graph.ComputationGraphUpdater;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.LearningRates;
import org.earlyrank.train.NetworkBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A dl4j-spark parameter-averaging worker builds its network as {@code new ComputationGraph(broadcastConf.clone())}
 * with the broadcast parameters and updater state. That network must continue the driver's iteration counter,
 * or the learning-rate schedule restarts every averaging period (train-final's accuracy gap, found 2026-12-01).
 * Without Spark: the worker's construction is repeated here.
 */
@Timeout(60)
class CountedGraphConfigurationTest {
    private static final InputShape SHAPE = new InputShape(1, 8, 8, 10);

    private static ComputationGraphConfiguration conf() {
        RunSpec s = new RunSpec("t", "conv3x3:1|maxpool|conv3x3:1", "macro", 3, 1, 4, 8, 2, 8, 0.05, 0.9, 5e-4, "linear", 1.0);
        return NetworkBuilder.build(s, SHAPE, LearningRates.of("linear", 0.05, 20));
    }

    @Test
    void dl4jsCloneDropsTheCounterAndOursKeepsIt() {
        ComputationGraphConfiguration plain = conf();
        plain.setIterationCount(17);
        plain.setEpochCount(3);
        // The control: DL4J M2.1's clone loses the counters. If a DL4J upgrade fixes that, this line says so.
        assertEquals(0, plain.clone().getIterationCount(), "DL4J's clone() copies the iteration count now");

        ComputationGraphConfiguration counted = CountedGraphConfiguration.of(plain);
        assertEquals(17, counted.getIterationCount());
        ComputationGraphConfiguration workerConf = counted.clone();
        assertEquals(17, workerConf.getIterationCount());
        assertEquals(3, workerConf.getEpochCount());
        assertEquals(plain.toJson(), counted.toJson(), "the copy is the same configuration");
        assertEquals(ComputationGraphConfiguration.class, workerConf.getClass());
    }

    @Test
    void aWorkerNetworkTakesTheSameStepAsTheDriverWouldAtThatIteration() {
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.FLOAT, 8, 1, 8, 8);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 10);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        MultiDataSet batch = new MultiDataSet(x, y);

        // The driver after some periods: its counter stands at 15 of the schedule's 20 steps (lr 0.0125).
        ComputationGraph driver = new ComputationGraph(CountedGraphConfiguration.of(conf()));
        driver.init();
        driver.getConfiguration().setIterationCount(15);
        INDArray params = driver.params().dup();
        INDArray state = driver.getUpdater().getStateViewArray().dup();

        // What ParameterAveragingTrainingWorker.getInitialModelGraph does, then one minibatch.
        ComputationGraph worker = new ComputationGraph(driver.getConfiguration().clone());
        worker.init(params.unsafeDuplication(), false);
        worker.setUpdater(new ComputationGraphUpdater(worker, state.unsafeDuplication()));
        assertEquals(15, worker.getIterationCount(), "the worker continues the driver's counter");
        worker.fit(batch);

        // The same step on the driver's own network, at its own counter.
        driver.fit(batch);
        assertEquals(16, driver.getIterationCount());
        assertEquals(0.0, worker.params().sub(driver.params()).amaxNumber().doubleValue(), 1e-7,
                "a worker's step equals the driver's step at the same point of the schedule");
    }
}
