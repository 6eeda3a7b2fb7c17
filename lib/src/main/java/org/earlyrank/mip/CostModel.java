package org.earlyrank.mip;

/**
 * A model of what training under a setting costs, in any unit: the sampler of Eq. 2 and the cheapest-value
 * rule of Eq. 9 use only ratios between settings. Implementations must be deterministic.
 */
@FunctionalInterface
public interface CostModel {
    /** Modelled cost (&gt; 0) of training the architecture set under one complete setting. */
    double cost(TrainingSetting setting);
}
