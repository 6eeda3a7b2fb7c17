package org.earlyrank.config;

import java.util.List;

/**
 * How each run trains and what it records. Hyperparameters given as lists are sampled per run.
 */
public record TrainOptions(int epochs, List<Integer> batchSize, List<Double> learningRate, double momentum,
                           List<Double> weightDecay, List<String> schedule,
                           List<Double> trainFraction, int maxRunSeconds, int trainFeatures, boolean valFeatures,
                           int checkpointEvery, int evalBatchSize, boolean onednn, double divergenceLoss) implements java.io.Serializable {
    public static final List<String> SCHEDULES = List.of("linear", "cosine", "constant");

    public static final Section<TrainOptions> SECTION = Section.of("train",
            "Training of each run (SGD with momentum and weight decay) and what it records.",
            TrainOptions.class,
            Key.integer("epochs", 12, "Epochs of the full budget."),
            Key.ints("batch_size", List.of(128), "Minibatch size."),
            Key.reals("learning_rate", List.of(0.1), "Initial learning rate."),
            Key.real("momentum", 0.9, "SGD momentum (Nesterov, DL4J's only momentum updater); 0 = plain SGD."),
            Key.reals("weight_decay", List.of(5e-4), "L2 weight decay (added to the gradient, as SGD weight decay)."),
            Key.strings("schedule", List.of("linear"), "linear (decays to zero at the last step, as in the feature-history thesis), cosine, or constant."),
            Key.reals("train_fraction", List.of(1.0), "Fraction of the training subset each run trains on (a budget knob)."),
            Key.integer("max_run_seconds", 3600, "Wall-clock limit per run; a run over it is recorded as failed."),
            Key.integer("train_features", -1, "Training-set features recorded per epoch: -1 = every training sample, 0 = none, N = a seeded subset of N (a deviation from the thesis for large datasets)."),
            Key.bool("val_features", true, "Record validation-set features every epoch."),
            Key.integer("checkpoint_every", 1, "Checkpoint model and rows every N epochs so a retried task resumes; 0 = never."),
            Key.integer("eval_batch_size", 500, "Batch size of the evaluation passes."),
            Key.bool("onednn", true, "Use DL4J's native oneDNN convolution, pooling and batch-norm helpers on CPU (about 7x faster than its Java path)."),
            Key.real("divergence_loss", 1e4, "A minibatch loss above this (or NaN, infinite) marks the run diverged."));

    public TrainOptions {
        Check.atLeast("train.epochs", epochs, 1);
        Check.allAtLeast("train.batch_size", batchSize, 1);
        Check.allPositive("train.learning_rate", learningRate);
        Check.between("train.momentum", momentum, 0, 0.999);
        Check.allAtLeast("train.weight_decay", weightDecay, 0);
        Check.allOneOf("train.schedule", schedule, SCHEDULES);
        Check.allBetween("train.train_fraction", trainFraction, 1e-6, 1);
        Check.atLeast("train.max_run_seconds", maxRunSeconds, 1);
        Check.atLeast("train.train_features", trainFeatures, -1);
        Check.atLeast("train.checkpoint_every", checkpointEvery, 0);
        Check.atLeast("train.eval_batch_size", evalBatchSize, 1);
        Check.positive("train.divergence_loss", divergenceLoss);
    }
}
