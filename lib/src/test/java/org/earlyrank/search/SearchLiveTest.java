package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live search at smoke size: Hyperband deciding by tse-e over the smoke sweep's configurations (--pool), really
 * trained rung by rung on Spark, against replay's repeat 0 over that sweep (scored by score-tse): the same draws,
 * the same promotions, the same pick; the search folder is a sweep folder with each configuration once, up to
 * the epoch it reached, fewer epochs than the full sweep, and no checkpoint left.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SearchLiveTest {
    @TempDir
    static java.nio.file.Path dir;
    static SweepFolder pool;

    @BeforeAll
    static void scoreTheSmokeSweep() {
        pool = SmokeSweep.copy(dir.resolve("pool"));
        Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), pool, false);
    }

    private static SweepConfig config(String... kv) {
        Map<String, String> o = new HashMap<>();
        o.put("search.pool", java.nio.file.Path.of(pool.root().toUri()).toString());
        for (int i = 0; i < kv.length; i += 2) {
            o.put("search." + kv[i], kv[i + 1]);
        }
        return ConfigLoader.load(SmokeSweep.confFile(), o);
    }

    private static String decision(SearchTrialRow t) {
        return t.bracket() + "/" + t.rung() + " " + t.runId() + "@" + t.budgetEpoch() + (t.promoted() ? " promoted" : "");
    }

    @Test
    void liveHyperbandMakesReplaysPromotionsAndLeavesASweepFolder() throws Exception {
        SweepConfig cfg = config("algorithm", "hyperband", "estimator", "tse-e", "repeats", "1");
        SearchReplay.Result replay = SearchReplay.run(pool, cfg.get(SearchOptions.SECTION));

        SweepFolder live = SweepFolder.at(dir.resolve("live").toString(), cfg.sweepId(), new Configuration());
        Map<String, Object> summary = Pipeline.run(Stages.SEARCH_LIVE, TestSpark.session(), cfg, live, false);

        List<SearchTrialRow> trials = live.read(SearchTrialsTable.TABLE, SearchLiveStage.NAME).stream()
                .map(SearchTrialRow::fromRow).toList();
        List<String> expected = replay.trials().stream().filter(t -> t.repeat() == 0).map(SearchLiveTest::decision).toList();
        assertEquals(expected, trials.stream().map(SearchLiveTest::decision).sorted(
                java.util.Comparator.comparingInt(expected::indexOf)).toList(), "the same draws and promotions as replay");
        Map<String, Double> replayScore = new HashMap<>();
        replay.trials().forEach(t -> replayScore.put(t.runId() + "@" + t.budgetEpoch(), t.score()));
        for (SearchTrialRow t : trials) {
            assertEquals(SearchLiveStage.MODE, t.mode());
            assertEquals("tse-e", t.scoreSource());
            // the same estimator code on a retrained run: resumed training differs in the last bits only
            assertEquals(replayScore.get(t.runId() + "@" + t.budgetEpoch()), t.score(), 2e-3, decision(t));
        }
        SearchResultRow result = SearchResultRow.fromRow(live.read(SearchResultsTable.TABLE, SearchLiveStage.NAME).get(0));
        assertEquals(replay.results().get(0).pickRunId(), result.pickRunId());
        assertEquals(replay.results().get(0).epochsTrained(), result.epochsTrained());
        assertTrue(result.epochsTrained() < result.fullEpochs(), result.epochsTrained() + " of " + result.fullEpochs());
        assertNotNull(result.pickTestAcc(), "the pick reached the full budget: its truth is measured");

        // a sweep folder: every trained configuration once, curves and steps up to the epoch it reached
        Map<String, Integer> reached = new HashMap<>();
        trials.forEach(t -> reached.merge(t.runId(), t.budgetEpoch(), Math::max));
        List<RunRow> runs = live.read(RunsTable.TABLE, SearchLiveStage.NAME).stream().map(RunRow::fromRow).toList();
        assertEquals(reached.keySet(), new HashSet<>(runs.stream().map(RunRow::runId).toList()));
        assertEquals(reached.size(), runs.size(), "one runs row per configuration");
        for (RunRow r : runs) {
            assertEquals(reached.get(r.runId()), r.epochsDone(), r.runId());
            assertEquals(4, r.epochsPlanned(), "planned for R: the schedule's horizon");
        }
        List<CurveRow> curves = live.read(CurvesTable.TABLE, SearchLiveStage.NAME).stream().map(CurveRow::fromRow).toList();
        Set<String> keys = new HashSet<>();
        curves.forEach(c -> assertTrue(keys.add(c.runId() + "@" + c.epoch()), "duplicate curve " + c.runId() + "@" + c.epoch()));
        assertEquals(reached.values().stream().mapToInt(Integer::intValue).sum(), curves.size());
        assertEquals(result.epochsTrained(), (long) curves.size(), "every epoch trained once");
        assertFalse(live.read(StepsTable.TABLE, SearchLiveStage.NAME).isEmpty());
        java.nio.file.Path staging = java.nio.file.Path.of(live.staging().toUri());
        try (java.util.stream.Stream<java.nio.file.Path> files = Files.exists(staging) ? Files.walk(staging)
                : java.util.stream.Stream.empty()) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList(), "no checkpoint left");
        }
        assertEquals(result.epochsTrained(), ((Number) summary.get("epochs_trained_now")).longValue());

        // done: a re-run does nothing
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.SEARCH_LIVE, TestSpark.session(), cfg, live, false));
    }

    @Test
    void anEstimatorThatCannotBeScoredLiveIsRefusedNamingTheOnesThatCan() {
        SweepConfig cfg = config("estimator", "fh-ensemble");
        SweepFolder live = SweepFolder.at(dir.resolve("refused").toString(), cfg.sweepId(), new Configuration());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.SEARCH_LIVE, null, cfg, live, false));
        assertTrue(e.getMessage().contains("val-acc, ") && e.getMessage().contains("tse-e"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");
    }
}
