package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earlyrank fit-svr}: nu-SVR learning-curve regression, early stopping and fast Hyperband. */
@Command(name = FitSvrStage.NAME, mixinStandardHelpOptions = true,
        description = "Fit nu-SVR models of final accuracy from partial learning curves (Baker et al. 2018), compare "
                + "them with OLS, random forest, the last seen value and (fit-svr.models) learning-curve extrapolation "
                + "and a Bayesian neural network, and simulate early stopping and fast Hyperband; writes svr_fits, "
                + "early_stopping and svr estimates.")
public final class FitSvrJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--observed-fraction", paramLabel = "F",
            description = "Only tau = round(F * T) epochs (fit-svr.observed_fraction); default every tau < T.")
    String observedFraction;

    @Option(names = "--train-size", paramLabel = "N", description = "Training configurations per model (fit-svr.train_size, default 100).")
    String trainSize;

    @Option(names = "--repeats", paramLabel = "R", description = "Random splits averaged (fit-svr.repeats, default 10).")
    String repeats;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            Map<String, String> extra = new LinkedHashMap<>();
            put(extra, "fit-svr.observed_fraction", observedFraction);
            put(extra, "fit-svr.train_size", trainSize);
            put(extra, "fit-svr.repeats", repeats);
            SweepConfig cfg = common.config(extra);
            SparkSession spark = Jobs.session(cfg, FitSvrStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(FitSvrStage.NAME, FitSvrStage.execute(spark, cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
