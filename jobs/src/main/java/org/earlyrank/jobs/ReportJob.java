package org.earlyrank.jobs;

import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.report.ReportStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code earlyrank report --sweep DIR}: rank correlation of every estimator at every budget, and the
 * report page. The work runs on the driver (small tables); the session supplies the Hadoop configuration
 * (spark.hadoop.* settings, object-store credentials) the sweep folder is read with.
 */
@Command(name = ReportStage.NAME, mixinStandardHelpOptions = true,
        description = "Rank every estimator in estimates against the truth at every budget (Kendall tau-b with a "
                + "bootstrap interval, Spearman, Pearson, precision@k, regret); write rank_correlation, "
                + "report/index.html and report/summary.md, and print the summary.")
public final class ReportJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            SweepConfig cfg = common.config(Map.of());
            SparkSession spark = Jobs.session(cfg, ReportStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(ReportStage.NAME, ReportStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("report: " + new org.apache.hadoop.fs.Path(sweep.reportDir(), ReportStage.PAGE));
            return 0;
        });
    }
}
