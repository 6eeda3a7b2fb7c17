package org.earlyrank.config;

import java.util.List;

/**
 * The {@code score-zc} stage: which zero-cost proxies to compute on each trained run's initial network and
 * from how many of its first training minibatches (Abdelfattah et al., ICLR 2021). The proxies themselves
 * are described in {@code org.earlyrank.estimate.zc}.
 *
 * @param estimators  proxy names to compute ({@link #ALL}: every one); checked against the estimator
 *                    registry by the score-zc stage
 * @param minibatches the run's first minibatches of epoch 1, in its training order, concatenated into the
 *                    batch the data-reading proxies see (Abdelfattah et al. use one)
 */
public record ScoreZcOptions(List<String> estimators, int minibatches) implements java.io.Serializable {
    /** The value of {@code estimators} that asks for every proxy. */
    public static final String ALL = "all";

    public static final Section<ScoreZcOptions> SECTION = Section.of("score-zc",
            "Zero-cost proxies (Abdelfattah et al., ICLR 2021; Mellor et al. 2021) of every trained run at budget 0: "
                    + "computed on the run's initial network, rebuilt from its seed, and its first training minibatches.",
            ScoreZcOptions.class,
            Key.strings("estimators", List.of(ALL), "Proxies to compute, by name (the zc family's, listed under Estimators below), or all. zc-grasp is the costly one (three double-precision passes; about a third of an epoch on the default sweep)."),
            Key.integer("minibatches", 1, "How many of the run's first training minibatches (epoch 1, in its training order) the data-reading proxies see, concatenated; the paper's 1."));

    public ScoreZcOptions {
        Check.nonEmpty("score-zc.estimators", estimators);
        if (estimators.contains(ALL) && estimators.size() > 1) {
            throw new IllegalArgumentException("score-zc.estimators is either all or a list of proxy names, got "
                    + estimators);
        }
        if (estimators.size() != estimators.stream().distinct().count()) {
            throw new IllegalArgumentException("score-zc.estimators lists a name twice: " + estimators);
        }
        estimators = List.copyOf(estimators);
        Check.atLeast("score-zc.minibatches", minibatches, 1);
    }
}
