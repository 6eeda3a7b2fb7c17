package org.earlyrank.mip;

import java.util.List;

/**
 * Scores budget settings: trains (or otherwise evaluates) the architecture set G under each setting and
 * returns r_s = Spearman(R_b, R_f) with the mean training cost. The MIP loop hands over all settings of an
 * iteration at once, so a training evaluator can fan out every (architecture, setting) pair together.
 * Tests plug in a synthetic evaluator.
 */
@FunctionalInterface
public interface TrialEvaluator {
    /**
     * @param iteration 1-based MIP iteration (the final setting's evaluation comes last)
     * @param settings  the settings to score; may repeat a setting
     * @return one score per setting, in order
     */
    List<TrialScore> evaluate(int iteration, List<BudgetSetting> settings);

    /**
     * The score of one setting.
     *
     * @param spearman        r_s in [-1, 1]; 0 when undefined
     * @param defined         false when r_s is undefined (R_b constant, or fewer than 3 architectures scored)
     * @param meanCostSeconds mean training seconds per architecture under the setting; null if none trained
     * @param archs           architectures whose ranks entered r_s
     * @param spearmanTest    Spearman(R_b, full training's final test ranking): reported beside r_s, never
     *                        optimised (Eq. 1's R_f is validation performance); null when undefined or unknown
     */
    record TrialScore(double spearman, boolean defined, Double meanCostSeconds, int archs, Double spearmanTest) {
        public TrialScore {
            if (!(spearman >= -1 && spearman <= 1)) {
                throw new IllegalArgumentException("spearman must be in [-1, 1], got " + spearman);
            }
        }

        /** A score without the test-ranking figure (evaluators that know no test accuracy). */
        public TrialScore(double spearman, boolean defined, Double meanCostSeconds, int archs) {
            this(spearman, defined, meanCostSeconds, archs, null);
        }
    }
}
