package org.earlyrank.config;

import java.util.List;

/**
 * The search space runs are sampled from. Architecture knobs given as lists are sampled per run.
 */
public record SpaceOptions(String type, int runs, List<Integer> cells, List<Integer> channels, List<String> ops,
                           int minLayers, int maxLayers, List<Integer> kernels, List<Integer> widths,
                           double poolProbability, List<String> include, int seeds) implements java.io.Serializable {
    public static final List<String> TYPES = List.of("nb201", "macro");
    public static final List<String> NB201_OPS = List.of("none", "skip_connect", "conv_1x1", "conv_3x3", "avg_pool_3x3");

    public static final Section<SpaceOptions> SECTION = Section.of("space",
            "The search space and how many runs to sample from it.",
            SpaceOptions.class,
            Key.string("type", "nb201", "nb201 (NAS-Bench-201-style cells) or macro (plain conv stacks, MetaQNN style)."),
            Key.integer("runs", 32, "Runs to sample; architectures are distinct."),
            Key.ints("cells", List.of(1), "nb201: cells per stage (3 stages)."),
            Key.ints("channels", List.of(8), "nb201: channels C of the first stage (2C, 4C after the reductions); macro: width unit."),
            Key.strings("ops", NB201_OPS, "nb201: operations an edge may carry."),
            Key.integer("min_layers", 2, "macro: fewest conv layers."),
            Key.integer("max_layers", 5, "macro: most conv layers."),
            Key.ints("kernels", List.of(1, 3, 5), "macro: kernel sizes a layer may use."),
            Key.ints("widths", List.of(1, 2, 4), "macro: channel multiples of the width unit a layer may use."),
            Key.real("pool_probability", 0.35, "macro: chance of a 2x2 max-pool after a layer (at most 2 per network)."),
            Key.strings("include", List.of(), "Architecture strings always included (first), e.g. a known cell to compare against."),
            Key.integer("seeds", 1, "Trainings per sampled architecture, each with its own seed (initialisation and data order) and the same hyperparameters: runs x seeds runs in all. They share arch_id; run ids are r007, r007-s1, r007-s2, ... Two or more let the report measure the seed-to-seed noise ceiling."));

    public SpaceOptions {
        Check.oneOf("space.type", type, TYPES);
        Check.atLeast("space.runs", runs, 1);
        Check.atLeast("space.seeds", seeds, 1);
        Check.allAtLeast("space.cells", cells, 1);
        Check.allAtLeast("space.channels", channels, 1);
        Check.allOneOf("space.ops", ops, NB201_OPS);
        Check.atLeast("space.min_layers", minLayers, 1);
        Check.atLeast("space.max_layers", maxLayers, minLayers);
        Check.allOneOf("space.kernels", kernels.stream().map(String::valueOf).toList(), List.of("1", "3", "5", "7"));
        Check.allAtLeast("space.widths", widths, 1);
        Check.between("space.pool_probability", poolProbability, 0, 1);
        if (include == null) {
            throw new IllegalArgumentException("space.include must be a list");
        }
    }

    /** The same space trained with one seed per architecture. */
    public SpaceOptions(String type, int runs, List<Integer> cells, List<Integer> channels, List<String> ops,
                        int minLayers, int maxLayers, List<Integer> kernels, List<Integer> widths,
                        double poolProbability, List<String> include) {
        this(type, runs, cells, channels, ops, minLayers, maxLayers, kernels, widths, poolProbability, include, 1);
    }
}
