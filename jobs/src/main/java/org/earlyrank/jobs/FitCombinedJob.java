package org.earlyrank.jobs;

import org.earlyrank.estimate.combined.FitCombinedStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank fit-combined}: the combined estimator, cross-fitted on every other estimator's scores. */
@Command(name = FitCombinedStage.NAME, mixinStandardHelpOptions = true,
        description = "Fit the combined estimator at every budget on the other estimators' scores, the budget-0 proxies "
                + "and architecture features, cross-fitted over runs with the model chosen by nested cross-validation; "
                + "write its estimates. Run it after the other estimators.")
public final class FitCombinedJob extends StageJob {
    public FitCombinedJob() {
        super(Stages.FIT_COMBINED);
    }
}
