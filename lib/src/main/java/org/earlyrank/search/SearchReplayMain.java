package org.earlyrank.search;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.SweepFolder;

/**
 * A temporary command line for replaying searches until the {@code search} stage and {@code bin/earlyrank
 * search} exist: replays every algorithm x estimator given over one sweep (read once), prints the Table 4.1
 * analogue as Markdown with the notes and the wall time, and optionally publishes the tables and redraws the
 * sweep's report.
 *
 * <pre>
 * SearchReplayMain --sweep DIR [--conf FILE] [--algorithms random,hyperband,bohb]
 *                  [--estimators val-acc,tse-e] [--write] [--report] [search.KEY=VALUE ...]
 * </pre>
 * Bad input exits with status 2 and one message; nothing is written then.
 */
public final class SearchReplayMain {
    private SearchReplayMain() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args));
        } catch (ConfigException | TableException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) {
        String sweepDir = null;
        Path conf = null;
        List<String> algorithms = null;
        List<String> estimators = null;
        boolean write = false;
        boolean report = false;
        Map<String, String> overrides = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--sweep" -> sweepDir = value(args, ++i, a);
                case "--conf" -> conf = Path.of(value(args, ++i, a));
                case "--algorithms" -> algorithms = List.of(value(args, ++i, a).split(","));
                case "--estimators" -> estimators = List.of(value(args, ++i, a).split(","));
                case "--write" -> write = true;
                case "--report" -> report = true;
                default -> {
                    int eq = a.indexOf('=');
                    if (eq < 0 || !a.startsWith("search.")) {
                        throw new ConfigException("unknown argument '" + a + "'; usage: --sweep DIR [--conf FILE]"
                                + " [--algorithms a,b] [--estimators x,y] [--write] [--report] [search.KEY=VALUE ...]");
                    }
                    overrides.put(a.substring(0, eq), a.substring(eq + 1));
                }
            }
        }
        if (sweepDir == null) {
            throw new ConfigException("--sweep DIR/<sweep_id> is required: the finished sweep to replay searches over");
        }
        SweepConfig cfg = ConfigLoader.load(conf, overrides);
        SearchOptions base = cfg.get(SearchOptions.SECTION);
        List<SearchOptions> searches = new ArrayList<>();
        for (String alg : algorithms == null ? List.of(base.algorithm()) : algorithms) {
            for (String est : estimators == null ? List.of(base.estimator()) : estimators) {
                Map<String, String> o = new LinkedHashMap<>(overrides);
                o.put("search.algorithm", alg.trim());
                o.put("search.estimator", est.trim());
                searches.add(ConfigLoader.load(conf, o).get(SearchOptions.SECTION));
            }
        }
        SweepFolder sweep = SweepFolder.at(sweepDir, new Configuration());
        long t0 = System.nanoTime();
        SweepFolder pool = base.pool().isEmpty() ? null : SweepFolder.at(base.pool(), sweep.conf());
        ReplayData data = ReplayData.read(sweep, pool);
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        // Check every search before replaying any, so that bad input writes nothing.
        for (SearchOptions o : searches) {
            SearchReplay.scorer(data, o.estimator());
            SearchReplay.plan(data, o);
        }
        List<SearchTrialRow> trials = new ArrayList<>();
        List<SearchResultRow> results = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        double replaySeconds = 0;
        for (SearchOptions o : searches) {
            SearchReplay.Result r = SearchReplay.run(data, o);
            trials.addAll(r.trials());
            results.addAll(r.results());
            replaySeconds += r.seconds();
            for (String n : r.notes()) {
                notes.add(r.searchId() + ": " + n);
            }
        }
        System.out.println(SearchSummary.markdown(SearchSummary.of(results, 0.95)));
        notes.forEach(n -> System.out.println("- " + n));
        System.out.printf(java.util.Locale.ROOT, "%nsweep %s: %d configurations, %d epochs; %d searches x %d repeats;"
                        + " read %.2f s, replay %.2f s, %d trial rows%n", data.sweepId(), data.pool().size(),
                data.fullBudget(), searches.size(), base.repeats(), readSeconds, replaySeconds, trials.size());
        if (write) {
            SearchTables.write(sweep, trials, results);
            System.out.println("wrote search_trials and search_results into " + sweep);
        }
        if (report) {
            System.out.println("the report is redrawn by `bin/earlyrank report --sweep " + sweep + " --overwrite`");
        }
        return 0;
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length) {
            throw new ConfigException(flag + " needs a value");
        }
        return args[i];
    }
}
