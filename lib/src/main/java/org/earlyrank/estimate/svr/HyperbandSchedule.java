package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;

/**
 * Hyperband's brackets for a maximum budget R (epochs) and halving rate eta (Li, Jamieson, DeSalvo,
 * Rostamizadeh and Talwalkar, "Hyperband: a novel bandit-based approach to hyperparameter optimization",
 * JMLR 18, 2018, Algorithm 1; the same loops open Baker et al. 2018, Appendix C, Algorithm 1).
 *
 * <p>s_max = floor(log_eta R), B = (s_max + 1) R. Bracket s = s_max..0 draws n = ceil(B / R x eta^s / (s + 1))
 * configurations and runs successive halving: round i = 0..s trains n_i = floor(n eta^-i) configurations
 * to r_i = R eta^(i - s) epochs and keeps the best n_next = floor(n_i / eta) of them (1 in the last round:
 * the bracket's winner). Budgets are whole epochs: r_i is rounded half up, at least 1 and at most R.
 */
public final class HyperbandSchedule {
    /**
     * One round of successive halving: one call of Algorithm 2 ({@code run_then_return_validation_loss}).
     *
     * @param configurations n_i, the configurations trained in the round
     * @param budget         r_i, the epochs each is trained to (its rung)
     * @param next           n_next, how many the round keeps (1 in a bracket's last round)
     */
    public record Round(int configurations, int budget, int next) {
    }

    private HyperbandSchedule() {
    }

    /** s_max = floor(log_eta R). */
    public static int sMax(int maxBudget, int eta) {
        if (maxBudget < 1 || eta < 2) {
            throw new IllegalArgumentException("Hyperband needs R >= 1 and eta >= 2, got R = " + maxBudget + ", eta = " + eta);
        }
        return (int) Math.floor(Math.log(maxBudget) / Math.log(eta) + 1e-9);
    }

    /** The brackets s = s_max..0, each its rounds in order. */
    public static List<List<Round>> brackets(int maxBudget, int eta) {
        int sMax = sMax(maxBudget, eta);
        List<List<Round>> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            int n = (int) Math.ceil((double) (sMax + 1) / (s + 1) * Math.pow(eta, s) - 1e-9);
            List<Round> rounds = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                int ni = (int) Math.floor(n * Math.pow(eta, -i) + 1e-9);
                int ri = Math.max(1, (int) Math.floor(maxBudget * Math.pow(eta, i - s) + 0.5));
                int next = i < s ? (int) Math.floor(ni / (double) eta + 1e-9) : 1;
                rounds.add(new Round(ni, Math.min(ri, maxBudget), Math.max(1, next)));
            }
            out.add(rounds);
        }
        return out;
    }

    /** Configurations one Hyperband iteration (every bracket once) draws: the sum of the brackets' n. */
    public static int configurationsPerIteration(List<List<Round>> brackets) {
        return brackets.stream().mapToInt(b -> b.get(0).configurations()).sum();
    }
}
