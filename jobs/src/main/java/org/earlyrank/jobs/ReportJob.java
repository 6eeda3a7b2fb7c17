package org.earlyrank.jobs;

import org.apache.hadoop.fs.Path;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;

/**
 * {@code earlyrank report --sweep DIR}: rank correlation of every estimator at every budget, and the
 * report page. The work runs on the driver (small tables); the session supplies the Hadoop configuration
 * (spark.hadoop.* settings, object-store credentials) the sweep folder is read with.
 */
@Command(name = ReportStage.NAME, mixinStandardHelpOptions = true,
        description = "Rank every estimator in estimates against the truth at every budget (Kendall tau-b with a "
                + "bootstrap interval, Spearman, Pearson, precision@k, regret); write rank_correlation, "
                + "report/index.html and report/summary.md, and print the summary.")
public final class ReportJob extends StageJob {
    public ReportJob() {
        super(Stages.REPORT);
    }

    @Override
    String result(SweepFolder sweep) {
        return "report: " + new Path(sweep.reportDir(), ReportStage.PAGE);
    }
}
