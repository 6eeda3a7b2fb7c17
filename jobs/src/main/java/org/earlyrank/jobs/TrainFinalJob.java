package org.earlyrank.jobs;

import org.earlyrank.finaltrain.TrainFinalStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank train-final}: retrains the top runs of a sweep at final scale, data-parallel. */
@Command(name = TrainFinalStage.NAME, mixinStandardHelpOptions = true,
        description = "Retrain the top K runs of a sweep by an estimator's score at a budget, at final scale, each "
                + "data-parallel over the session's workers (dl4j-spark parameter averaging), and write final_runs.")
public final class TrainFinalJob extends StageJob {
    public TrainFinalJob() {
        super(Stages.TRAIN_FINAL, Shorthand.value("estimator", "NAME"), Shorthand.value("budget", "EPOCHS"),
                Shorthand.value("top_k", "K"));
    }
}
