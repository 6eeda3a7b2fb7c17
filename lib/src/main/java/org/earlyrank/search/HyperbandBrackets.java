package org.earlyrank.search;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.config.ConfigException;

/**
 * The brackets of one Hyperband iteration for budgets from {@code minBudget} to {@code maxBudget} epochs and
 * halving rate eta (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar, "Hyperband: a novel bandit-based
 * approach to hyperparameter optimization", JMLR 18, 2017/2018, Algorithm 1; BOHB uses the same brackets,
 * Falkner, Klein and Hutter, "BOHB: robust and efficient hyperparameter optimization at scale", ICML 2018,
 * Section 3).
 *
 * <p>With R = maxBudget / minBudget resource units: s_max = floor(log_eta R), computed on integers (the
 * largest s with minBudget eta^s &lt;= maxBudget); B = (s_max + 1) R; for s = s_max..0 the bracket starts
 * n = ceil(B eta^s / (R (s + 1))) = ceil((s_max + 1) eta^s / (s + 1)) configurations, and round i = 0..s
 * trains n_i = floor(n eta^-i) of them to r_i = maxBudget eta^(i-s) epochs, promoting floor(n_i / eta).
 *
 * <p>Whole epochs: r_i is rounded half up ({@link Budgets#roundHalfUp}); since eta &gt;= 2 and r_0 &gt;=
 * minBudget &gt;= 1, two rounds of a bracket never round to the same epoch, and no rung falls below
 * minBudget. Example: R = 12, eta = 2 gives s_max = 3 and bracket 3's rungs 1.5, 3, 6, 12 -> 2, 3, 6, 12.
 *
 * <p>Known values (Li et al., Table 1: R = 81, eta = 3): bracket s = 4 trains 81, 27, 9, 3, 1
 * configurations to 1, 3, 9, 27, 81; s = 3: 34, 11, 3, 1 to 3, 9, 27, 81; s = 2: 15, 5, 1; s = 1: 8, 2;
 * s = 0: 5 to 81.
 */
public final class HyperbandBrackets {
    private HyperbandBrackets() {
    }

    /**
     * @throws ConfigException for eta &lt; 2, a budget below one epoch, or minBudget &gt; maxBudget; the
     *                         message names the option and the value
     */
    public static List<Bracket> of(int minBudget, int maxBudget, int eta) {
        check(minBudget, maxBudget, eta);
        int sMax = 0;
        while (Math.multiplyExact((long) minBudget, Budgets.power(eta, sMax + 1)) <= maxBudget) {
            sMax++;
        }
        List<Bracket> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            long etaS = Budgets.power(eta, s);
            // n = ceil((s_max + 1) eta^s / (s + 1)), exactly.
            long n = Math.floorDiv(Math.multiplyExact(sMax + 1L, etaS) + s, s + 1L);
            List<Bracket.Rung> rungs = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                long etaI = Budgets.power(eta, i);
                int ni = Math.toIntExact(n / etaI);
                int ri = Math.toIntExact(Budgets.roundHalfUp(Math.multiplyExact((long) maxBudget, etaI), etaS));
                int promote = i < s ? ni / eta : 1;
                rungs.add(new Bracket.Rung(ni, ri, promote));
            }
            out.add(new Bracket(s, rungs));
        }
        return out;
    }

    /** Epochs of one whole iteration (every bracket, every round, promoted configurations resuming). */
    public static long epochs(List<Bracket> brackets) {
        return brackets.stream().mapToLong(Bracket::epochs).sum();
    }

    /** The checks of {@link #of}, for callers that validate before reading a sweep. */
    public static void check(int minBudget, int maxBudget, int eta) {
        if (eta < 2) {
            throw new ConfigException("search.eta must be >= 2 (each round keeps 1/eta of the configurations), got " + eta);
        }
        if (minBudget < 1) {
            throw new ConfigException("search.min_budget must be >= 1 epoch (budgets are whole epochs), got " + minBudget);
        }
        if (maxBudget < 1) {
            throw new ConfigException("search.max_budget must be >= 1 epoch (budgets are whole epochs), got " + maxBudget);
        }
        if (minBudget > maxBudget) {
            throw new ConfigException("search.min_budget (" + minBudget + ") must be <= search.max_budget (" + maxBudget
                    + ")");
        }
    }
}
