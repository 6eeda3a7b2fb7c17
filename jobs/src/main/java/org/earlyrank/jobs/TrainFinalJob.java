package org.earlyrank.jobs;

import org.earlyrank.finaltrain.TrainFinalStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank train-final}: retrains the top runs of a sweep at final scale, data-parallel. */
@Command(name = TrainFinalStage.NAME, mixinStandardHelpOptions = true,
        description = "Retrain the top K runs of a sweep by an estimator's score at a budget, at final scale, each "
                + "data-parallel over the session's workers (dl4j-spark parameter averaging), and write final_runs.")
public final class TrainFinalJob extends StageJob {
    @Option(names = "--estimator", paramLabel = "NAME",
            description = "Estimator(s) whose top K are retrained, comma-separated, or auto (train-final.estimator).")
    String estimator;

    @Option(names = "--budget", paramLabel = "EPOCHS",
            description = "Budget epoch the scores are read at, or auto (train-final.budget).")
    String budget;

    @Option(names = "--top-k", paramLabel = "K", description = "Winners per estimator (train-final.top_k).")
    Integer topK;

    public TrainFinalJob() {
        super(Stages.TRAIN_FINAL);
    }
}
