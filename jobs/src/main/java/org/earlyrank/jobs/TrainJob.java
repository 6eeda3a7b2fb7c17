package org.earlyrank.jobs;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.TrainStage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code earlyrank train}: trains the sweep's runs, one Spark task per run. */
@Command(name = TrainStage.NAME, mixinStandardHelpOptions = true,
        description = "Train every run of the sweep (one Spark task per run) and write runs, curves, steps, features, heads.")
public final class TrainJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            SweepConfig cfg = common.config(Map.of());
            SparkSession spark = Jobs.session(cfg, TrainStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(TrainStage.NAME, TrainStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
