package org.earlyrank.spark;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.ensemble.FitEnsembleStage;
import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.estimate.tse.ScoreTseStage;
import org.earlyrank.report.ReportStage;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.TrainStage;

/**
 * {@code sweep}: every stage in order on one sweep folder. Each stage resumes on its own, so re-running a
 * killed sweep continues where it stopped.
 */
public final class SweepPipeline {
    private SweepPipeline() {
    }

    /** Runs train, then every estimator stage, then the report; returns each stage's summary. */
    public static Map<String, Object> run(SparkSession spark, SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        Map<String, Object> summaries = new LinkedHashMap<>();
        summaries.put(TrainStage.NAME, TrainStage.execute(spark, cfg, sweep, overwrite));
        summaries.put(ScoreTseStage.NAME, ScoreTseStage.execute(spark, cfg, sweep, overwrite));
        summaries.put(FitEnsembleStage.NAME, FitEnsembleStage.execute(spark, cfg, sweep, overwrite));
        summaries.put(FitSvrStage.NAME, FitSvrStage.execute(spark, cfg, sweep, overwrite));
        summaries.put(ReportStage.NAME, ReportStage.execute(spark, cfg, sweep, overwrite));
        return summaries;
    }
}
