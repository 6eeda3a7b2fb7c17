package org.earlyrank.config;

import java.util.List;

/**
 * The {@code train-final} stage: which runs win (estimator, budget, top K) and the scale they are retrained
 * at, data-parallel with Deeplearning4j's Spark module. A size knob set to 0 keeps the winner's own value
 * from the sweep, so the defaults give "the same cell, wider, on more data, for longer", the way
 * NAS-Bench-201's final evaluations retrain a searched cell at a larger scale.
 *
 * @param estimator          estimator names whose top K are retrained, or {@code auto}
 * @param budget             budget epoch the estimators score at, or {@code auto}
 * @param budgetFraction     cap and fallback of {@code auto} budgets, as a fraction of the sweep's epochs
 * @param topK               winners per estimator
 * @param channels           final-scale channels (nb201 C; macro width unit); 0 = the run's
 * @param cells              final-scale cells per stage (nb201); 0 = the run's
 * @param epochs             final-scale epochs; 0 = the run's planned epochs
 * @param trainSize          training images of the final training; 0 = every image the validation split leaves
 * @param batchSize          global minibatch, split across the workers; 0 = the run's
 * @param learningRate       initial learning rate; 0 = the run's
 * @param workers            data-parallel workers; 0 = every task slot of the session
 * @param averagingFrequency minibatches each worker trains between two parameter averagings
 * @param onednn             attach the native layer helpers to every worker's network (CPU backend)
 */
public record TrainFinalOptions(List<String> estimator, String budget, double budgetFraction, int topK, int channels,
                                int cells, int epochs, int trainSize, int batchSize, double learningRate, int workers,
                                int averagingFrequency, boolean onednn) implements java.io.Serializable {
    /** The value of {@code estimator} and {@code budget} that lets the report (or the fallback) choose. */
    public static final String AUTO = "auto";
    /** The estimator {@code auto} falls back to when no rank_correlation table says better. */
    public static final String FALLBACK_ESTIMATOR = "val-acc";

    public static final Section<TrainFinalOptions> SECTION = Section.of("train-final",
            "Final training of the winners: the top K runs by an estimator, retrained at a larger scale, "
                    + "data-parallel across executors with Deeplearning4j's Spark module (parameter averaging).",
            TrainFinalOptions.class,
            Key.strings("estimator", List.of(AUTO), "Estimators whose top K runs are retrained (estimates.estimator), "
                    + "or auto: the estimator that ranks best in the report's rank_correlation table (highest Kendall tau "
                    + "at a budget <= budget_fraction of the sweep's epochs), else val-acc."),
            Key.string("budget", AUTO, "Budget epoch the estimators' scores are read at, or auto: the budget at which "
                    + "the estimator ranks best in rank_correlation (<= budget_fraction of the sweep's epochs), else "
                    + "round(budget_fraction x epochs)."),
            Key.real("budget_fraction", 0.25, "Fraction of the sweep's epochs that caps (and, without rank_correlation, "
                    + "sets) an auto budget: the full budget would always rank best, and would save nothing."),
            Key.integer("top_k", 2, "Winners per estimator: the K runs with the highest score."),
            Key.integer("channels", 16, "Channels of the final network (nb201: C of the first stage; macro: width unit); "
                    + "0 = the run's."),
            Key.integer("cells", 0, "Cells per stage of the final network (nb201); 0 = the run's."),
            Key.integer("epochs", 12, "Epochs of the final training; 0 = the run's planned epochs."),
            Key.integer("train_size", 5000, "Training images of the final training (the sweep's validation and test "
                    + "splits are kept, so its images are a superset of the sweep's); 0 = all the validation split leaves."),
            Key.integer("batch_size", 0, "Global minibatch: each worker trains batch_size / workers images per step, "
                    + "so the optimisation does not change with the number of workers; 0 = the run's."),
            Key.real("learning_rate", 0.0, "Initial learning rate; 0 = the run's (schedule, momentum and weight decay "
                    + "are always the run's)."),
            Key.integer("workers", 0, "Data-parallel workers (Spark tasks training one network together); 0 = every "
                    + "task slot of the session (local[N]: N)."),
            Key.integer("averaging_frequency", 5, "Minibatches each worker trains between two parameter averagings "
                    + "(DL4J's default; 1 = synchronous SGD with W x batch_size images per step, at the highest overhead)."),
            Key.bool("onednn", true, "Attach the native layer helpers (as train.onednn) to every worker's "
                    + "network (CPU backend; DL4J 1.0.0-M2.1 leaves them off)."));

    public TrainFinalOptions {
        Check.nonEmpty("train-final.estimator", estimator);
        estimator = List.copyOf(estimator);
        for (String e : estimator) {
            if (e.isBlank()) {
                throw new IllegalArgumentException("train-final.estimator names must not be blank, got " + estimator);
            }
        }
        if (estimator.contains(AUTO) && estimator.size() > 1) {
            throw new IllegalArgumentException("train-final.estimator is either auto or a list of estimator names, got "
                    + estimator);
        }
        if (estimator.size() != estimator.stream().distinct().count()) {
            throw new IllegalArgumentException("train-final.estimator lists a name twice: " + estimator);
        }
        if (!AUTO.equals(budget)) {
            int b;
            try {
                b = Integer.parseInt(budget.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("train-final.budget must be auto or an epoch >= 1, got '" + budget + "'");
            }
            Check.atLeast("train-final.budget", b, 1);
            budget = String.valueOf(b);
        }
        Check.between("train-final.budget_fraction", budgetFraction, 1e-6, 1);
        Check.atLeast("train-final.top_k", topK, 1);
        Check.atLeast("train-final.channels", channels, 0);
        Check.atLeast("train-final.cells", cells, 0);
        Check.atLeast("train-final.epochs", epochs, 0);
        Check.atLeast("train-final.train_size", trainSize, 0);
        Check.atLeast("train-final.batch_size", batchSize, 0);
        Check.atLeast("train-final.learning_rate", learningRate, 0.0);
        Check.atLeast("train-final.workers", workers, 0);
        Check.atLeast("train-final.averaging_frequency", averagingFrequency, 1);
    }

    /** True when the estimators are to be chosen from the report (or the fallback). */
    public boolean autoEstimator() {
        return estimator.equals(List.of(AUTO));
    }

    /** The fixed budget epoch, or null for auto. */
    public Integer fixedBudget() {
        return AUTO.equals(budget) ? null : Integer.valueOf(budget);
    }
}
