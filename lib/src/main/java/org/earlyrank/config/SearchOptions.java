package org.earlyrank.config;

import java.util.List;

/**
 * The {@code search} section: random search, Hyperband or BOHB deciding by an estimator, replayed over a
 * finished sweep or (later) live. Budgets are whole epochs; Hyperband's rungs that are not whole are
 * rounded half up (see {@code org.earlyrank.search.HyperbandBrackets}).
 *
 * @param algorithm            random, hyperband, bohb or f-hyperband (comma-separated: several)
 * @param estimator            the estimator whose score ranks configurations at each decision; val-acc = plain
 * @param repeats              replay: searches per algorithm and estimator, each a different draw and order
 * @param eta                  Hyperband's halving rate
 * @param minBudget            smallest budget, epochs
 * @param maxBudget            largest budget, epochs; 0 = the sweep's full budget (replay) or train.epochs
 * @param randomConfigurations random search: configurations drawn; 0 = as many as one Hyperband iteration's
 *                             epochs pay for at randomBudget
 * @param randomBudget         random search: epochs each configuration trains; 0 = maxBudget
 * @param bohbMinPoints        BOHB's N_min; 0 = parameters + 1
 * @param bohbTopFraction      BOHB's q
 * @param bohbRandomFraction   BOHB's rho
 * @param bohbBandwidthFactor  BOHB's bandwidth factor
 * @param bohbCandidates       BOHB's N_s
 * @param seed                 seed of the draws (each repeat derives its own streams from it)
 * @param pool                 folder of a sweep whose configurations the search draws from; empty = the
 *                             replayed sweep's
 * @param replay               replay over a finished sweep instead of training
 */
public record SearchOptions(String algorithm, String estimator, int repeats, int eta, int minBudget, int maxBudget,
                            int randomConfigurations, int randomBudget, int bohbMinPoints, double bohbTopFraction,
                            double bohbRandomFraction, double bohbBandwidthFactor, int bohbCandidates, long seed,
                            String pool, boolean replay) implements java.io.Serializable {
    /** The algorithms. */
    public static final List<String> ALGORITHMS = List.of("random", "hyperband", "bohb", "f-hyperband");

    public static final Section<SearchOptions> SECTION = Section.of("search",
            "Search with the estimators: random search, Hyperband or BOHB whose decisions rank configurations by an "
                    + "estimator's score at the budget each reached, replayed over a finished sweep (Cao 2021, "
                    + "chapter 4 and Table 4.1; Li et al. 2017; Falkner et al. 2018).",
            SearchOptions.class,
            Key.string("algorithm", "hyperband", "Search algorithm: random (N configurations trained to one budget), "
                    + "hyperband (Li et al. 2017: brackets of successive halving) or bohb (Falkner et al. 2018: "
                    + "Hyperband's brackets, new configurations from kernel density estimates) or f-hyperband (Baker et al. 2018, "
                    + "Appendix C: Hyperband whose rounds stop configurations by a nu-SVR refitted on the runs the search "
                    + "trained, with fit-svr's hyperband_* rule and model; estimator val-acc only); several, "
                    + "comma-separated, run one search each (x every estimator named)."),
            Key.string("estimator", "val-acc", "Estimator whose score ranks the configurations at every decision "
                    + "(estimates.estimator, e.g. tse-e, fh-ensemble, svr); val-acc is the plain algorithm. Where it has "
                    + "no score at a decision's budget, that decision uses val-acc and the notes say so. Several, "
                    + "comma-separated, run one search each."),
            Key.integer("repeats", 100, "Replay: searches per algorithm and estimator, each a different seeded draw and "
                    + "order of the pool (repeat r draws the same order for every algorithm and estimator)."),
            Key.integer("eta", 2, "Hyperband's halving rate eta (>= 2): each round keeps 1/eta of its configurations "
                    + "and trains them eta times longer (the thesis: 2)."),
            Key.integer("min_budget", 1, "Smallest budget in epochs (>= 1); Hyperband's rungs that are not whole "
                    + "epochs are rounded half up."),
            Key.integer("max_budget", 0, "Largest budget R in epochs; 0 = the sweep's full budget (replay needs "
                    + "exactly that: the runs' learning-rate schedule ends there) or train.epochs."),
            Key.integer("random_configurations", 0, "Random search: configurations drawn; 0 = as many as one "
                    + "Hyperband iteration's epochs pay for at random_budget (the thesis matched search time)."),
            Key.integer("random_budget", 0, "Random search: epochs each configuration trains; 0 = max_budget."),
            Key.integer("bohb_min_points", 0, "BOHB's N_min: a budget's model is fitted once it has N_min + 2 results; "
                    + "0 = the number of parameters + 1 (BOHB's default)."),
            Key.real("bohb_top_fraction", 0.15, "BOHB's q: the best fraction of a budget's results form the good "
                    + "density l(x), the rest the bad density g(x) (each at least N_min)."),
            Key.real("bohb_random_fraction", 1.0 / 3, "BOHB's rho: fraction of new configurations drawn at random even "
                    + "when a model exists."),
            Key.real("bohb_bandwidth_factor", 3.0, "BOHB's bandwidth factor: the good density is widened by it when "
                    + "candidates are drawn from it."),
            Key.integer("bohb_candidates", 64, "BOHB's N_s: candidates drawn from the widened good density (over a "
                    + "finite pool: untried configurations drawn with probability proportional to it); the one with "
                    + "the largest l(x)/g(x) is trained."),
            Key.longInt("seed", 0, "Seed of the searches' draws: the pool's order in each repeat and BOHB's draws."),
            Key.string("pool", "", "Folder of a sweep whose configurations the search draws from; empty = the "
                    + "replayed sweep's configurations."),
            Key.bool("replay", false, "Replay over a finished sweep (--sweep) instead of training: nothing is "
                    + "trained, each decision sees only what it could have seen, compute is charged from the measured "
                    + "epoch seconds. false: one live search (one algorithm, one estimator of the TSE family or "
                    + "val-acc, max_budget = train.epochs) trains its configurations on Spark into --out, one job per "
                    + "rung, promoted configurations resuming from their checkpoints."));

    public SearchOptions {
        String s = "search.";
        if (algorithm == null || algorithm.isBlank()) {
            throw new IllegalArgumentException(s + "algorithm must name one of " + String.join(", ", ALGORITHMS)
                    + " (or several, comma-separated), got '" + algorithm + "'");
        }
        algorithm = String.join(",", list(algorithm));
        Check.allOneOf(s + "algorithm", list(algorithm), ALGORITHMS);
        if (estimator == null || estimator.isBlank()) {
            throw new IllegalArgumentException(s + "estimator must name an estimator (e.g. val-acc, tse-e), got '"
                    + estimator + "'");
        }
        estimator = String.join(",", list(estimator));
        Check.atLeast(s + "repeats", repeats, 1);
        Check.atLeast(s + "eta", eta, 2);
        Check.atLeast(s + "min_budget", minBudget, 1);
        Check.atLeast(s + "max_budget", maxBudget, 0);
        if (maxBudget > 0 && maxBudget < minBudget) {
            throw new IllegalArgumentException(s + "max_budget must be >= search.min_budget (" + minBudget
                    + ") or 0 for the full budget, got " + maxBudget);
        }
        Check.atLeast(s + "random_configurations", randomConfigurations, 0);
        Check.atLeast(s + "random_budget", randomBudget, 0);
        if (maxBudget > 0 && randomBudget > maxBudget) {
            throw new IllegalArgumentException(s + "random_budget must be in [1, search.max_budget = " + maxBudget
                    + "] or 0 for max_budget, got " + randomBudget);
        }
        Check.atLeast(s + "bohb_min_points", bohbMinPoints, 0);
        if (!(bohbTopFraction > 0 && bohbTopFraction < 1)) {
            throw new IllegalArgumentException(s + "bohb_top_fraction must be in (0, 1), got " + bohbTopFraction);
        }
        Check.between(s + "bohb_random_fraction", bohbRandomFraction, 0.0, 1.0);
        Check.atLeast(s + "bohb_bandwidth_factor", bohbBandwidthFactor, 1.0);
        Check.atLeast(s + "bohb_candidates", bohbCandidates, 1);
        pool = pool == null ? "" : pool.trim();
    }

    private static List<String> list(String commaSeparated) {
        return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(x -> !x.isEmpty())
                .distinct().toList();
    }

    /** The algorithms named (search.algorithm may list several, comma-separated). */
    public List<String> algorithms() {
        return list(algorithm);
    }

    /** The estimators named (search.estimator may list several, comma-separated). */
    public List<String> estimators() {
        return list(estimator);
    }

    /**
     * One search per algorithm x estimator named, in that order, each with a single algorithm and estimator
     * and these options otherwise: what the search stage replays (or trains), one search_id each.
     */
    public List<SearchOptions> searches() {
        List<SearchOptions> out = new java.util.ArrayList<>();
        for (String a : algorithms()) {
            for (String e : estimators()) {
                out.add(new SearchOptions(a, e, repeats, eta, minBudget, maxBudget, randomConfigurations, randomBudget,
                        bohbMinPoints, bohbTopFraction, bohbRandomFraction, bohbBandwidthFactor, bohbCandidates, seed,
                        pool, replay));
            }
        }
        return out;
    }
}
