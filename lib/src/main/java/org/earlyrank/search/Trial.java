package org.earlyrank.search;

/**
 * One configuration in one round of a search repeat: what became a {@code search_trials} row.
 *
 * @param bracket         Li et al.'s bracket s (0 for random search)
 * @param rung            the round i within the bracket (0 for random search)
 * @param runId           the configuration
 * @param budgetEpoch     the epochs it had reached when scored
 * @param score           the score the decision ranked it by (-infinity when it had none)
 * @param scoreSource     the estimator that gave the score, or val-acc where the decision fell back
 * @param promoted        went on to the next round; in a bracket's last round (and in random search): it was
 *                        that round's best
 * @param trainSeconds    training charged for this round (epochs after the last one it had reached)
 * @param estimateSeconds the estimator's cost for this score
 */
public record Trial(int bracket, int rung, String runId, int budgetEpoch, double score, String scoreSource,
                    boolean promoted, double trainSeconds, double estimateSeconds) {
    /** Training plus estimation. */
    public double computeSeconds() {
        return trainSeconds + estimateSeconds;
    }
}
