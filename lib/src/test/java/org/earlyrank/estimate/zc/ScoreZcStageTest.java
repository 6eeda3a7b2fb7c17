package org.earlyrank.estimate.zc;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.earlyrank.RealCurves;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** score-zc on the trained smoke sweep (8 real runs) and on imported curves; the report ranks budget 0. */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ScoreZcStageTest {
    @TempDir
    Path dir;

    @Test
    void everyTrainedRunGetsItsProxiesAtBudgetZeroWithTheirCostAndTheReportRanksThem() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        // grasp is left out to keep the test cheap; the names are checked against the registry
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(),
                Map.of("score-zc.estimators", "zc-grad-norm,zc-snip,zc-synflow,zc-jacov,zc-params,zc-flops"));
        Map<String, Object> summary = Pipeline.run(Stages.SCORE_ZC, TestSpark.session(), cfg, sweep, false);
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        assertEquals(runs.size(), summary.get("scored"), summary.toString());
        assertNotNull(summary.get("median_run_proxy_seconds_per_epoch_second"), "cost as a fraction of an epoch");

        List<EstimateRow> rows = sweep.read(EstimatesTable.TABLE, ScoreZcStage.NAME).stream().map(EstimateRow::fromRow)
                .filter(e -> ScoreZcStage.NAME.equals(e.stage())).toList();
        Map<String, RunRow> byId = new HashMap<>();
        runs.forEach(r -> byId.put(r.runId(), r));
        Map<String, Integer> perProxy = new HashMap<>();
        for (EstimateRow e : rows) {
            assertEquals(0, e.budgetEpoch(), e.toString());
            assertEquals(ScoreZcStage.NAME, e.stage());
            assertTrue(e.costSeconds() >= 0 && Double.isFinite(e.score()), e.toString());
            perProxy.merge(e.estimator(), 1, Integer::sum);
            RunRow r = byId.get(e.runId());
            // the rebuilt network is the trained one: its counts are the runs table's
            if (e.estimator().equals("zc-params")) {
                assertEquals(r.nParams().doubleValue(), e.score(), 0.0);
            }
            if (e.estimator().equals("zc-flops")) {
                assertEquals(r.flops().doubleValue(), e.score(), 0.0);
            }
        }
        assertFalse(perProxy.containsKey("zc-grasp"), "only the proxies asked for");
        for (String p : List.of("zc-grad-norm", "zc-snip", "zc-synflow", "zc-params", "zc-flops")) {
            assertEquals(runs.size(), perProxy.get(p), p + ": one row per run");
        }
        // jacov is undefined on a network whose output ignores its input (no row, a note); never more rows
        assertTrue(perProxy.getOrDefault("zc-jacov", 0) <= runs.size());
        double dataCost = rows.stream().filter(e -> e.estimator().equals("zc-snip")).mapToDouble(EstimateRow::costSeconds)
                .min().orElseThrow();
        assertTrue(dataCost > 0, "a proxy that reads data pays for a pass through the network");

        // the family's scorer reads the stored proxies back at any budget
        SweepData data = SweepData.read(sweep, List.of(EstimatesTable.TABLE));
        ZcFamily.StoredProxies scorer = ZcFamily.DEFAULT.fit(new FitInput(data, cfg, List.of("zc-synflow"), n -> { }));
        RunHistory h = data.runs().get(0);
        double stored = rows.stream().filter(e -> e.runId().equals(h.runId()) && e.estimator().equals("zc-synflow"))
                .findFirst().orElseThrow().score();
        assertEquals(stored, scorer.score("zc-synflow", h.view().upTo(0)).orElseThrow(), 0.0);
        assertEquals(stored, scorer.score("zc-synflow", h.view().upTo(3)).orElseThrow(), 0.0);

        // a second run finds the stage complete and changes nothing
        Pipeline.run(Stages.SCORE_ZC, TestSpark.session(), cfg, sweep, false);
        assertEquals(rows.size(), sweep.read(EstimatesTable.TABLE, ScoreZcStage.NAME).size());

        // the report ranks budget 0 like any other budget
        Pipeline.run(Stages.REPORT, TestSpark.session(), cfg, sweep, false);
        List<RankCorrelationRow> ranked = sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).stream()
                .map(RankCorrelationRow::fromRow).filter(r -> r.estimator().equals("zc-synflow")).toList();
        assertEquals(1, ranked.size());
        assertEquals(0, ranked.get(0).budgetEpoch());
        assertEquals(0.0, ranked.get(0).budgetFraction(), 0.0);
        assertTrue(ranked.get(0).n() > 0 && ranked.get(0).kendallTau() != null, ranked.toString());
        String page = Files.readString(Path.of(sweep.reportDir().toUri()).resolve(ReportStage.PAGE));
        assertTrue(page.contains("zc-synflow"), "the page names the proxy");
    }

    /**
     * The proxies' passes leave off-heap garbage that only a collection frees; a run's network and that garbage
     * are released as soon as its proxies are scored (the default sweep's score-zc was killed at 22 GB resident
     * without it).
     */
    @Test
    void aRunsNetworkIsReleasedOnceItsProxiesAreScored() {
        SweepFolder sweep = SmokeSweep.copy(dir);
        RunRow run = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow)
                .filter(r -> InitialNetwork.whyNot(r) == null).findFirst().orElseThrow();
        InitialNetwork.Recorded rec = InitialNetwork.recorded(sweep).orElseThrow();
        InitialNetwork init = InitialNetwork.rebuild(sweep.sweepId(), InitialNetwork.unitOf(run), rec.dataset(),
                rec.train(), sweep.conf());
        assertTrue(init.proxies(1, EnumSet.of(ZeroCostProxy.GRAD_NORM)).get(0).defined());
        init.release();
        assertTrue(init.net().params().wasClosed(), "the network's parameters are freed, not left to the collector");
    }

    @Test
    void anImportedSweepHasNoNetworksAndIsSkippedWithANote() throws Exception {
        SweepConfig cfg = RealCurves.config(RealCurves.csv("deep_resnets_cifar10.csv"), Map.of());
        SweepFolder sweep = RealCurves.importInto(dir, cfg);
        Map<String, Object> summary = Pipeline.run(Stages.SCORE_ZC, TestSpark.session(), cfg, sweep, false);
        assertTrue(String.valueOf(summary.get("skipped")).contains("imported curves"), summary.toString());
        assertTrue(Files.readString(Path.of(sweep.optionsFile().toUri())).contains("score-zc writes no rows"));
        assertTrue(!sweep.hasTable(EstimatesTable.NAME) || sweep.read(EstimatesTable.TABLE, ScoreZcStage.NAME).isEmpty(),
                "no rows");
    }

    @Test
    void anUnknownProxyNameIsRefusedNamingTheKnownOnes() {
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("score-zc.estimators", "zc-snip,zc-naswot"));
        String m = assertThrows(ConfigException.class, () -> Stages.SCORE_ZC.checkOptions(cfg)).getMessage();
        assertTrue(m.contains("score-zc.estimators") && m.contains("zc-naswot") && m.contains("zc-synflow"), m);
        String b = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(SmokeSweep.confFile(), Map.of("score-zc.minibatches", "0"))).getMessage();
        assertTrue(b.contains("score-zc.minibatches"), b);
    }
}
