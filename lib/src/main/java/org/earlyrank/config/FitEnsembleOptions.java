package org.earlyrank.config;

/**
 * The {@code fit-ensemble} stage: the classifier ensemble over feature histories (Cao, 2021, Algorithm 1;
 * optimiser settings of its Appendix A.1 as defaults).
 */
public record FitEnsembleOptions(int window, int every, int epochs, double learningRate, double momentum,
                                 double weightDecay, int batchSize, long seed) implements java.io.Serializable {
    public static final Section<FitEnsembleOptions> SECTION = Section.of("fit-ensemble",
            "Classifier ensemble over feature histories: re-optimise each epoch's head on that epoch's stored "
                    + "training features and average the last K heads' validation predictions.",
            FitEnsembleOptions.class,
            Key.integer("window", 10, "K: heads of the last K epochs (t-K+1..t, clipped at epoch 1) form the ensemble at budget t."),
            Key.integer("every", 1, "Budgets scored: every this many epochs (every, 2*every, ... up to the run's last epoch)."),
            Key.integer("epochs", 5, "Passes of SGD over an epoch's training features per head; 0 = use the stored heads unchanged."),
            Key.real("learning_rate", 0.05, "Initial learning rate of the head optimisation, decaying linearly to zero over its steps."),
            Key.real("momentum", 0.9, "SGD momentum (heavy ball, as PyTorch's SGD); 0 = plain SGD."),
            Key.real("weight_decay", 5e-4, "L2 weight decay added to the gradient of weights and bias."),
            Key.integer("batch_size", 1024, "Minibatch size of the head optimisation."),
            Key.longInt("seed", 0L, "Seed of the shuffling (mixed with the run id and the epoch, so each head's fit is reproducible on its own)."));

    public FitEnsembleOptions {
        Check.atLeast("fit-ensemble.window", window, 1);
        Check.atLeast("fit-ensemble.every", every, 1);
        Check.atLeast("fit-ensemble.epochs", epochs, 0);
        Check.positive("fit-ensemble.learning_rate", learningRate);
        Check.between("fit-ensemble.momentum", momentum, 0, 0.999);
        Check.atLeast("fit-ensemble.weight_decay", weightDecay, 0);
        Check.atLeast("fit-ensemble.batch_size", batchSize, 1);
    }
}
