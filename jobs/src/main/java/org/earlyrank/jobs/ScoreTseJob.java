package org.earlyrank.jobs;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.tse.ScoreTseStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code earlyrank score-tse}: training-speed estimators and baselines for every run and budget. */
@Command(name = ScoreTseStage.NAME, mixinStandardHelpOptions = true,
        description = "Score every run of a sweep at every budget with TSE, TSE-E, TSE-EMA and the baselines "
                + "(val-acc, sovl, tl-mini); write estimates and record the effective budget in options.json.")
public final class ScoreTseJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            SweepConfig cfg = common.config(Map.of());
            SparkSession spark = Jobs.session(cfg, ScoreTseStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(ScoreTseStage.NAME, ScoreTseStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
