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
            "Training of each run and what it records. The recipe is what these keys mean in PyTorch, checked by "
                    + "bin/bench against a PyTorch peer (BENCHMARKS.md, training parity): the equivalent of "
                    + "`SGD(net.parameters(), lr=learning_rate, momentum=momentum, nesterov=True, weight_decay=weight_decay)` "
                    + "with the learning rate set every minibatch step, cross-entropy loss, and PyTorch's default "
                    + "initialisation and batch norm: conv and linear weights uniform on +-1/sqrt(fan_in), batch-norm "
                    + "scale 1 and shift 0, momentum 0.1 (DL4J decay 0.9), eps 1e-5, running statistics at evaluation "
                    + "(DL4J's running variance is the biased one; PyTorch keeps the unbiased, a factor m/(m-1) with m "
                    + "the values per channel of a minibatch). One difference: the head's bias starts at 0 (PyTorch: "
                    + "uniform on +-1/sqrt(fan_in)).",
            TrainOptions.class,
            Key.integer("epochs", 12, "Epochs of the full budget: passes over the run's training images, each in a fresh seeded order."),
            Key.ints("batch_size", List.of(128), "Minibatch size; the last minibatch of an epoch is the remainder (PyTorch's DataLoader with shuffle=True, drop_last=False), so an epoch is ceil(images / batch_size) steps."),
            Key.reals("learning_rate", List.of(0.1), "Initial learning rate: PyTorch SGD's lr at step 0, before the schedule."),
            Key.real("momentum", 0.9, "Nesterov momentum, PyTorch's SGD(momentum, nesterov=True): buf = momentum * buf + g; p -= lr_t * (g + momentum * buf). Not DL4J's Nesterovs, which keeps the learning rate inside its velocity and so differs while the rate decays. 0 = plain SGD."),
            Key.reals("weight_decay", List.of(5e-4), "PyTorch SGD's weight_decay: weight_decay * p is added to the gradient of every parameter (conv and linear weights, the head's bias, batch-norm scale and shift; not the running statistics) before the momentum step, so it is scaled by the learning rate and carried by momentum (coupled L2, not AdamW's decoupled decay). DL4J's l2 with the same coefficient, extended to batch norm and biases; not DL4J's weightDecay."),
            Key.strings("schedule", List.of("linear"), "The learning rate at minibatch step t of T = epochs x steps per epoch, set every step (PyTorch: LambdaLR stepped after each minibatch): linear = lr (1 - t / T), reaching 0 after the last step (as in the feature-history thesis); cosine = lr (1 + cos(pi t / T)) / 2; constant = lr."),
            Key.reals("train_fraction", List.of(1.0), "Fraction of the training subset each run trains on (a budget knob): the first round(fraction x train_size) images of the seeded split."),
            Key.integer("max_run_seconds", 3600, "Wall-clock limit per run; a run over it is recorded as failed."),
            Key.integer("train_features", -1, "Training-set features recorded per epoch: -1 = every training sample, 0 = none, N = a seeded subset of N (a deviation from the thesis for large datasets)."),
            Key.bool("val_features", true, "Record validation-set features every epoch."),
            Key.integer("checkpoint_every", 1, "Checkpoint model and rows every N epochs so a retried task resumes; 0 = never."),
            Key.integer("eval_batch_size", 500, "Batch size of the evaluation passes (inference mode: batch norm uses its running statistics; does not change any result)."),
            Key.bool("onednn", true, "Attach the native layer helpers on CPU: oneDNN convolutions called directly (primitives built once per layer and shape), DL4J's oneDNN max pooling, EarlyRank's Java-loop batch norm and average pooling (about 7x faster than DL4J's Java path)."),
            Key.real("divergence_loss", 1e4, "A minibatch loss (cross-entropy from the logits, never clipped) above this, NaN or infinite marks the run diverged."));

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

    /** The same recipe trained for {@code e} epochs (the benches time short runs of the configured recipe). */
    public TrainOptions withEpochs(int e) {
        return new TrainOptions(e, batchSize, learningRate, momentum, weightDecay, schedule, trainFraction, maxRunSeconds,
                trainFeatures, valFeatures, checkpointEvery, evalBatchSize, onednn, divergenceLoss);
    }
}
