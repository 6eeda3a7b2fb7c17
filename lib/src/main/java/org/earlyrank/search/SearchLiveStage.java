package org.earlyrank.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.estimate.svr.Seeds;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.TrainStage;

/**
 * The live {@code search} (search.replay = false; {@code earlyrank search} without {@code --replay}): one
 * search, one algorithm deciding by one estimator, that trains its configurations on Spark. The same algorithm
 * code as replay ({@link SearchAlgorithm}, {@link SearchState}, {@link Decider}) drives a {@link LiveTrainer}
 * (each rung one Spark job; a promoted configuration resumes from its checkpoint) and decides by a
 * {@link LiveScorer} (the {@code score-tse} stage's estimator code on the histories trained so far).
 *
 * <p>A root stage: the search folder is a sweep folder. It holds runs, curves, steps, features and heads for
 * every configuration the search trained, up to the epoch each reached (so score-tse, fit-ensemble, report
 * read it as a sweep), and search_trials / search_results for the search (mode {@code live}, repeat 0).
 * Checkpoints live in the staging folder and go when the search publishes: none is left when it ends.
 *
 * <p>Pool: the configurations are the sweep's sampled run specs (space, train, dataset sections, master seed),
 * planned for the search's maximal budget R = train.epochs (the schedule's horizon). {@code search.pool} keeps
 * those of an existing sweep with status ok and the same run_id and arch; with the same seed the search draws
 * the order replay's repeat 0 draws over that sweep (the pool's run ids sorted, permuted by
 * {@code Seeds.random(seed, ORDER, 0)}), so live and replay compare decision by decision.
 *
 * <p>Resume: each configuration is one committed unit, the search's rows another. A killed search re-run
 * replays the algorithm from the start (its decisions depend only on the seed and the committed rows) and
 * trains only what no commit holds ({@link LiveTrainer}).
 *
 * <p>Bad input, exit 2 before anything is written: replay options (use {@code --replay}), several algorithms
 * or estimators, f-hyperband, an estimator that cannot be scored live ({@link LiveScorer#check}), a
 * max_budget other than train.epochs, a pool that shares no configuration or cannot fill a bracket.
 */
public final class SearchLiveStage extends DeclaredStage {
    public static final String NAME = "search-live";
    public static final String MODE = "live";
    /** Writes the search's summary into its commit marker, so a search resumed after it committed returns it. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    public static final List<TableSchema> OUTPUTS;
    public static final List<Section<?>> SECTIONS = List.of(DatasetOptions.SECTION, SpaceOptions.SECTION,
            TrainOptions.SECTION, SearchOptions.SECTION, ScoreTseOptions.SECTION);

    static {
        List<TableSchema> o = new ArrayList<>(TrainStage.OUTPUTS);
        o.addAll(SearchStage.OUTPUTS);
        OUTPUTS = List.copyOf(o);
    }

    public SearchLiveStage() {
        super(NAME, true, List.of(), OUTPUTS, SECTIONS);
    }

    @Override
    public void checkOptions(SweepConfig cfg) {
        SearchOptions o = cfg.get(SearchOptions.SECTION);
        if (o.replay()) {
            throw new ConfigException("search.replay = true: replay runs as `earlyrank search --replay --sweep DIR`,"
                    + " not as the live search");
        }
        if (o.algorithms().size() != 1 || o.estimators().size() != 1) {
            throw new ConfigException("a live search trains one search: search.algorithm and search.estimator must name"
                    + " one each, got '" + o.algorithm() + "' and '" + o.estimator() + "' (several run in replay)");
        }
        if (o.algorithm().equals(SearchReplay.FAST_HYPERBAND)) {
            throw new ConfigException("search.algorithm f-hyperband is replay only (its rounds train epoch by epoch "
                    + "with fit-svr's models); a live search runs random, hyperband or bohb");
        }
        LiveScorer.check(o.estimator());
        int epochs = cfg.get(TrainOptions.SECTION).epochs();
        if (o.maxBudget() != 0 && o.maxBudget() != epochs) {
            throw new ConfigException("search.max_budget = " + o.maxBudget() + ", but train.epochs = " + epochs + ": a "
                    + "live search trains every configuration with the learning-rate schedule of train.epochs, its "
                    + "largest budget R; set search.max_budget to " + epochs + " or 0");
        }
    }

    /** What the plan prepared: the pool's specs by run id (sorted), the algorithm, the pool's truths. */
    record Live(Map<String, RunSpec> specs, SearchReplay.Plan plan, Map<String, Double> poolTruth, List<String> notes) {
    }

    /** Loads the dataset, samples the specs, restricts them to the pool and plans the search. Writes nothing. */
    @Override
    public Plan plan(StageContext ctx) {
        SearchOptions o = ctx.options(SearchOptions.SECTION);
        DatasetOptions dataOpts = ctx.options(DatasetOptions.SECTION);
        TrainOptions trainOpts = ctx.options(TrainOptions.SECTION);
        DatasetLoader.load(dataOpts, ctx.sweep().conf());
        List<RunSpec> sampled = RunSampler.sample(ctx.options(SpaceOptions.SECTION), trainOpts, dataOpts,
                ctx.config().seed());
        Map<String, RunSpec> specs = new TreeMap<>();
        sampled.forEach(s -> specs.put(s.runId(), s));
        Map<String, Double> truth = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        if (!o.pool().isEmpty()) {
            SweepFolder pool = SweepFolder.at(o.pool(), ctx.sweep().conf());
            pool.requireExists();
            Map<String, RunRow> poolRuns = new TreeMap<>();
            for (Row r : pool.read(RunsTable.TABLE, TrainStage.NAME)) {
                RunRow run = RunRow.fromRow(r);
                poolRuns.put(run.runId(), run);
            }
            specs.keySet().removeIf(id -> {
                RunRow r = poolRuns.get(id);
                return r == null || !r.ok() || !r.arch().equals(specs.get(id).arch());
            });
            if (specs.isEmpty()) {
                throw new ConfigException("search.pool " + o.pool() + " shares no finished configuration (same run_id and"
                        + " arch, status ok) with this search's sampled runs; train that sweep with this config's "
                        + "dataset, space, train sections and seed, or leave search.pool empty");
            }
            specs.keySet().forEach(id -> truth.put(id, poolRuns.get(id).finalTestAcc()));
            notes.add("pool restricted to the " + specs.size() + " ok runs of " + o.pool() + " with the same run_id and arch");
        }
        List<RunRow> rows = specs.values().stream().map(s -> plannedRow(ctx.config().sweepId(), s)).toList();
        SearchReplay.Plan plan = SearchReplay.plan(ctx.config().sweepId(), trainOpts.epochs(), rows, o,
                FitSvrOptions.SECTION.defaults(), null);
        return super.plan(ctx).withDetail(new Live(specs, plan, truth, notes));
    }

    @Override
    public Map<String, Object> run(StageContext ctx) {
        Live in = ctx.plan().detail(Live.class);
        SearchOptions o = ctx.options(SearchOptions.SECTION);
        String sweepId = ctx.config().sweepId();
        SearchReplay.Plan plan = in.plan();
        String unit = "search-" + plan.searchId();
        if (ctx.output().isCommitted(unit)) {
            // Killed after the search committed (its publish may have begun and moved the units' files): nothing
            // to train or decide again; the summary is the one the search committed.
            System.err.println("[" + NAME + "] " + plan.searchId() + " already searched (resumed): publishing");
            try {
                @SuppressWarnings("unchecked")
                Map<String, Object> done = JSON.readValue(ctx.output().committed().get(unit), Map.class);
                done.put("epochs_trained_now", 0);
                done.put("spark_jobs_now", 0);
                return done;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        in.notes().forEach(ctx::note);
        plan.notes().forEach(ctx::note);
        if (o.repeats() != 1) {
            ctx.note("a live search runs once (repeat 0); search.repeats = " + o.repeats() + " is for replay");
        }
        long t0 = System.nanoTime();
        LiveTrainer trainer = new LiveTrainer(ctx.spark(), group(), NAME, sweepId, in.specs(),
                ctx.options(DatasetOptions.SECTION), ctx.options(TrainOptions.SECTION), ctx.output());
        ScoreTseOptions tse = ctx.options(ScoreTseOptions.SECTION);
        LiveScorer scorer = LiveScorer.of(o.estimator(), tse, trainer::history);
        LiveScorer valAcc = LiveScorer.of(ValAccScorer.NAME, tse, trainer::history);
        List<String> ids = new ArrayList<>(in.specs().keySet());
        int[] perm = Seeds.permutation(ids.size(), Seeds.random(o.seed(), SearchReplay.ORDER, 0));
        List<String> order = new ArrayList<>();
        for (int p : perm) {
            order.add(ids.get(p));
        }
        Decider decider = new Decider(scorer, valAcc);
        SearchState state = new SearchState(order, trainer, decider, Seeds.random(o.seed(), SearchReplay.DRAWS, 0));
        String pick = plan.algorithm().play(state);
        state.notes().forEach(ctx::note);
        decider.fallbacks().forEach((b, n) -> ctx.note(o.estimator() + " had no score at budget " + b + " in " + n
                + " decisions: those ranked by val-acc"));

        List<Row> trials = new ArrayList<>();
        double compute = 0;
        java.util.Set<String> trained = new java.util.LinkedHashSet<>();
        for (Trial t : state.trials()) {
            compute += t.computeSeconds();
            trained.add(t.runId());
            trials.add(new SearchTrialRow(sweepId, plan.searchId(), plan.algorithm().name(), scorer.estimator(), 0,
                    t.bracket(), t.rung(), t.runId(), t.budgetEpoch(), Double.isFinite(t.score()) ? t.score() : null,
                    t.promoted(), t.computeSeconds(), t.scoreSource(), t.trainSeconds(), t.estimateSeconds(), MODE).toRow());
        }
        int full = ctx.options(TrainOptions.SECTION).epochs();
        long epochs = trainer.reached().values().stream().mapToLong(Integer::longValue).sum();
        long fullEpochs = (long) ids.size() * full;
        double epochSeconds = 0;
        int measured = 0;
        for (String id : trained) {
            for (CurveRow c : trainer.history(id).curves()) {
                if (c.epochSeconds() != null) {
                    epochSeconds += c.epochSeconds();
                    measured++;
                }
            }
        }
        // Training every configuration fully was not done: charged at the search's mean measured epoch.
        double fullSeconds = measured == 0 ? fullEpochs : fullEpochs * epochSeconds / measured;
        RunRow pickRun = trainer.history(pick).run();
        Double best = in.poolTruth().values().stream().filter(v -> v != null && Double.isFinite(v))
                .max(Double::compare).orElse(null);
        Double pickTest = pickRun.finalTestAcc();
        SearchResultRow result = new SearchResultRow(sweepId, plan.searchId(), plan.algorithm().name(),
                scorer.estimator(), 0, pick, pickRun.finalValAcc(), pickTest, best,
                best == null || pickTest == null ? null : best - pickTest, compute, fullSeconds, trained.size(),
                plan.designId(), trainer.reached().get(pick), pickRun.arch(), epochs, fullEpochs, decider.decisions(),
                decider.fallbacks().values().stream().mapToInt(Integer::intValue).sum(), MODE);
        System.out.println(SearchSummary.markdown(SearchSummary.of(List.of(result), SearchStage.CONFIDENCE)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("search_id", plan.searchId());
        summary.put("resolved", plan.resolved());
        summary.put("pick", pick);
        summary.put("pick_val_acc", pickRun.finalValAcc());
        summary.put("pick_test_acc", pickTest);
        summary.put("configurations_trained", trained.size());
        summary.put("pool_size", ids.size());
        summary.put("epochs_trained", epochs);
        summary.put("full_sweep_epochs", fullEpochs);
        summary.put("epochs_trained_now", trainer.epochsTrainedNow());
        summary.put("spark_jobs_now", trainer.jobs());
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        try {
            ctx.output().commit(unit, Map.of(SearchTrialsTable.NAME, trials, SearchResultsTable.NAME,
                    List.of(result.toRow())), JSON.writeValueAsString(summary));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return summary;
    }

    /** A configuration's row before training (what BOHB's parameter space reads: arch, space, hparams). */
    static RunRow plannedRow(String sweepId, RunSpec spec) {
        return new RunRow(sweepId, spec.runId(), spec.archId(), spec.arch(), spec.space(), RunsTable.SOURCE_TRAIN,
                spec.seed(), spec.epochs(), 0, null, null, null, null, null, null, null,
                spec.learningRate(), spec.batchSize(), spec.weightDecay(), spec.channels(), spec.cells(),
                spec.imageSize(), spec.trainFraction(), spec.hparams(), null, spec.momentum(), spec.schedule(), null,
                null, null);
    }
}
