package org.earlyrank.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.estimate.svr.CurveSet;
import org.earlyrank.estimate.svr.FastHyperband;
import org.earlyrank.estimate.svr.FeatureSpec;
import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.estimate.svr.HyperbandSimulation;
import org.earlyrank.estimate.svr.ModelKind;
import org.earlyrank.estimate.svr.SrmFitter;
import org.earlyrank.estimate.svr.Seeds;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;

/**
 * Replays a search over a finished sweep: runs one algorithm deciding by one estimator {@code repeats}
 * times, each repeat a different seeded draw and order of the pool, training nothing. Each decision sees
 * only what the search had trained by then (scores at the budget each configuration reached); compute is
 * charged from the measured epoch seconds up to the budget each configuration reached (a promoted
 * configuration resumes) plus the estimator's stored cost of every score used ({@link ReplayTrainer},
 * {@link Decider}). The means and spreads over repeats are Cao 2021's Table 4.1 analogue
 * ({@link SearchSummary}).
 *
 * <p>This is the library entry point until the {@code search} stage wraps it: it returns the rows of
 * {@code search_trials} and {@code search_results} and the notes, and writes nothing.
 *
 * <p>Identity: {@code design_id} = algorithm + a hash of the resolved options other than the estimator;
 * {@code search_id} = design_id + "-" + estimator. Searches that share a design_id draw the same order of the
 * pool in each repeat (the order derives from the seed and the repeat only), so they pair repeat by repeat.
 *
 * <p>Bad input fails before anything is computed, with one message naming the problem: an unknown
 * estimator or algorithm, eta &lt; 2, a budget below one epoch, a max_budget other than the sweep's full
 * budget ({@link ConfigException}); a sweep whose runs did not reach the full budget with a schedule
 * defined against it ({@link org.earlyrank.schema.TableException}, from {@link ReplayData}).
 */
public final class SearchReplay {
    public static final String MODE = "replay";
    /** Fast Hyperband (Baker et al. 2018, Appendix C): Hyperband whose rounds stop configurations by a nu-SVR. */
    public static final String FAST_HYPERBAND = "f-hyperband";
    /** Seed path tags: the pool's order per repeat, and the algorithm's own draws per repeat. */
    static final long ORDER = 0x5EA4C401L;
    static final long DRAWS = 0x5EA4C402L;

    private SearchReplay() {
    }

    /**
     * What a replay produced.
     *
     * @param searchId the search's id (see the class comment)
     * @param designId the id shared with the same search under other estimators
     * @param resolved the options as resolved against the sweep (0 = auto values replaced)
     * @param notes    what a reader should know: pool exclusions, fallbacks to val-acc, leakage of cross-fitted
     *                 estimators, skipped brackets
     * @param seconds  wall time of the replay (the sweep's reading excluded)
     */
    public record Result(String searchId, String designId, Map<String, Object> resolved, List<SearchTrialRow> trials,
                         List<SearchResultRow> results, List<String> notes, double seconds) {
    }

    /** Reads and checks the sweep, then replays. */
    public static Result run(SweepFolder sweep, SearchOptions opts) {
        SweepFolder pool = opts.pool().isEmpty() ? null : SweepFolder.at(opts.pool(), sweep.conf());
        return run(ReplayData.read(sweep, pool), opts);
    }

    /** Replays over a sweep already read (several searches share one read). */
    public static Result run(ReplayData data, SearchOptions opts) {
        return run(data, opts, FitSvrOptions.SECTION.defaults());
    }

    /** Replays over a sweep already read; f-hyperband's models and rule from {@code svr} (fit-svr's section). */
    public static Result run(ReplayData data, SearchOptions opts, FitSvrOptions svr) {
        return run(data, opts, svr, scorer(data, opts.estimator()));
    }

    /** The stored scorer of an estimator, checked against what the sweep scored. */
    public static RungScorer scorer(ReplayData data, String estimator) {
        if (estimator.equals(ValAccScorer.NAME)) {
            return new ValAccScorer(data.histories());
        }
        if (!data.estimators().contains(estimator)) {
            throw new ConfigException("search.estimator '" + estimator + "' has no scores in sweep " + data.sweepId()
                    + "'s estimates table; scored there: "
                    + (data.estimators().isEmpty() ? "none (run score-tse, fit-ensemble or fit-svr first)"
                    : String.join(", ", data.estimators())) + " (val-acc is always available)");
        }
        return new StoredEstimateScorer(estimator, data.estimates(estimator));
    }

    /** Replays with a given scorer (any {@link RungScorer}; the estimator named in the options is its name). */
    public static Result run(ReplayData data, SearchOptions opts, FitSvrOptions svr, RungScorer scorer) {
        Plan plan = plan(data, opts, svr);
        long t0 = System.nanoTime();
        List<String> ids = data.pool().stream().map(RunRow::runId).toList();
        Map<String, RunRow> runs = new LinkedHashMap<>();
        data.pool().forEach(r -> runs.put(r.runId(), r));
        Double best = null;
        for (String id : ids) {
            Double v = data.testAcc(id);
            if (v != null && Double.isFinite(v) && (best == null || v > best)) {
                best = v;
            }
        }
        double fullSeconds = data.fullComputeSeconds();
        long fullEpochs = (long) ids.size() * data.fullBudget();
        ValAccScorer valAcc = new ValAccScorer(data.histories());

        List<SearchTrialRow> trials = new ArrayList<>();
        List<SearchResultRow> results = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>(data.notes());
        notes.addAll(plan.notes());
        TreeMap<Integer, Integer> fallbacks = new TreeMap<>();
        TreeMap<Integer, Integer> missing = new TreeMap<>();
        int decisions = 0;
        for (int r = 0; r < opts.repeats(); r++) {
            int[] perm = Seeds.permutation(ids.size(), Seeds.random(opts.seed(), ORDER, r));
            List<String> order = new ArrayList<>(ids.size());
            for (int p : perm) {
                order.add(ids.get(p));
            }
            ReplayTrainer trainer = new ReplayTrainer(data.epochSeconds());
            Decider decider = new Decider(scorer, valAcc);
            SearchState state = new SearchState(order, trainer, decider, Seeds.random(opts.seed(), DRAWS, r));
            String pick = plan.algorithm().play(state);

            double compute = 0;
            Set<String> trained = new LinkedHashSet<>();
            for (Trial t : state.trials()) {
                compute += t.computeSeconds();
                trained.add(t.runId());
                trials.add(new SearchTrialRow(data.sweepId(), plan.searchId(), plan.algorithm().name(), scorer.estimator(),
                        r, t.bracket(), t.rung(), t.runId(), t.budgetEpoch(),
                        Double.isFinite(t.score()) ? t.score() : null, t.promoted(), t.computeSeconds(), t.scoreSource(),
                        t.trainSeconds(), t.estimateSeconds(), MODE));
            }
            int reached = trainer.reached().get(pick);
            Double pickTest = data.testAcc(pick);
            Double regret = pickTest == null || best == null ? null : best - pickTest;
            Double pickVal = data.histories().get(pick).curve(reached).valAcc();
            int fell = decider.fallbacks().values().stream().mapToInt(Integer::intValue).sum();
            results.add(new SearchResultRow(data.sweepId(), plan.searchId(), plan.algorithm().name(), scorer.estimator(), r,
                    pick, pickVal, pickTest, best, regret, compute, fullSeconds, trained.size(), plan.designId(), reached,
                    runs.get(pick).arch(), trainer.epochs(), fullEpochs, decider.decisions(), fell, MODE));
            notes.addAll(state.notes());
            decider.fallbacks().forEach((b, n) -> fallbacks.merge(b, n, Integer::sum));
            decider.missing().forEach((b, n) -> missing.merge(b, n, Integer::sum));
            decisions += decider.decisions();
        }
        int total = decisions;
        fallbacks.forEach((b, n) -> notes.add(scorer.estimator() + " had no score at budget " + b + " for some"
                + " configuration in " + n + " of the " + total + " decisions (all repeats): those decisions ranked by"
                + " val-acc at that budget"));
        missing.forEach((b, n) -> notes.add(n + " configurations had no validation accuracy at budget " + b
                + " in a decision that needed it: ranked last"));
        if (scorer.fittedAcrossRuns()) {
            notes.add(scorer.estimator() + " is fitted across runs: its stored cross-fitted scores come from models that"
                    + " saw the final accuracies of runs this search had not trained, which a live search could not"
                    + " have; read its replay as optimistic (a refit on the runs the search has seen removes the leak)");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Result(plan.searchId(), plan.designId(), plan.resolved(), trials, results, List.copyOf(notes), seconds);
    }

    /**
     * f-Hyperband's round over the pool: fit-svr's stopping rule and nu-SVR (kernel, features, random search,
     * sigma), the models refitted inside each repeat on the runs it trained ({@link FastRound}).
     */
    private static FastRound fastRound(ReplayData data, FitSvrOptions svr, SearchOptions opts,
                                       Map<String, Object> resolved, List<String> notes) {
        if (!opts.estimator().equals(ValAccScorer.NAME)) {
            throw new ConfigException("search.algorithm f-hyperband decides by its own nu-SVR, refitted on the runs the"
                    + " search trained, and keeps configurations by validation accuracy (Baker et al. 2018, Appendix C,"
                    + " Algorithm 2); search.estimator must be val-acc for it, got '" + opts.estimator() + "'");
        }
        FastHyperband.Rule rule = FitSvrStage.hyperbandRule(svr);
        Map<String, RunRow> runs = new LinkedHashMap<>();
        Map<String, double[]> curves = new LinkedHashMap<>();
        boolean epochZero = true;
        for (RunRow r : data.pool()) {
            double[] c = CurveSet.curve(data.histories().get(r.runId()), data.fullBudget());
            runs.put(r.runId(), r);
            curves.put(r.runId(), c);
            epochZero &= Double.isFinite(c[0]);
        }
        FeatureSpec spec = FeatureSpec.choose(data.pool().stream().map(r -> data.histories().get(r.runId()).view()
                .settings()).toList(), epochZero, svr.features(), svr.logScale());
        SrmFitter fitter = FitSvrStage.fitter(svr, null);
        ModelKind kind = FitSvrStage.kind(svr);
        resolved.put("fhb_kappa", rule.kappa());
        resolved.put("fhb_offset", rule.offset());
        resolved.put("fhb_delta", rule.threshold());
        resolved.put("fhb_d", rule.minTrain());
        resolved.put("fhb_model", kind.modelName());
        resolved.put("fhb_features", spec.names(1));
        resolved.put("fhb_sigma", svr.sigma());
        resolved.put("fhb_search_draws", svr.searchDraws());
        notes.add("f-hyperband: fit-svr's rule (kappa " + rule.kappa() + ", Delta " + rule.threshold() + ", offset "
                + rule.offset() + ") and " + kind.modelName() + "; a rung is predicted once " + rule.minTrain()
                + " configurations of the repeat were trained to it (fit-svr.hyperband_d), by models fitted on those"
                + " only");
        return new FastRound(rule, seed -> HyperbandSimulation.models(fitter, kind, spec, seed), spec, runs, curves);
    }

    /** The algorithm and identity a replay runs with, after checking the options against the sweep. */
    record Plan(SearchAlgorithm algorithm, String designId, String searchId, Map<String, Object> resolved,
                List<String> notes) {
    }

    static Plan plan(ReplayData data, SearchOptions opts) {
        return plan(data, opts, FitSvrOptions.SECTION.defaults());
    }

    static Plan plan(ReplayData data, SearchOptions opts, FitSvrOptions svr) {
        return plan(data.sweepId(), data.fullBudget(), data.pool(), opts, svr, data);
    }

    /**
     * The plan over a pool of configurations (a replayed sweep's, or a live search's sampled specs).
     *
     * @param full     the full budget T: the epochs the pool's learning-rate schedules are defined against
     * @param fastData the replayed sweep, which f-hyperband's models are fitted on; null for a live search,
     *                 which refuses f-hyperband
     */
    static Plan plan(String sweepId, int full, List<RunRow> pool, SearchOptions opts, FitSvrOptions svr,
                     ReplayData fastData) {
        int max = opts.maxBudget() == 0 ? full : opts.maxBudget();
        if (max != full) {
            throw new ConfigException("search.max_budget = " + opts.maxBudget() + ", but the runs of sweep "
                    + sweepId + " were trained to " + full + " epochs with their learning-rate schedule ending"
                    + " there; a replay's largest budget must be that full budget: set search.max_budget to " + full
                    + " or 0");
        }
        HyperbandBrackets.check(opts.minBudget(), max, opts.eta());
        int poolSize = pool.size();
        List<Bracket> brackets = HyperbandBrackets.of(opts.minBudget(), max, opts.eta());
        List<String> notes = new ArrayList<>();
        Map<String, Object> resolved = new LinkedHashMap<>();
        resolved.put("algorithm", opts.algorithm());
        resolved.put("repeats", opts.repeats());
        resolved.put("eta", opts.eta());
        resolved.put("min_budget", opts.minBudget());
        resolved.put("max_budget", max);
        resolved.put("seed", opts.seed());
        resolved.put("pool", opts.pool());
        resolved.put("pool_size", poolSize);
        SearchAlgorithm algorithm;
        switch (opts.algorithm()) {
            case RandomSearch.NAME -> {
                int budget = opts.randomBudget() == 0 ? max : opts.randomBudget();
                if (budget < opts.minBudget()) {
                    throw new ConfigException("search.random_budget must be in [search.min_budget = " + opts.minBudget()
                            + ", " + max + "] or 0, got " + budget);
                }
                int n = opts.randomConfigurations();
                if (n == 0) {
                    long epochs = HyperbandBrackets.epochs(brackets);
                    n = (int) Math.max(1, Budgets.roundHalfUp(epochs, budget));
                    if (n > poolSize) {
                        notes.add("random search: one Hyperband iteration's " + epochs + " epochs pay for " + n
                                + " configurations at " + budget + " epochs; the pool has " + poolSize + ", so all "
                                + poolSize + " were drawn");
                        n = poolSize;
                    }
                } else if (n > poolSize) {
                    throw new ConfigException("search.random_configurations = " + n + " exceeds the pool's " + poolSize
                            + " configurations; use at most " + poolSize + " (or 0 for the compute of one Hyperband"
                            + " iteration)");
                }
                resolved.put("random_configurations", n);
                resolved.put("random_budget", budget);
                algorithm = new RandomSearch(n, budget);
            }
            case Hyperband.NAME, Hyperband.BOHB, FAST_HYPERBAND -> {
                int smallest = brackets.stream().mapToInt(Bracket::configurations).min().orElseThrow();
                if (poolSize < smallest) {
                    throw new ConfigException("the pool's " + poolSize + " configurations cannot fill any " + opts.algorithm()
                            + " bracket for budgets " + opts.minBudget() + ".." + max + " and eta = " + opts.eta()
                            + " (the smallest needs " + smallest + "); raise search.min_budget or search.eta, or"
                            + " replay a larger sweep");
                }
                if (opts.algorithm().equals(Hyperband.NAME)) {
                    algorithm = new Hyperband(Hyperband.NAME, brackets, new PlainRound(), new RandomProposer());
                } else if (opts.algorithm().equals(FAST_HYPERBAND)) {
                    if (fastData == null) {
                        throw new ConfigException("search.algorithm f-hyperband is replay only (its rounds train epoch by"
                                + " epoch with fit-svr's models); a live search runs random, hyperband or bohb");
                    }
                    algorithm = new Hyperband(FAST_HYPERBAND, brackets, fastRound(fastData, svr, opts, resolved, notes),
                            new RandomProposer());
                } else {
                    ParameterSpace space = ParameterSpace.of(pool);
                    BohbProposer.Settings settings = new BohbProposer.Settings(opts.bohbMinPoints(),
                            opts.bohbTopFraction(), opts.bohbRandomFraction(), opts.bohbBandwidthFactor(),
                            opts.bohbCandidates());
                    BohbProposer proposer = new BohbProposer(space, settings);
                    resolved.put("bohb_min_points", proposer.minPoints());
                    resolved.put("bohb_top_fraction", opts.bohbTopFraction());
                    resolved.put("bohb_random_fraction", opts.bohbRandomFraction());
                    resolved.put("bohb_bandwidth_factor", opts.bohbBandwidthFactor());
                    resolved.put("bohb_candidates", opts.bohbCandidates());
                    resolved.put("bohb_parameters", space.parameters().stream().map(ParameterSpace.Parameter::name).toList());
                    algorithm = new Hyperband(Hyperband.BOHB, brackets, new PlainRound(), proposer);
                }
                long needed = brackets.stream().mapToLong(Bracket::configurations).sum();
                if (needed > poolSize) {
                    notes.add(opts.algorithm() + ": one iteration's brackets start " + needed + " configurations, the pool"
                            + " has " + poolSize + ": brackets the untried pool can no longer fill are skipped");
                }
                resolved.put("brackets", brackets.stream().map(b -> b.s() + ":" + b.rungs().stream()
                        .map(x -> x.configurations() + "x" + x.budgetEpoch()).toList()).toList());
            }
            default -> throw new ConfigException("search.algorithm must be one of "
                    + String.join(", ", SearchOptions.ALGORITHMS) + ", got '" + opts.algorithm() + "'");
        }
        String hash = OptionsFile.hash(OptionsFile.tree(resolved)).substring(0, 10);
        String designId = opts.algorithm() + "-" + hash;
        return new Plan(algorithm, designId, designId + "-" + opts.estimator(), resolved, notes);
    }
}
