package org.earlyrank.estimate.combined;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.earlyrank.RealCurves;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit-combined on imported learning curves (24 saturating curves of 5 epochs, no training) scored by score-tse: rows,
 * cost, honesty, the report. Small options keep it to seconds.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FitCombinedStageTest {
    @TempDir
    Path dir;

    @Test
    void everyRunIsScoredAtEveryBudgetByAModelThatNeverSawItsTruthAndTheReportRanksIt() throws Exception {
        SweepConfig cfg = RealCurves.config(csv(), Map.of("fit-combined.models", "nu-svr",
                "fit-combined.folds", "4", "fit-combined.inner_folds", "3", "fit-combined.input_caps", "2,0",
                "report.bootstrap", "50"));
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        Pipeline.run(Stages.SCORE_TSE, null, cfg, sweep, false);
        Map<String, Object> summary = Pipeline.run(Stages.FIT_COMBINED, null, cfg, sweep, false);

        List<EstimateRow> all = sweep.read(EstimatesTable.TABLE, "score-tse").stream().map(EstimateRow::fromRow).toList();
        List<EstimateRow> combined = all.stream().filter(e -> FitCombinedStage.NAME.equals(e.stage())).toList();
        TreeSet<Integer> budgets = new TreeSet<>();
        all.stream().filter(e -> !FitCombinedStage.NAME.equals(e.stage())).forEach(e -> budgets.add(e.budgetEpoch()));
        assertEquals(List.copyOf(budgets), summary.get("budgets"), "every budget the other estimators scored: " + summary);
        Map<String, Double> inputCost = new HashMap<>();
        for (EstimateRow e : all) {
            if (!FitCombinedStage.NAME.equals(e.stage())) {
                inputCost.merge(e.runId() + "@" + e.budgetEpoch(), e.costSeconds(), Double::sum);
            }
        }
        assertFalse(combined.isEmpty());
        for (EstimateRow e : combined) {
            assertEquals(CombinedInputs.NAME, e.estimator());
            assertTrue(Double.isFinite(e.score()), e.toString());
            // its cost is at least the sum of its inputs' costs at that budget
            assertTrue(e.costSeconds() >= inputCost.getOrDefault(e.runId() + "@" + e.budgetEpoch(), 0.0), e.toString());
        }

        // honest: a run's combined scores do not change when its own truth does (other runs' may)
        SweepData data = SweepData.read(sweep, List.of(EstimatesTable.TABLE));
        RunHistory target = data.okRuns().get(0);
        Map<String, Double> before = scores(data, cfg);
        Map<String, Double> after = scores(withTruth(data, target.runId(), 0.0), cfg);
        boolean othersChanged = false;
        for (Map.Entry<String, Double> e : before.entrySet()) {
            if (e.getKey().startsWith(target.runId() + "@")) {
                assertEquals(e.getValue(), after.get(e.getKey()), 0.0, e.getKey());
            } else {
                othersChanged |= !e.getValue().equals(after.get(e.getKey()));
            }
        }
        assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith(target.runId() + "@")), "the run is scored");
        assertTrue(othersChanged, "the truth does reach the models that score other runs");

        // ranked like any other estimator
        Pipeline.run(Stages.REPORT, null, cfg, sweep, false);
        List<RankCorrelationRow> ranked = sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).stream()
                .map(RankCorrelationRow::fromRow).filter(r -> r.estimator().equals(CombinedInputs.NAME)).toList();
        assertEquals(budgets.size(), ranked.size());
        assertTrue(ranked.stream().allMatch(r -> "fit-combined".equals(r.stage())), ranked.toString());
        assertTrue(Files.readString(Path.of(sweep.reportDir().toUri()).resolve(ReportStage.PAGE)).contains("combined"));
    }

    @Test
    void anExcludedNameMustBeARegisteredEstimator() {
        SweepConfig cfg = ConfigLoader.load(null, Map.of("fit-combined.exclude", "svr,tse-foo"));
        String m = assertThrows(ConfigException.class, () -> Stages.FIT_COMBINED.checkOptions(cfg)).getMessage();
        assertTrue(m.contains("fit-combined.exclude") && m.contains("tse-foo"), m);
        Stages.FIT_COMBINED.checkOptions(ConfigLoader.load(null, Map.of("fit-combined.exclude", "svr")));
        String b = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, Map.of("fit-combined.models", "xgboost"))).getMessage();
        assertTrue(b.contains("fit-combined.models") && b.contains("random-forest"), b);
    }

    /** y_t = A (1 - exp(-k t)) + noise for 24 configurations, 5 epochs, as a curves CSV for import-curves. */
    private Path csv() throws Exception {
        Random rnd = new Random(11);
        StringBuilder b = new StringBuilder("num_params,lr");
        for (int t = 1; t <= 5; t++) {
            b.append(",acc_").append(t);
        }
        b.append('\n');
        for (int i = 0; i < 24; i++) {
            double a = 0.5 + 0.45 * rnd.nextDouble();
            double k = 0.15 + 0.3 * rnd.nextDouble();
            b.append(1000 + 37 * i).append(',').append(String.format(Locale.ROOT, "%.4f", k));
            for (int t = 1; t <= 5; t++) {
                b.append(String.format(Locale.ROOT, ",%.5f", a * (1 - Math.exp(-k * t)) + 0.01 * rnd.nextGaussian()));
            }
            b.append('\n');
        }
        Path file = dir.resolve("saturating.csv");
        Files.writeString(file, b);
        return file;
    }

    /** run@budget -> combined score. */
    private static Map<String, Double> scores(SweepData data, SweepConfig cfg) {
        CombinedFamily.Fitted f = CombinedFamily.DEFAULT.fit(new FitInput(data, cfg, List.of(CombinedInputs.NAME), n -> { }));
        Map<String, Double> out = new HashMap<>();
        for (RunHistory h : data.runs()) {
            for (Score s : f.scoreRun(h.view(), f.budgets()).scores()) {
                out.put(h.runId() + "@" + s.budget(), s.value());
            }
        }
        return out;
    }

    /** The same sweep with one run's truth (final test accuracy, or validation accuracy for imports) replaced. */
    private static SweepData withTruth(SweepData data, String runId, double acc) {
        List<RunHistory> runs = new ArrayList<>();
        for (RunHistory h : data.runs()) {
            RunRow r = h.run();
            if (r.runId().equals(runId)) {
                r = new RunRow(r.sweepId(), r.runId(), r.archId(), r.arch(), r.space(), r.source(), r.seed(),
                        r.epochsPlanned(), r.epochsDone(), r.nParams(), r.flops(), r.status(), r.error(),
                        r.finalTestAcc() == null ? acc : r.finalValAcc(), r.finalTestAcc() == null ? null : acc, r.trainSeconds(), r.learningRate(), r.batchSize(), r.weightDecay(), r.channels(), r.cells(),
                        r.imageSize(), r.trainFraction(), r.hparams(), r.dataset(), r.momentum(), r.schedule(), r.depth(),
                        r.attempts(), r.captureSeconds(), r.valImages(), r.testImages());
            }
            runs.add(new RunHistory(r, h.view()));
        }
        return SweepData.of(data.sweepId(), runs, data.hasSteps());
    }
}
