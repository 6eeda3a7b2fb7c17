package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainFinalOptions;
import org.earlyrank.finaltrain.TrainFinalStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earlyrank train-final}: retrains the top runs of a sweep at final scale, data-parallel. */
@Command(name = TrainFinalStage.NAME, mixinStandardHelpOptions = true,
        description = "Retrain the top K runs of a sweep by an estimator's score at a budget, at final scale, each "
                + "data-parallel over the session's workers (dl4j-spark parameter averaging), and write final_runs.")
public final class TrainFinalJob implements Callable<Integer> {
    private static final String SECTION = TrainFinalOptions.SECTION.name() + ".";

    @Mixin
    CommonOptions common;

    @Option(names = "--estimator", paramLabel = "NAME",
            description = "Estimator(s) whose top K are retrained, comma-separated, or auto (train-final.estimator).")
    String estimator;

    @Option(names = "--budget", paramLabel = "EPOCHS",
            description = "Budget epoch the scores are read at, or auto (train-final.budget).")
    String budget;

    @Option(names = "--top-k", paramLabel = "K", description = "Winners per estimator (train-final.top_k).")
    Integer topK;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            Map<String, String> extra = new LinkedHashMap<>();
            if (estimator != null) {
                extra.put(SECTION + "estimator", estimator);
            }
            if (budget != null) {
                extra.put(SECTION + "budget", budget);
            }
            if (topK != null) {
                extra.put(SECTION + "top_k", String.valueOf(topK));
            }
            SweepConfig cfg = common.config(extra);
            SparkSession spark = Jobs.session(cfg, TrainFinalStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(TrainFinalStage.NAME, TrainFinalStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
