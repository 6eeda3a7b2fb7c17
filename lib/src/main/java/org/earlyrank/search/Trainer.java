package org.earlyrank.search;

import java.util.List;
import java.util.Map;

/**
 * Brings configurations to a budget for a search. A configuration resumes from the epoch it has reached
 * (Hyperband's promoted configurations continue, they are not retrained, Li et al. 2017, Section 3), so
 * training to budget b costs the epochs after the last one it reached. Replay charges the epochs' measured
 * seconds ({@link ReplayTrainer}); a live search trains them (one job per call: a rung's configurations
 * train together).
 *
 * <p>One trainer per search repeat; not thread-safe.
 */
public interface Trainer {
    /**
     * Trains each configuration from the epoch it reached to {@code budgetEpoch}.
     *
     * @return the seconds each configuration's training took, in the order given
     * @throws IllegalStateException when a configuration already went past {@code budgetEpoch}
     */
    double[] train(List<String> runIds, int budgetEpoch);

    /** Epochs each configuration trained so far has reached (read-only view). */
    Map<String, Integer> reached();
}
