package org.earlyrank.jobs;

import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank fit-svr}: nu-SVR learning-curve regression, early stopping and fast Hyperband. */
@Command(name = FitSvrStage.NAME, mixinStandardHelpOptions = true,
        description = "Fit nu-SVR models of final accuracy from partial learning curves (Baker et al. 2018), compare "
                + "them with OLS, random forest, the last seen value and (fit-svr.models) learning-curve extrapolation "
                + "and a Bayesian neural network, and simulate early stopping and fast Hyperband; writes svr_fits, "
                + "early_stopping and svr estimates.")
public final class FitSvrJob extends StageJob {
    @Option(names = "--observed-fraction", paramLabel = "F",
            description = "Only tau = round(F * T) epochs (fit-svr.observed_fraction); default every tau < T.")
    String observedFraction;

    @Option(names = "--train-size", paramLabel = "N", description = "Training configurations per model (fit-svr.train_size, default 100).")
    String trainSize;

    @Option(names = "--repeats", paramLabel = "R", description = "Random splits averaged (fit-svr.repeats, default 10).")
    String repeats;

    public FitSvrJob() {
        super(Stages.FIT_SVR);
    }
}
