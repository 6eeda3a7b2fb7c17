package org.earlyrank.jobs;

import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank fit-svr}: nu-SVR learning-curve regression, early stopping and fast Hyperband. */
@Command(name = FitSvrStage.NAME, mixinStandardHelpOptions = true,
        description = "Fit nu-SVR models of final accuracy from partial learning curves (Baker et al. 2018), compare "
                + "them with OLS, random forest, the last seen value and (fit-svr.models) learning-curve extrapolation "
                + "and a Bayesian neural network, and simulate early stopping and fast Hyperband; writes svr_fits, "
                + "early_stopping and svr estimates.")
public final class FitSvrJob extends StageJob {
    public FitSvrJob() {
        super(Stages.FIT_SVR, Shorthand.value("observed_fraction", "F"), Shorthand.value("train_size", "N"),
                Shorthand.value("repeats", "R"));
    }
}
