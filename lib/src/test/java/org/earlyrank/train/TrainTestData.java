package org.earlyrank.train;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.space.RunSpec;

/** Small real Fashion-MNIST splits and run specs for training tests. */
final class TrainTestData {
    private TrainTestData() {
    }

    static DatasetSplits fashion(int train) {
        return DatasetLoader.load(new DatasetOptions("fashion-mnist", null, train, 200, 200, 14, "standardize", 1234),
                new Configuration());
    }

    static TrainOptions options(int epochs) {
        TrainOptions t = SweepConfig.defaults().get(TrainOptions.SECTION);
        return new TrainOptions(epochs, t.batchSize(), t.learningRate(), t.momentum(), t.weightDecay(), t.schedule(),
                t.trainFraction(), t.maxRunSeconds(), t.trainFeatures(), t.valFeatures(), t.checkpointEvery(),
                t.evalBatchSize(), t.onednn(), t.divergenceLoss());
    }

    static RunSpec cell(String runId, String arch, int epochs, double lr) {
        return new RunSpec(runId, arch, "nb201", 11, 1, 8, 14, epochs, 50, lr, 0.9, 5e-4, "linear", 1.0);
    }
}
