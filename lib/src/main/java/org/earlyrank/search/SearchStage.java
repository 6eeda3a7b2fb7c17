package org.earlyrank.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.report.ReportSection;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.report.sections.SearchSection;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.SweepFolder;

/**
 * The {@code search} stage (replay): replays every search the {@code search} section names (each algorithm x
 * each estimator, comma-separated) over a finished sweep with {@link SearchReplay}, and publishes
 * {@code search_trials} and {@code search_results}; the report page shows them ({@link SearchSection}). f-hyperband's stopping rule and nu-SVR are fit-svr's
 * section's ({@code hyperband_kappa}, {@code _delta}, {@code _offset}, {@code _d}, kernel, features, sigma).
 *
 * <p>Searches accumulate: each search (its {@code search_id}: algorithm, a hash of the resolved options and
 * the estimator) is one unit. A run republishes the searches the tables already hold and adds the new ones,
 * so several searches (another algorithm, estimator, seed or repeats) can be replayed into one sweep, one
 * command at a time. Re-running searches the tables already hold does nothing. What is recorded in
 * options.json is therefore not the search section (a new search is not "other options") but the mode; each
 * search's resolved options are in its search_id and its rows, and the run's record lists the searches.
 *
 * <p>Bad input fails before anything in the sweep changes, with one message: an estimator the registry does
 * not know (checkOptions), one the sweep has no estimates of, eta &lt; 2, a budget below one epoch or above
 * the sweep's, a pool that cannot fill a bracket (ConfigException), a sweep whose runs did not reach their full
 * budget under a schedule defined against it (TableException, from {@link ReplayData}).
 *
 * <p>Live search (training on Spark, {@code search.replay = false}) is {@link SearchLiveStage}: refused here
 * with a message saying so.
 */
public final class SearchStage extends DeclaredStage implements ReportedStage {
    public static final String NAME = "search";
    public static final List<TableSchema> OUTPUTS = List.of(SearchTrialsTable.TABLE, SearchResultsTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(SearchOptions.SECTION, FitSvrOptions.SECTION);
    static final List<ReportSection> REPORT_SECTIONS = List.of(new SearchSection());
    /** Of the intervals in the printed summary (as on the report page). */
    static final double CONFIDENCE = 0.95;

    private final Supplier<EstimatorRegistry> estimators;

    /** @param estimators the registry search.estimator names are checked against */
    public SearchStage(Supplier<EstimatorRegistry> estimators) {
        super(NAME, false, TableInput.runsAndCurves(TableInput.optional(EstimatesTable.TABLE),
                TableInput.optional(SearchTrialsTable.TABLE),
                TableInput.optional(SearchResultsTable.TABLE)), OUTPUTS, SECTIONS);
        this.estimators = estimators;
    }

    @Override
    public List<ReportSection> reportSections() {
        return REPORT_SECTIONS;
    }

    /** Every estimator named is registered; replay only (live search is not implemented yet). */
    @Override
    public void checkOptions(SweepConfig cfg) {
        SearchOptions o = cfg.get(SearchOptions.SECTION);
        EstimatorRegistry.check("search.estimator", o.estimators(), "", estimators.get().names());
        if (!o.replay()) {
            throw new ConfigException("live search (search.replay = false: training configurations on Spark) is the"
                    + " search-live stage (`earlyrank search` without --replay); this stage replays searches over a"
                    + " finished sweep: `earlyrank search --replay --sweep DIR` (search.replay = true)");
        }
    }

    /**
     * The mode only: searches accumulate in the tables, one unit each, so another search is not a change of
     * the stage's options (see the class comment).
     */
    @Override
    public Map<String, Object> options(SweepConfig cfg) {
        return Map.of("mode", SearchReplay.MODE);
    }

    /**
     * What the plan prepared: the sweep as read, the searches asked for (in order, by search_id), and the rows
     * of the searches already published that this run keeps.
     */
    record Replays(ReplayData data, FitSvrOptions svr, Map<String, SearchOptions> searches,
                   Map<String, List<Row>> keptTrials, Map<String, List<Row>> keptResults) {
    }

    /**
     * Reads the sweep (and pool), checks every search against it, and reads the searches already published;
     * redoes a finished stage when a search asked for is not in the tables yet. Writes nothing.
     */
    @Override
    public Plan plan(StageContext ctx) {
        SearchOptions base = ctx.options(SearchOptions.SECTION);
        FitSvrOptions svr = ctx.options(FitSvrOptions.SECTION);
        SweepFolder sweep = ctx.sweep();
        SweepFolder pool = base.pool().isEmpty() ? null : SweepFolder.at(base.pool(), sweep.conf());
        ReplayData data = ReplayData.read(sweep, pool);
        Map<String, SearchOptions> searches = new LinkedHashMap<>();
        for (SearchOptions o : base.searches()) {
            SearchReplay.scorer(data, o.estimator());
            searches.put(SearchReplay.plan(data, o, svr).searchId(), o);
        }
        Map<String, List<Row>> trials = new LinkedHashMap<>();
        Map<String, List<Row>> results = new LinkedHashMap<>();
        if (ctx.has(SearchResultsTable.NAME)) {
            for (Row r : sweep.read(SearchResultsTable.TABLE, NAME)) {
                results.computeIfAbsent(SearchResultRow.fromRow(r).searchId(), k -> new ArrayList<>()).add(r);
            }
        }
        if (ctx.has(SearchTrialsTable.NAME)) {
            for (Row r : sweep.read(SearchTrialsTable.TABLE, NAME)) {
                String id = SearchTrialRow.fromRow(r).searchId();
                if (results.containsKey(id)) {
                    trials.computeIfAbsent(id, k -> new ArrayList<>()).add(r);
                }
            }
        }
        Set<String> missing = new LinkedHashSet<>(searches.keySet());
        missing.removeAll(results.keySet());
        // A search asked for is replayed even when published (an --overwrite or a resumed run recomputes it, with
        // the same rows: replay is deterministic); the other published searches are kept as they are.
        results.keySet().removeAll(searches.keySet());
        trials.keySet().retainAll(results.keySet());
        Plan plan = Plan.of(options(ctx.config()), OUTPUTS).withDetail(new Replays(data, svr, searches, trials, results));
        // Only a finished stage needs redoing; a first or killed run simply runs (or resumes its committed units).
        boolean finished = "complete".equals(org.earlyrank.store.OptionsFile.read(sweep).path("stages").path(NAME)
                .path("status").asText());
        return missing.isEmpty() || !finished ? plan
                : plan.withRedo("searches not yet in search_results: " + String.join(", ", missing));
    }

    @Override
    public Map<String, Object> run(StageContext ctx) {
        Replays in = ctx.plan().detail(Replays.class);
        ReplayData data = in.data();
        data.notes().forEach(ctx::note);
        for (Map.Entry<String, List<Row>> e : in.keptResults().entrySet()) {
            String id = e.getKey();
            if (!ctx.output().isCommitted(id)) {
                ctx.output().commit(id, Map.of(SearchResultsTable.NAME, e.getValue(), SearchTrialsTable.NAME,
                        in.keptTrials().getOrDefault(id, List.of())), "{\"kept\":true}");
            }
        }
        List<SearchResultRow> results = new ArrayList<>();
        Map<String, Object> searches = new LinkedHashMap<>();
        double seconds = 0;
        int replayed = 0;
        for (Map.Entry<String, SearchOptions> e : in.searches().entrySet()) {
            String id = e.getKey();
            if (ctx.output().isCommitted(id)) {
                System.err.println("[" + NAME + "] " + id + " already replayed (resumed)");
                ctx.output().committedRows(id, SearchResultsTable.TABLE).forEach(r -> results.add(SearchResultRow.fromRow(r)));
                searches.put(id, "resumed");
                continue;
            }
            SearchReplay.Result r = SearchReplay.run(data, e.getValue(), in.svr());
            r.notes().stream().filter(n -> !data.notes().contains(n)).forEach(n -> ctx.note(id + ": " + n));
            ctx.output().commit(id, Map.of(
                    SearchTrialsTable.NAME, r.trials().stream().map(SearchTrialRow::toRow).toList(),
                    SearchResultsTable.NAME, r.results().stream().map(SearchResultRow::toRow).toList()),
                    "{\"repeats\":" + r.results().size() + "}");
            results.addAll(r.results());
            searches.put(id, r.resolved());
            seconds += r.seconds();
            replayed++;
        }
        System.out.println(SearchSummary.markdown(SearchSummary.of(results, CONFIDENCE)));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("searches", searches);
        summary.put("replayed", replayed);
        summary.put("kept", new ArrayList<>(in.keptResults().keySet()));
        summary.put("pool_size", data.pool().size());
        summary.put("full_budget", data.fullBudget());
        summary.put("replay_seconds", seconds);
        return summary;
    }
}
