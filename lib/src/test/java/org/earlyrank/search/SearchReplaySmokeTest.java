package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.fs.Path;
import org.earlyrank.SmokeSweep;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.Fs;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay on a real trained sweep: the smoke sweep (8 NAS-Bench-201 cells trained 4 epochs on Fashion-MNIST by
 * DL4J), scored by score-tse; the tables published and shown by the report.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SearchReplaySmokeTest {
    @TempDir
    static java.nio.file.Path dir;
    static SweepFolder sweep;

    @BeforeAll
    static void scoreTheSmokeSweep() {
        sweep = SmokeSweep.copy(dir);
        Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), sweep, false);
    }

    private static SearchOptions opts(String... kv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            o.put("search." + kv[i], kv[i + 1]);
        }
        return ConfigLoader.load(SmokeSweep.confFile(), o).get(SearchOptions.SECTION);
    }

    @Test
    void hyperbandWithTseEChargesTheMeasuredEpochsAndTheEstimatorsCost() {
        SearchReplay.Result r = SearchReplay.run(sweep, opts("algorithm", "hyperband", "estimator", "tse-e",
                "repeats", "10"));
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).filter(RunRow::ok).toList();
        Map<String, double[]> seconds = new HashMap<>();
        for (CurveRow c : sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList()) {
            seconds.computeIfAbsent(c.runId(), k -> new double[5])[c.epoch()] = c.epochSeconds();
        }
        Map<String, Double> cost = new HashMap<>();
        for (EstimateRow e : sweep.read(EstimatesTable.TABLE, "score-tse").stream().map(EstimateRow::fromRow).toList()) {
            if (e.estimator().equals("tse-e")) {
                cost.put(e.runId() + "@" + e.budgetEpoch(), e.costSeconds());
            }
        }
        double full = 0;
        for (RunRow run : runs) {
            for (int t = 1; t <= 4; t++) {
                full += seconds.get(run.runId())[t];
            }
        }
        double best = runs.stream().mapToDouble(RunRow::finalTestAcc).max().orElseThrow();
        assertEquals(10, r.results().size());
        for (SearchResultRow row : r.results()) {
            assertEquals("smoke", row.sweepId());
            assertEquals("replay", row.mode());
            assertTrue(runs.stream().anyMatch(x -> x.runId().equals(row.pickRunId())));
            assertEquals(best, row.bestTestAccInPool(), 1e-12);
            assertTrue(row.regret() >= 0);
            assertEquals(full, row.fullComputeSeconds(), 1e-9);
            assertTrue(row.computeSeconds() < row.fullComputeSeconds(), "Hyperband trains fewer epochs than the sweep");
            assertEquals(4, row.pickBudgetEpoch());
            // Recomputed from the tables: each trial pays the epochs after the last one its run had reached in
            // this repeat, and tse-e's stored cost at the budget.
            Map<String, Integer> reached = new HashMap<>();
            double total = 0;
            for (SearchTrialRow t : r.trials()) {
                if (t.repeat() != row.repeat()) {
                    continue;
                }
                int from = reached.getOrDefault(t.runId(), 0);
                double train = 0;
                for (int e = from + 1; e <= t.budgetEpoch(); e++) {
                    train += seconds.get(t.runId())[e];
                }
                reached.put(t.runId(), t.budgetEpoch());
                assertEquals(train, t.trainSeconds(), 1e-9, t.toString());
                assertEquals(cost.get(t.runId() + "@" + t.budgetEpoch()), t.estimateSeconds(), 1e-12, t.toString());
                assertEquals("tse-e", t.scoreSource());
                total += t.computeSeconds();
            }
            assertEquals(total, row.computeSeconds(), 1e-9);
        }
        // Brackets for R = 4, eta = 2: s=2 starts 4 at 1 epoch, s=1 starts 3 at 2 epochs, s=0 needs 3 more (skipped).
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("bracket s=0 needs 3")), r.notes().toString());
    }

    private static org.earlyrank.config.SweepConfig stageConfig(String... kv) {
        Map<String, String> o = new HashMap<>(Map.of("search.replay", "true", "report.bootstrap", "50"));
        for (int i = 0; i < kv.length; i += 2) {
            o.put("search." + kv[i], kv[i + 1]);
        }
        return ConfigLoader.load(SmokeSweep.confFile(), o);
    }

    @Test
    void theSearchStagePublishesEverySearchAndThePageShowsThem() throws Exception {
        SweepFolder copy = SmokeSweep.copy(dir.resolve("report"));
        Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), copy, false);
        // f-hyperband decides by val-acc only: it joins below.
        List<String> plain = List.of("random", "hyperband", "bohb");
        Map<String, Object> summary = Pipeline.run(Stages.SEARCH, null, stageConfig("algorithm", String.join(",", plain),
                "estimator", "val-acc,tse-e", "repeats", "4", "bohb_min_points", "1"), copy, false);
        int searches = plain.size() * 2;
        assertEquals(searches, summary.get("replayed"));
        List<SearchResultRow> results = copy.read(SearchResultsTable.TABLE, "search").stream()
                .map(SearchResultRow::fromRow).toList();
        assertEquals(4 * searches, results.size());
        // The stage's rows are exactly what the library replays.
        SearchReplay.Result hb = SearchReplay.run(copy, opts("algorithm", "hyperband", "estimator", "tse-e",
                "repeats", "4", "bohb_min_points", "1"));
        assertEquals(hb.results(), results.stream().filter(r -> r.searchId().equals(hb.searchId())).toList());
        assertEquals(hb.trials().size(), copy.read(SearchTrialsTable.TABLE, "search").stream()
                .map(SearchTrialRow::fromRow).filter(t -> t.searchId().equals(hb.searchId())).count());
        String html = Files.readString(java.nio.file.Path.of(copy.reportDir().toUri()).resolve(ReportStage.PAGE));
        assertTrue(html.contains("Search with the estimators"), "the report followed: the search section is on the page");
        assertTrue(html.contains("id='chart-search'"), "with its chart");
        for (String alg : plain) {
            assertTrue(html.contains("<tr><td>" + alg + "</td><td>tse-e</td>"), alg);
        }
        assertFalse(html.contains("NaN"));

        // Another search joins the tables; the earlier ones are kept as they were.
        Map<String, Object> more = Pipeline.run(Stages.SEARCH, null, fastConfig(), copy, false);
        assertEquals(1, more.get("replayed"));
        List<SearchResultRow> after = copy.read(SearchResultsTable.TABLE, "search").stream()
                .map(SearchResultRow::fromRow).toList();
        assertEquals(4 * (searches + 1), after.size());
        assertTrue(after.containsAll(results), "the earlier searches' rows are kept");
        // Asking again for searches the tables hold does nothing.
        assertTrue(after.stream().anyMatch(r -> r.algorithm().equals("f-hyperband")), "f-hyperband on real curves");
        String page = Files.readString(java.nio.file.Path.of(copy.reportDir().toUri()).resolve(ReportStage.PAGE));
        assertTrue(page.contains("<tr><td>f-hyperband</td><td>val-acc</td>"), "the redrawn page shows it");
        // Asking again for searches the tables hold does nothing.
        assertEquals(true, Pipeline.run(Stages.SEARCH, null, fastConfig(), copy, false).get("already_complete"));
        assertEquals(after, copy.read(SearchResultsTable.TABLE, "search").stream().map(SearchResultRow::fromRow).toList());
    }

    /** f-hyperband on the smoke sweep, its rungs predicted after 3 runs (fit-svr.hyperband_d). */
    private static org.earlyrank.config.SweepConfig fastConfig() {
        return ConfigLoader.load(SmokeSweep.confFile(), Map.of("search.replay", "true", "report.bootstrap", "50",
                "search.algorithm", "f-hyperband", "search.estimator", "val-acc", "search.repeats", "4",
                "fit-svr.hyperband_d", "3", "fit-svr.search_draws", "10"));
    }

    /** A folder holding only a runs table with these rows, as a pool. */
    private static SweepFolder poolOf(String name, List<RunRow> runs) {
        SweepFolder pool = SweepFolder.at(dir.resolve(name).toString(), sweep.conf());
        Path table = pool.table(RunsTable.NAME);
        Fs.mkdirs(pool.fs(), table);
        ParquetTableWriter.writeFile(new Path(table, "part-0.parquet"), RunsTable.TABLE,
                runs.stream().map(RunRow::toRow).toList(), pool.conf());
        Fs.writeString(pool.fs(), new Path(table, SweepFolder.SUCCESS), "");
        return pool;
    }

    @Test
    void aPoolRestrictsTheConfigurationsToThoseOfAnotherSweep() {
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<RunRow> six = runs.subList(0, 6);
        SweepFolder pool = poolOf("pool6", six);
        int ok = (int) six.stream().filter(RunRow::ok).count();
        SearchReplay.Result r = SearchReplay.run(sweep, opts("algorithm", "random", "random_configurations",
                String.valueOf(ok), "repeats", "3", "pool", pool.root().toString()));
        List<String> ids = six.stream().map(RunRow::runId).toList();
        assertTrue(r.trials().stream().allMatch(t -> ids.contains(t.runId())), "only the pool's configurations");
        assertEquals(3 * ok, r.trials().size(), "every ok run of the six, three times");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("pool restricted to the 6 runs")), r.notes().toString());
        // Same run ids, other architectures: nothing in common.
        List<RunRow> other = six.stream().map(x -> new RunRow(x.sweepId(), x.runId(), x.archId(), "other", x.space(),
                x.source(), x.seed(), x.epochsPlanned(), x.epochsDone(), x.nParams(), x.flops(), x.status(), x.error(),
                x.finalValAcc(), x.finalTestAcc(), x.trainSeconds(), x.learningRate(), x.batchSize(), x.weightDecay(),
                x.channels(), x.cells(), x.imageSize(), x.trainFraction(), x.hparams(), x.dataset(), x.momentum(),
                x.schedule(), x.depth(), x.attempts(), x.captureSeconds())).toList();
        SweepFolder none = poolOf("pool-none", other);
        org.earlyrank.config.ConfigException e = assertThrows(org.earlyrank.config.ConfigException.class,
                () -> SearchReplay.run(sweep, opts("pool", none.root().toString())));
        assertTrue(e.getMessage().contains("shares no configuration (same run_id and arch)"), e.getMessage());
    }

    @Test
    void aSweepWhoseRunsDidNotReachThePlannedBudgetIsRefusedAndNothingIsWritten() {
        SweepFolder copy = SmokeSweep.copy(dir.resolve("short"));
        List<RunRow> runs = copy.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        // Pretend the sweep was planned for 6 epochs and stopped after 4.
        List<org.apache.spark.sql.Row> rows = runs.stream().map(r -> new RunRow(r.sweepId(), r.runId(), r.archId(),
                r.arch(), r.space(), r.source(), r.seed(), 6, r.epochsDone(), r.nParams(), r.flops(), r.status(), r.error(),
                r.finalValAcc(), r.finalTestAcc(), r.trainSeconds(), r.learningRate(), r.batchSize(), r.weightDecay(),
                r.channels(), r.cells(), r.imageSize(), r.trainFraction(), r.hparams(), r.dataset(), r.momentum(),
                r.schedule(), r.depth(), r.attempts(), r.captureSeconds()).toRow()).toList();
        Path table = copy.table(RunsTable.NAME);
        Fs.delete(copy.fs(), table);
        Fs.mkdirs(copy.fs(), table);
        ParquetTableWriter.writeFile(new Path(table, "part-0.parquet"), RunsTable.TABLE, rows, copy.conf());
        Fs.writeString(copy.fs(), new Path(table, SweepFolder.SUCCESS), "");
        TableException e = assertThrows(TableException.class, () -> Pipeline.run(Stages.SEARCH, null, stageConfig(),
                copy, false));
        assertTrue(e.getMessage().startsWith("cannot replay a search over sweep smoke: runs did not reach the full"
                + " budget of 6 epochs"), e.getMessage());
        assertFalse(copy.hasTable(SearchResultsTable.NAME));
        assertFalse(Fs.exists(copy.fs(), copy.stageStaging(SearchStage.NAME)));
        assertFalse(org.earlyrank.store.OptionsFile.read(copy).path("stages").has(SearchStage.NAME));
    }
}
