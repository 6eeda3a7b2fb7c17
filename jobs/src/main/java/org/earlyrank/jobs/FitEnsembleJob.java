package org.earlyrank.jobs;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.ensemble.FitEnsembleStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code earlyrank fit-ensemble}: the classifier ensemble over feature histories, one Spark task per run. */
@Command(name = FitEnsembleStage.NAME, mixinStandardHelpOptions = true,
        description = "Score every run with the feature-history estimators (fh-original, fh-optimized, fh-ensemble; "
                + "one Spark task per run) and add them to estimates.")
public final class FitEnsembleJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            SweepConfig cfg = common.config(Map.of());
            SparkSession spark = Jobs.session(cfg, FitEnsembleStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(FitEnsembleStage.NAME, FitEnsembleStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
