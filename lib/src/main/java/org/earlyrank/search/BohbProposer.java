package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * BOHB's sampling of new configurations (Falkner, Klein and Hutter, "BOHB: robust and efficient
 * hyperparameter optimization at scale", ICML 2018, Section 3.1 and Algorithm 2), over a finite pool.
 *
 * <p>For each configuration a bracket starts: with probability {@code randomFraction} (rho, BOHB: 1/3), or
 * while no budget has enough results, it is drawn at random (the next untried one in the repeat's order).
 * Otherwise the model of the largest budget b with |D_b| &gt;= N_min + 2 results is used, where D_b are the
 * configurations scored at b so far and N_min = {@code minPoints} (BOHB's default: the number of parameters
 * + 1). D_b is ranked by the search's decider at b (the estimator's score, so the model learns from the
 * same scores the decisions use); the best N_l = max(N_min, floor(q |D_b|)) form the good set and the worst
 * N_g = max(N_min, |D_b| - N_l) the bad set (q = {@code topFraction}, BOHB: 15%), and a {@link ProductKde}
 * is fitted to each, l(x) and g(x).
 *
 * <p>Finite pool: BOHB draws {@code candidates} (N_s, BOHB: 64) points from the widened good density and
 * keeps the one maximising l(x) / g(x). Here the points must be configurations of the pool that the search
 * has not tried, so the candidates are drawn (with replacement) from the untried configurations with
 * probability proportional to the widened good density at each: the widened density restricted to the pool.
 * The untried candidate with the largest l(x) / g(x) is drawn (ties: the first drawn). If that density is
 * zero on every untried configuration, the candidates are drawn uniformly.
 *
 * <p>All of a bracket's configurations are chosen when it starts, from the model of the results observed by
 * then (a rung trains its configurations together). The coin of the random fraction is thrown for every
 * configuration, model or not, so that the repeat's random stream does not depend on when a model appears.
 *
 * <p>Holds settings only; all state is in the {@link SearchState}.
 */
public final class BohbProposer implements Proposer {
    /** BOHB's minimum bandwidth of its densities. */
    public static final double MIN_BANDWIDTH = 1e-3;
    private static final double FLOOR = 1e-32;

    private final ParameterSpace space;
    private final Settings settings;

    /**
     * @param minPoints       N_min; 0 = the number of parameters + 1
     * @param topFraction     q, in (0, 1)
     * @param randomFraction  rho, in [0, 1]
     * @param bandwidthFactor widening of the sampling density's numeric kernels, &gt;= 1
     * @param candidates      N_s, &gt;= 1
     */
    public record Settings(int minPoints, double topFraction, double randomFraction, double bandwidthFactor,
                           int candidates) {
    }

    /** A fitted pair of densities. */
    record Model(int budgetEpoch, ProductKde good, ProductKde bad) {
    }

    public BohbProposer(ParameterSpace space, Settings settings) {
        this.space = space;
        this.settings = settings;
    }

    /** N_min for this space. */
    public int minPoints() {
        return settings.minPoints() > 0 ? settings.minPoints() : space.size() + 1;
    }

    @Override
    public List<String> propose(SearchState state, int n) {
        Model model = model(state);
        if (space.size() == 0) {
            state.note("bohb: no parameter varies in the pool, so every configuration was drawn at random"
                    + " (BOHB = Hyperband)");
        }
        Random rnd = state.random();
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            boolean random = rnd.nextDouble() < settings.randomFraction();
            if (model == null || random) {
                out.add(state.drawRandom());
            } else {
                String pick = choose(model, state, rnd);
                state.draw(pick);
                out.add(pick);
            }
        }
        return out;
    }

    /** The model of the largest budget with enough results, or null. */
    Model model(SearchState state) {
        if (space.size() == 0) {
            return null;
        }
        int nMin = minPoints();
        List<Map.Entry<Integer, List<String>>> budgets = new ArrayList<>(state.evaluated().entrySet());
        budgets.sort(Map.Entry.<Integer, List<String>>comparingByKey(Comparator.reverseOrder()));
        for (Map.Entry<Integer, List<String>> e : budgets) {
            List<String> d = e.getValue();
            if (d.size() < nMin + 2) {
                continue;
            }
            Decider.Decision ranked = state.decider().observe(d, e.getKey(), state.trainer().reached());
            int nGood = Math.max(nMin, (int) Math.floor(settings.topFraction() * d.size()));
            int nBad = Math.max(nMin, d.size() - nGood);
            double[][] good = new double[Math.min(nGood, d.size())][];
            double[][] bad = new double[Math.min(nBad, d.size())][];
            int[] order = ranked.ranked();
            for (int i = 0; i < good.length; i++) {
                good[i] = space.vectors().get(d.get(order[i]));
            }
            for (int i = 0; i < bad.length; i++) {
                bad[i] = space.vectors().get(d.get(order[order.length - 1 - i]));
            }
            return new Model(e.getKey(), new ProductKde(space.parameters(), good, MIN_BANDWIDTH),
                    new ProductKde(space.parameters(), bad, MIN_BANDWIDTH));
        }
        return null;
    }

    /** The untried configuration BOHB's acquisition picks (see the class comment). */
    String choose(Model model, SearchState state, Random rnd) {
        List<String> untried = new ArrayList<>(state.untried());
        double[] cumulative = new double[untried.size()];
        double total = 0;
        for (int i = 0; i < untried.size(); i++) {
            total += model.good().samplingDensity(space.vectors().get(untried.get(i)), settings.bandwidthFactor());
            cumulative[i] = total;
        }
        String best = null;
        double bestRatio = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < settings.candidates(); c++) {
            int i;
            if (total > 0 && Double.isFinite(total)) {
                double u = rnd.nextDouble() * total;
                i = 0;
                while (i < cumulative.length - 1 && cumulative[i] <= u) {
                    i++;
                }
            } else {
                i = rnd.nextInt(untried.size());
            }
            double[] x = space.vectors().get(untried.get(i));
            double ratio = Math.max(FLOOR, model.good().density(x)) / Math.max(FLOOR, model.bad().density(x));
            if (ratio > bestRatio) {
                bestRatio = ratio;
                best = untried.get(i);
            }
        }
        return best;
    }
}
