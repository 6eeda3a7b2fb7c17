package org.earlyrank.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;

import org.earlyrank.base.Median;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.space.RunSpec;

/**
 * What feature capture costs: the same run with feature histories captured (training-set features from
 * the training forward passes, validation features from the evaluation pass, heads) and without them
 * (the same per-epoch evaluation the curves need, no features kept). Repetitions alternate the two
 * settings in ABBA order and the median epoch of each is used (first epochs left out), since this machine
 * is noisy and an epoch here is well under a second.
 *
 * @param withCapture    median seconds per epoch with capture
 * @param withoutCapture median seconds per epoch without
 * @param cpuWith        median CPU seconds of the training thread per run with capture (ND4J runs on the calling
 *                       thread with one OpenMP thread): the run's work, less sensitive than wall time to other
 *                       tenants of the machine, though on a shared VM identical runs still differ by +-15%
 * @param cpuWithout     the same without
 * @param copyShare      the capture's own accounting in the runs with capture: curves.capture_seconds (copying
 *                       features into rows, the head) over epoch_seconds
 * @param gcWithMs       JVM garbage-collection milliseconds per epoch in the runs with capture
 * @param gcWithoutMs    the same without
 */
public record CaptureBench(double withCapture, double withoutCapture, double cpuWith, double cpuWithout,
                           double copyShare, double gcWithMs, double gcWithoutMs) {

    /** (with - without) / without, in CPU seconds of the training thread per run. */
    public double overheadRatio() {
        return (cpuWith - cpuWithout) / cpuWithout;
    }

    /** (with - without) / without, in wall seconds per epoch (noisy on a shared machine). */
    public double wallOverheadRatio() {
        return (withCapture - withoutCapture) / withoutCapture;
    }

    public static CaptureBench run(RunSpec spec, DatasetOptions data, TrainOptions opts, int repetitions) {
        TrainOptions without = new TrainOptions(opts.epochs(), opts.batchSize(), opts.learningRate(), opts.momentum(),
                opts.weightDecay(), opts.schedule(), opts.trainFraction(), opts.maxRunSeconds(), 0, false,
                opts.checkpointEvery(), opts.evalBatchSize(), opts.onednn(), opts.divergenceLoss());
        // Warm-up of both paths: JIT and native initialisation.
        TrainingBench.curves(spec, data, opts);
        TrainingBench.curves(spec, data, without);
        List<Double> on = new ArrayList<>();
        List<Double> off = new ArrayList<>();
        List<Double> cpuOn = new ArrayList<>();
        List<Double> cpuOff = new ArrayList<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] copy = new double[2];
        long[] gc = new long[2];
        int[] epochs = new int[2];
        for (int i = 0; i < repetitions; i++) {
            // ABBA order, so a slow drift of the machine's load falls on both settings alike; the first epoch of
            // each run (first touches of a new network's memory) is left out.
            for (boolean capture : i % 2 == 0 ? new boolean[]{true, false} : new boolean[]{false, true}) {
                int k = capture ? 0 : 1;
                long gc0 = gcMillis();
                long cpu0 = threads.getCurrentThreadCpuTime();
                List<CurveRow> curves = TrainingBench.curves(spec, data, capture ? opts : without);
                (capture ? cpuOn : cpuOff).add((threads.getCurrentThreadCpuTime() - cpu0) / 1e9);
                gc[k] += gcMillis() - gc0;
                epochs[k] += curves.size();
                for (CurveRow c : curves.subList(1, curves.size())) {
                    (capture ? on : off).add(c.epochSeconds());
                    copy[0] += c.captureSeconds();
                    copy[1] += c.epochSeconds();
                }
            }
        }
        return new CaptureBench(Median.of(on), Median.of(off), Median.of(cpuOn), Median.of(cpuOff), copy[0] / copy[1], gc[0] / (double) epochs[0],
                gc[1] / (double) epochs[1]);
    }

    private static long gcMillis() {
        long ms = 0;
        for (GarbageCollectorMXBean b : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, b.getCollectionTime());
        }
        return ms;
    }
}
