package org.earlyrank.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.RunSpec;

/**
 * The levers of training speed, measured on the same runs: oneDNN helpers on or off, minibatch size and
 * network width (channels C). Each setting trains the same architectures for the same epochs on a thread
 * pool with one thread per task slot, without feature capture, and reports images/s and the FLOP/s of one
 * task as a fraction of one thread's sgemm peak.
 */
public final class LeversBench {
    private LeversBench() {
    }

    /** One measured setting. */
    public record Lever(String name, boolean onednn, int batch, int channels, double imagesPerSecond,
                        double gflopsPerTask, double fractionOfSgemm) {
    }

    public static List<Lever> run(List<RunSpec> base, DatasetOptions data, TrainOptions opts, int threads,
                                  double sgemmPerThread) throws Exception {
        Map<String, Object[]> settings = new LinkedHashMap<>();
        settings.put("default (oneDNN, batch 128, C 8)", new Object[]{true, 128, 8});
        settings.put("oneDNN helpers off", new Object[]{false, 128, 8});
        settings.put("batch 64", new Object[]{true, 64, 8});
        settings.put("batch 256", new Object[]{true, 256, 8});
        settings.put("C 16", new Object[]{true, 128, 16});
        settings.put("C 32", new Object[]{true, 128, 32});
        List<Lever> out = new ArrayList<>();
        for (Map.Entry<String, Object[]> e : settings.entrySet()) {
            boolean onednn = (Boolean) e.getValue()[0];
            int batch = (Integer) e.getValue()[1];
            int ch = (Integer) e.getValue()[2];
            List<RunSpec> specs = new ArrayList<>();
            for (RunSpec s : base) {
                specs.add(new RunSpec(s.runId(), s.arch(), s.space(), s.seed(), s.cells(), ch, s.imageSize(),
                        s.epochs(), batch, s.learningRate(), s.momentum(), s.weightDecay(), s.schedule(),
                        s.trainFraction()));
            }
            TrainOptions o = new TrainOptions(opts.epochs(), List.of(batch), opts.learningRate(), opts.momentum(),
                    opts.weightDecay(), opts.schedule(), opts.trainFraction(), opts.maxRunSeconds(), 0, false, 0,
                    opts.evalBatchSize(), onednn, opts.divergenceLoss());
            TrainingBench.Result r = TrainingBench.run(specs, data, o, threads);
            out.add(new Lever(e.getKey(), onednn, batch, ch, r.imagesPerSecond(), r.flopsPerTask() / 1e9,
                    r.flopsPerTask() / sgemmPerThread));
        }
        return out;
    }
}
