package org.earlyrank.config;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code prune-mip} stage: minimum importance pruning (MIP) of a budgeted training setting. The
 * budget space Omega is the parameters named in {@code parameters}, each with the discrete values of its
 * own list key ({@code epochs: [1, 2, 4]}); the value lists of parameters not named are ignored. The
 * full (reference) setting is the one the {@code train}, {@code space} and {@code dataset} sections
 * describe (their first value where they list several), or that of {@code reference_sweep}.
 *
 * @param architectures       size n of the architecture set G
 * @param trialsPerIteration  settings T sampled per iteration
 * @param temperature         temperature of the cost-aware sampler (Eq. 2); costs are multiples of the cheapest setting's
 * @param costLambda          lambda of the objective r_s - lambda x (mean cost / full cost)
 * @param importanceThreshold below it a pruned parameter takes its cheapest value (Eq. 9)
 * @param seed                seed of G, the sampler, the pairs' training and the forest; null = the top-level seed
 * @param referenceSweep      sweep folder whose runs give the full-training truth; null = train G here
 * @param forestTrees         trees of the random forest fitted on D
 * @param confirmArchitectures size of G', architectures outside G on which the chosen setting is confirmed; 0 = none
 * @param confidence          coverage of the confirmation's interval of r_s
 * @param parameters          the budget parameters of Omega, in order
 */
public record PruneMipOptions(int architectures, int trialsPerIteration, double temperature, double costLambda,
                              double importanceThreshold, Long seed, String referenceSweep, int forestTrees,
                              int confirmArchitectures, double confidence, List<String> parameters, List<Integer> epochs, List<Integer> batchSize,
                              List<Double> learningRate, List<Integer> cells, List<Integer> channels,
                              List<Integer> imageSize, List<Double> trainFraction) implements java.io.Serializable {
    /** Budget parameters Omega may hold: fields of a run spec that the train stage honours per run. */
    public static final List<String> PARAMETERS = List.of("epochs", "batch_size", "learning_rate", "cells", "channels",
            "image_size", "train_fraction");
    /** Omega needs at least this many parameters (the minimum). */
    public static final int MIN_PARAMETERS = 4;

    public static final Section<PruneMipOptions> SECTION = Section.of("prune-mip",
            "Minimum importance pruning (Zheng et al., CVPR 2020): the cheapest training setting whose ranking agrees with full training.",
            PruneMipOptions.class,
            Key.integer("architectures", 100, "Architectures n in the set G (sampled from the space section, or the first n ok runs of reference_sweep); the paper uses 100."),
            Key.integer("trials_per_iteration", 10, "Settings T sampled per iteration; the paper uses 10."),
            Key.real("temperature", 1.0, "Temperature of the cost-aware sampler (Eq. 2): p(value) proportional to exp(-cost / temperature), the cost of the setting with that value and every other parameter at its cheapest, in multiples of the cheapest setting's cost (at 1, epochs 1/2/4 are drawn 0.71/0.26/0.04)."),
            Key.real("cost_lambda", 0.5, "lambda of the objective r_s - lambda x mean cost / full-training cost (Eq. 1, with cost penalised)."),
            Key.real("importance_threshold", 0.1, "A pruned parameter whose importance is below this takes its cheapest value, else its value in the trial with the best r_s (Eq. 9)."),
            new Key("seed", KeyType.LONG, null, "Seed of G, the sampler, the pairs' training and the forest (default: the top-level seed)."),
            Key.string("reference_sweep", null, "Sweep folder whose runs table gives the full-training truth of G (default: train G at the full setting in this stage)."),
            Key.integer("forest_trees", 200, "Trees of the random forest fitted on D to estimate importances (Eq. 7-8)."),
            Key.integer("confirm_architectures", 0, "Architectures G' outside G on which the chosen setting is confirmed after the search (mip_confirmation: r_s on G' with an interval): sampled beside G, or the next ok runs of reference_sweep after G's; 0 = no confirmation, else at least 4."),
            Key.real("confidence", 0.95, "Coverage of the interval of the confirmation's r_s (Fisher z, Fieller's variance)."),
            Key.strings("parameters", List.of("epochs", "channels", "image_size", "train_fraction"), "The budget parameters of Omega (at least 4): epochs, batch_size, learning_rate, cells, channels, image_size, train_fraction."),
            Key.ints("epochs", List.of(1, 2, 4), "Values of the epochs parameter."),
            Key.ints("batch_size", List.of(64, 128), "Values of the batch_size parameter."),
            Key.reals("learning_rate", List.of(0.05, 0.1), "Values of the learning_rate parameter."),
            Key.ints("cells", List.of(1, 2), "Values of the cells parameter (nb201 cells per stage)."),
            Key.ints("channels", List.of(4, 8), "Values of the channels parameter (nb201 C, macro width unit)."),
            Key.ints("image_size", List.of(7, 14), "Values of the image_size parameter (pixels; must divide the dataset's native size)."),
            Key.reals("train_fraction", List.of(0.25, 0.5, 1.0), "Values of the train_fraction parameter (fraction of dataset.train_size)."));

    public PruneMipOptions {
        Check.atLeast("prune-mip.architectures", architectures, 3);
        Check.atLeast("prune-mip.trials_per_iteration", trialsPerIteration, 1);
        Check.positive("prune-mip.temperature", temperature);
        Check.atLeast("prune-mip.cost_lambda", costLambda, 0.0);
        Check.between("prune-mip.importance_threshold", importanceThreshold, 0.0, 1.0);
        Check.atLeast("prune-mip.forest_trees", forestTrees, 1);
        if (confirmArchitectures != 0 && confirmArchitectures < 4) {
            throw new IllegalArgumentException("prune-mip.confirm_architectures must be 0 (no confirmation) or at least 4 "
                    + "(an interval of r_s needs n > 3), got " + confirmArchitectures);
        }
        Check.between("prune-mip.confidence", confidence, 1e-6, 1 - 1e-6);
        Check.allOneOf("prune-mip.parameters", parameters, PARAMETERS);
        Set<String> seen = new HashSet<>();
        for (String p : parameters) {
            if (!seen.add(p)) {
                throw new IllegalArgumentException("prune-mip.parameters lists '" + p + "' twice, got " + parameters);
            }
        }
        if (parameters.size() < MIN_PARAMETERS) {
            throw new IllegalArgumentException("prune-mip.parameters must name at least " + MIN_PARAMETERS
                    + " budget parameters (of " + String.join(", ", PARAMETERS) + "), got " + parameters);
        }
        Check.allAtLeast("prune-mip.epochs", epochs, 1);
        Check.allAtLeast("prune-mip.batch_size", batchSize, 1);
        Check.allPositive("prune-mip.learning_rate", learningRate);
        Check.allAtLeast("prune-mip.cells", cells, 1);
        Check.allAtLeast("prune-mip.channels", channels, 1);
        Check.allBetween("prune-mip.image_size", imageSize, 1, 4096);
        Check.allBetween("prune-mip.train_fraction", trainFraction, 1e-6, 1.0);
        // The accessors are not usable yet inside the compact constructor: pick from the parameters.
        java.util.Map<String, List<? extends Number>> lists = java.util.Map.of("epochs", epochs, "batch_size", batchSize,
                "learning_rate", learningRate, "cells", cells, "channels", channels, "image_size", imageSize,
                "train_fraction", trainFraction);
        for (String p : parameters) {
            List<? extends Number> v = lists.get(p);
            if (v.size() < 2 || new HashSet<>(v).size() != v.size()) {
                throw new IllegalArgumentException("prune-mip." + p + " must list at least 2 distinct values for a budget "
                        + "parameter, got " + v + " (or drop '" + p + "' from prune-mip.parameters)");
            }
        }
        parameters = List.copyOf(parameters);
    }

    /** The configured values of one budget parameter, as numbers. */
    public List<? extends Number> values(String parameter) {
        return switch (parameter) {
            case "epochs" -> epochs;
            case "batch_size" -> batchSize;
            case "learning_rate" -> learningRate;
            case "cells" -> cells;
            case "channels" -> channels;
            case "image_size" -> imageSize;
            case "train_fraction" -> trainFraction;
            default -> throw new IllegalArgumentException("unknown budget parameter '" + parameter + "'; allowed: "
                    + String.join(", ", PARAMETERS));
        };
    }
}
