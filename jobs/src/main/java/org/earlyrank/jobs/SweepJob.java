package org.earlyrank.jobs;

import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code earlyrank sweep}: every stage in order, on one sweep folder. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run every stage in order: train, then the estimators and the report. Re-running resumes.")
public final class SweepJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return Jobs.withSession(common, Map.of(), "sweep", (cfg, spark) -> {
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Pipeline.sweep(spark, cfg, sweep, common.overwrite).forEach(Jobs::printSummary);
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
