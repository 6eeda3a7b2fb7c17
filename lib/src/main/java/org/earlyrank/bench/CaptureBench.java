package org.earlyrank.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.RunSpec;

/**
 * What feature capture costs: the same run with feature histories captured (training-set features from
 * the training forward passes, validation features from the evaluation pass, heads) and without them
 * (the same per-epoch evaluation the curves need, no features kept). Repetitions alternate the two
 * settings and the median of each is used, since this machine is noisy.
 *
 * @param withCapture    median seconds per epoch with capture
 * @param withoutCapture median seconds per epoch without
 */
public record CaptureBench(double withCapture, double withoutCapture) {

    /** (with - without) / without. */
    public double overheadRatio() {
        return (withCapture - withoutCapture) / withoutCapture;
    }

    public static CaptureBench run(RunSpec spec, DatasetOptions data, TrainOptions opts, int repetitions) {
        TrainOptions without = new TrainOptions(opts.epochs(), opts.batchSize(), opts.learningRate(), opts.momentum(),
                opts.weightDecay(), opts.schedule(), opts.trainFraction(), opts.maxRunSeconds(), 0, false,
                opts.checkpointEvery(), opts.evalBatchSize(), opts.onednn(), opts.divergenceLoss());
        TrainingBench.epochSeconds(spec, data, opts); // warm-up: JIT and native initialisation
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        for (int i = 0; i < repetitions; i++) {
            on.add(TrainingBench.epochSeconds(spec, data, opts));
            off.add(TrainingBench.epochSeconds(spec, data, without));
        }
        return new CaptureBench(median(on), median(off));
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
