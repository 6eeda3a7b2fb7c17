package org.earlyrank.jobs;

import org.earlyrank.pipeline.Stages;
import org.earlyrank.train.TrainStage;

import picocli.CommandLine.Command;

/** {@code earlyrank train}: trains the sweep's runs, one Spark task per run. */
@Command(name = TrainStage.NAME, mixinStandardHelpOptions = true,
        description = "Train every run of the sweep (one Spark task per run) and write runs, curves, steps, features, heads.")
public final class TrainJob extends StageJob {
    public TrainJob() {
        super(Stages.TRAIN);
    }
}
