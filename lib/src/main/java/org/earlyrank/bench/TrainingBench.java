package org.earlyrank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.NetworkStats;
import org.earlyrank.train.RunRecord;
import org.earlyrank.train.RunTrainer;

/**
 * Training throughput of real runs of a search space, on a plain thread pool with as many threads as
 * task slots (so the figure is the engine's, without Spark). FLOPs follow the performance issue's
 * convention: 2 x multiply-adds of conv and dense layers per image forward, a training step = 3 x forward.
 */
public final class TrainingBench {
    private TrainingBench() {
    }

    /**
     * One run's training throughput: its images over its training-pass seconds (curves.train_seconds).
     *
     * @param arch         the run's architecture string
     * @param images       images trained (all epochs)
     * @param trainSeconds sum of the run's curves.train_seconds
     */
    public record RunSpeed(String arch, long images, double trainSeconds) {
        public double imagesPerSecond() {
            return images / trainSeconds;
        }
    }

    /**
     * @param images       images trained (all runs, all epochs)
     * @param flops        training FLOPs (3 x forward)
     * @param trainSeconds sum over runs of training-pass seconds (curves.train_seconds)
     * @param makespan     wall seconds for all runs
     * @param perRun       each run's throughput, in the order of the specs
     */
    public record Result(long images, double flops, double trainSeconds, double makespan, int runs, int threads,
                         List<RunSpeed> perRun) {
        /** Images per second of the whole pool. */
        public double imagesPerSecond() {
            return images / makespan;
        }

        /** FLOP/s of one task while it trains (what one core achieves). */
        public double flopsPerTask() {
            return flops / trainSeconds;
        }
    }

    /** Trains the specs (each for its spec.epochs()) on {@code threads} threads. */
    public static Result run(List<RunSpec> specs, DatasetOptions dataOpts, TrainOptions opts, int threads)
            throws Exception {
        DatasetSplits data = DatasetLoader.load(dataOpts, new org.apache.hadoop.conf.Configuration());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<double[]>> parts = new ArrayList<>();
            for (RunSpec s : specs) {
                parts.add(pool.submit(() -> {
                    RunTrainer trainer = new RunTrainer("bench", s, data, opts);
                    RunRecord r = trainer.train(null, 1);
                    int n = trainer.trainingSet().count();
                    ComputationGraph net = trainer.newNetwork(1);
                    long flopsPerImage = NetworkStats.of(net.getConfiguration(), RunTrainer.shapeOf(data)).flopsPerImage();
                    double seconds = r.curves.stream().mapToDouble(CurveRow::trainSeconds).sum();
                    long images = (long) n * r.curves.size();
                    return new double[]{images, 3.0 * flopsPerImage * images, seconds};
                }));
            }
            long images = 0;
            double flops = 0;
            double seconds = 0;
            List<RunSpeed> perRun = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                double[] r = parts.get(i).get();
                images += (long) r[0];
                flops += r[1];
                seconds += r[2];
                perRun.add(new RunSpeed(specs.get(i).arch(), (long) r[0], r[2]));
            }
            return new Result(images, flops, seconds, (System.nanoTime() - start) / 1e9, specs.size(), threads,
                    List.copyOf(perRun));
        } finally {
            pool.shutdownNow();
        }
    }

    /** The curves (seconds of training, evaluation and capture per epoch) of one run trained alone on this thread. */
    public static List<CurveRow> curves(RunSpec spec, DatasetOptions dataOpts, TrainOptions opts) {
        DatasetSplits data = DatasetLoader.load(dataOpts, new org.apache.hadoop.conf.Configuration());
        return new RunTrainer("bench", spec, data, opts).train(null, 1).curves;
    }
}
