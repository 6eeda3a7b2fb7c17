package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Mixin;

/**
 * A job that runs one stage: load the config (the job's own options become {@code --set} overrides),
 * start or join the session, run the stage through {@link Pipeline#run}, print its summary and where the
 * result is. A subclass adds only its {@code @Command} and options.
 */
abstract class StageJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    private final Stage stage;

    StageJob(Stage stage) {
        this.stage = stage;
    }

    /** Config overrides from the job's own options, as full keys ({@code fit-svr.train_size}). */
    Map<String, String> overrides() {
        return Map.of();
    }

    /** The last line printed: the sweep folder (the report prints its page). */
    String result(SweepFolder sweep) {
        return "sweep: " + sweep;
    }

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            SweepConfig cfg = common.config(overrides());
            SparkSession spark = Jobs.session(cfg, stage.name());
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(stage.name(), Pipeline.run(stage, spark, cfg, sweep, common.overwrite));
            System.out.println(result(sweep));
            return 0;
        });
    }

    /** Adds {@code key = value} when the option was given. */
    static void put(Map<String, String> m, String key, Object value) {
        if (value != null) {
            m.put(key, String.valueOf(value));
        }
    }

    static Map<String, String> map() {
        return new LinkedHashMap<>();
    }
}
