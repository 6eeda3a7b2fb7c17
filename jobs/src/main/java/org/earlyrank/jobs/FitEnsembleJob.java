package org.earlyrank.jobs;

import org.earlyrank.estimate.ensemble.FitEnsembleStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank fit-ensemble}: the classifier ensemble over feature histories, one Spark task per run. */
@Command(name = FitEnsembleStage.NAME, mixinStandardHelpOptions = true,
        description = "Score every run with the feature-history estimators (fh-original, fh-optimized, fh-ensemble; "
                + "one Spark task per run) and add them to estimates.")
public final class FitEnsembleJob extends StageJob {
    public FitEnsembleJob() {
        super(Stages.FIT_ENSEMBLE);
    }
}
