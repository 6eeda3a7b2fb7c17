package org.earlyrank.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.RunRecord;
import org.earlyrank.train.RunTrainer;
import org.earlyrank.train.TrainStage;
import org.earlyrank.train.TrainingEngine;

/**
 * Spark fan-out against a plain Java thread pool of the same parallelism, doing the same work (train
 * each run and commit its rows to a sweep folder): the makespan ratio is what Spark's scheduling,
 * serialization and task start-up cost on top of the training itself.
 *
 * @param sparkSeconds makespan through Spark (one task per run)
 * @param poolSeconds  makespan through the thread pool
 */
public record FanoutBench(double sparkSeconds, double poolSeconds, int runs, int parallelism) {

    public double ratio() {
        return sparkSeconds / poolSeconds;
    }

    /** Runs both; the Spark side's sweep stays under {@code tmp/spark} for later benchmarks. */
    public static FanoutBench run(SparkSession spark, List<RunSpec> specs, DatasetOptions dataOpts,
                                  TrainOptions opts, int parallelism, Path tmp) throws Exception {
        Configuration conf = new Configuration();
        DatasetSplits data = DatasetLoader.load(dataOpts, conf);

        SweepFolder poolSweep = SweepFolder.at(tmp.resolve("pool").toString(), conf);
        StageOutput poolOut = new StageOutput(poolSweep, TrainStage.NAME, TrainStage.OUTPUTS);
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        long t0 = System.nanoTime();
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (RunSpec s : specs) {
                parts.add(pool.submit(() -> {
                    RunRecord r = new RunTrainer("bench", s, data, opts).train(null, 1);
                    poolOut.commit(s.runId(), r.tables(), "{}");
                }));
            }
            for (Future<?> f : parts) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double poolSeconds = (System.nanoTime() - t0) / 1e9;

        SweepFolder sparkSweep = SweepFolder.at(tmp.resolve("spark").toString(), conf);
        StageRun stage = StageRun.begin(sparkSweep, TrainStage.NAME, Map.of("bench", true), TrainStage.OUTPUTS, true, true);
        long t1 = System.nanoTime();
        TrainingEngine.train(spark, "TRAIN", TrainStage.NAME, "bench", specs, dataOpts, opts, stage.output(), stage::note);
        double sparkSeconds = (System.nanoTime() - t1) / 1e9;
        stage.finish(Map.of());
        return new FanoutBench(sparkSeconds, poolSeconds, specs.size(), parallelism);
    }
}
