package org.earlyrank.finaltrain;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train-final stage on a copy of the smoke sweep (real Fashion-MNIST runs), with estimates written here:
 * val-acc (validation accuracy at the budget epoch) and loss (negated training loss), from the curves.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES) // data-parallel final training: longer than the suite's default
class TrainFinalStageTest {
    @TempDir
    Path dir;

    /** A test-sized final scale: the tests check the stage's contract, the benchmark checks the gains. */
    private static SweepConfig config(String estimator, String budget) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("train-final.estimator", estimator);
        o.put("train-final.budget", budget);
        o.put("train-final.top_k", "2");
        o.put("train-final.channels", "4");
        o.put("train-final.epochs", "2");
        o.put("train-final.train_size", "500");
        return ConfigLoader.load(SmokeSweep.confFile(), o);
    }

    /** The smoke sweep with an estimates table: val-acc and tl-mini (here minus the epoch's training loss) at every budget 1..4. */
    private SweepFolder sweepWithEstimates() {
        return sweepWithEstimates(dir);
    }

    private static SweepFolder sweepWithEstimates(Path where) {
        SweepFolder sweep = SmokeSweep.copy(where);
        List<Row> rows = new ArrayList<>();
        for (CurveRow c : curves(sweep)) {
            rows.add(new EstimateRow(sweep.sweepId(), c.runId(), "val-acc", c.epoch(), c.valAcc(), 0.0, "score-tse").toRow());
            rows.add(new EstimateRow(sweep.sweepId(), c.runId(), "tl-mini", c.epoch(), -c.trainLoss(), 0.0, "score-tse").toRow());
        }
        StageOutput out = new StageOutput(sweep, "score-tse", List.of(EstimatesTable.TABLE));
        out.commit("all", Map.of(EstimatesTable.NAME, rows), "{}");
        out.publish();
        return sweep;
    }

    private static List<CurveRow> curves(SweepFolder sweep) {
        return sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList();
    }

    /** The run ids with the highest validation accuracy at an epoch, ties by run_id: what val-acc must pick. */
    private static List<String> topByValAcc(SweepFolder sweep, int epoch, int k) {
        return curves(sweep).stream().filter(c -> c.epoch() == epoch)
                .sorted(Comparator.comparing((CurveRow c) -> -c.valAcc()).thenComparing(CurveRow::runId))
                .limit(k).map(CurveRow::runId).toList();
    }

    private static List<FinalRunRow> finalRuns(SweepFolder sweep) {
        return sweep.read(FinalRunsTable.TABLE, TrainFinalStage.NAME).stream().map(FinalRunRow::fromRow)
                .sorted(Comparator.comparingInt(FinalRunRow::rankByEstimator)).toList();
    }

    @Test
    void theTopRunsAreRetrainedDataParallelAndARerunDoesNothing() {
        SweepFolder sweep = sweepWithEstimates();
        Map<String, Object> summary = Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("val-acc", "2"), sweep, false);
        assertEquals(2, summary.get("trained_now"));

        List<FinalRunRow> rows = finalRuns(sweep);
        assertEquals(topByValAcc(sweep, 2, 2), rows.stream().map(FinalRunRow::runId).toList());
        Map<String, RunRow> runs = new LinkedHashMap<>();
        sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).forEach(r -> runs.put(r.runId(), r));
        for (FinalRunRow r : rows) {
            System.err.printf("%s rank %d: final test acc %.3f, sweep test acc %.3f%n", r.runId(), r.rankByEstimator(),
                    r.finalTestAcc(), r.sweepTestAcc());
            RunRow run = runs.get(r.runId());
            assertEquals(run.arch(), r.arch());
            assertEquals(run.finalTestAcc(), r.sweepTestAcc(), "the sweep's accuracy of the same run");
            // Two epochs of a C = 4 network on 500 images (0.33 here): above chance (0.10), no more is claimed.
            assertTrue(r.finalTestAcc() > 0.2 && r.finalTestAcc() <= 1.0, "a trained network: " + r.finalTestAcc());
            assertEquals("val-acc", r.estimator());
            assertEquals(2, r.budgetEpoch());
            assertEquals(WinnerSelection.BY_CONFIG, r.selection());
            assertEquals(2, r.workers(), "every task slot of local[2]");
            assertEquals(2, r.epochs());
            assertEquals(4, r.channels());
            assertEquals(500, r.trainSize());
            assertEquals(run.batchSize(), r.batchSize(), "batch_size 0 keeps the run's");
            assertEquals(FinalRunsTable.STATUS_OK, r.status());
            assertEquals(r.workerMinibatches(), r.fastPathMinibatches(), "oneDNN on every worker minibatch");
            assertTrue(r.secondsPerEpoch() > 0 && r.trainSeconds() >= r.secondsPerEpoch());
        }
        assertEquals(List.of(1, 2), rows.stream().map(FinalRunRow::rankByEstimator).toList());
        for (org.apache.hadoop.fs.Path p : sweep.partFiles(FinalRunsTable.TABLE, TrainFinalStage.NAME)) {
            assertEquals(FinalRunsTable.TABLE.parquet(), ParquetTableReader.footerSchema(p, sweep.conf(), "final_runs"));
        }

        // The report is redrawn with the winners' section.
        String page = readPage(String.valueOf(summary.get("report")));
        assertTrue(page.contains("id=\"final-runs\""), "the final-runs section on report/index.html");
        rows.forEach(r -> assertTrue(page.contains(">" + r.runId() + "<"), r.runId() + " on the page"));

        // A rerun trains nothing, and the report, already showing final_runs, stays as it is.
        String before = readPage(String.valueOf(summary.get("report")));
        Map<String, Object> again = Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("val-acc", "2"), sweep, false);
        assertEquals(true, again.get("already_complete"), again.toString());
        assertEquals(before, readPage(String.valueOf(again.get("report"))), "the page was not redrawn");
        ConfigException other = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("tl-mini", "2"), sweep, false));
        assertTrue(other.getMessage().contains("--overwrite"), other.getMessage());
    }

    @Test
    void aResumedStageDoesNotRetrainACommittedWinner() {
        SweepFolder sweep = sweepWithEstimates();
        SweepConfig cfg = config("val-acc", "2");
        // A stage killed after its first winner: that winner's rows are committed, the second's are not.
        TrainFinalStage.FinalTraining plan = TrainFinalStage.plan(TestSpark.session(), cfg, sweep);
        StageRun killed = StageRun.begin(sweep, TrainFinalStage.NAME, plan.recorded(), TrainFinalStage.OUTPUTS, false, false);
        WinnerSelection.Winner first = plan.selection().winners().get(0);
        DataParallelTrainer.Result sentinel = new DataParallelTrainer.Result("ok", 2, 0.123, 0.5, 1.0, List.of(0.5, 0.5),
                10, 4, 4, 2, 500, 500);
        killed.output().commit(first.run().runId(), Map.of(FinalRunsTable.NAME, List.of(TrainFinalStage.row(
                sweep.sweepId(), first, plan.specs().get(first.run().runId()), sentinel, plan).toRow())), "{}");

        Map<String, Object> summary = Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, sweep, false);
        assertEquals(1, summary.get("already_trained"));
        assertEquals(1, summary.get("trained_now"));
        List<FinalRunRow> rows = finalRuns(sweep);
        assertEquals(2, rows.size());
        assertEquals(0.123, rows.get(0).finalTestAcc(), 0.0, "the committed winner was kept, not retrained");
        assertNotEquals(0.123, rows.get(1).finalTestAcc());
    }

    /** A rank_correlation row as the report writes it, with only the estimator, budget and tau that matter here. */
    private static Row correlation(String estimator, int budget, Double tau) {
        return new RankCorrelationRow("smoke", estimator, budget, 8, tau, null, null, null, null, null, null, null,
                "final test_acc", null, null, 0, null, 0, null, "score-tse").toRow();
    }

    @Test
    void autoPicksWhatTheReportRanksBest() {
        SweepFolder sweep = sweepWithEstimates();
        List<Row> report = List.of(
                correlation("val-acc", 1, 0.40),
                correlation("tl-mini", 1, 0.55),
                correlation("val-acc", 4, 1.0), // above round(0.25 x 4) = 1: unaffordable
                correlation("tse", 1, null)); // undefined correlation: ignored
        StageOutput out = new StageOutput(sweep, "report", List.of(RankCorrelationTable.TABLE));
        out.commit("all", Map.of("rank_correlation", report), "{}");
        out.publish();
        TrainFinalStage.FinalTraining plan = TrainFinalStage.plan(TestSpark.session(), config("auto", "auto"), sweep);
        assertEquals(new WinnerSelection.Pick("tl-mini", 1, WinnerSelection.BY_REPORT), plan.selection().picks().get(0));
        assertEquals(2, plan.selection().winners().size());
    }

    @Test
    void badInputFailsWithOneMessageAndChangesNothing() throws Exception {
        SweepConfig cfg = config("val-acc", "2");
        TableException none = assertThrows(TableException.class, () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg,
                SweepFolder.at(dir.resolve("nowhere").toString(), new Configuration()), false));
        assertTrue(none.getMessage().contains("no sweep folder"), none.getMessage());

        SweepFolder noEstimates = SmokeSweep.copy(dir.resolve("a"));
        TableException missing = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, noEstimates, false));
        assertEquals("estimates", missing.table());
        assertTrue(missing.getMessage().contains("run `bin/earlyrank score-zc (or score-tse"), missing.getMessage());
        assertFalse(OptionsFile.read(noEstimates).path("stages").has(TrainFinalStage.NAME), "options.json untouched");

        SweepFolder wrongSchema = SmokeSweep.copy(dir.resolve("b"));
        Path estimates = Path.of(wrongSchema.table("estimates").toUri());
        Files.createDirectories(estimates);
        ParquetTableWriter.writeFile(new org.apache.hadoop.fs.Path(wrongSchema.table("estimates"), "part-x.parquet"),
                CurvesTable.TABLE, List.of(), wrongSchema.conf());
        Files.createFile(estimates.resolve("_SUCCESS"));
        TableException schema = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, wrongSchema, false));
        assertTrue(schema.getMessage().contains("has no column 'estimator'"), schema.getMessage());

        Files.write(estimates.resolve("part-x.parquet"), "not parquet".getBytes());
        Files.deleteIfExists(estimates.resolve(".part-x.parquet.crc"));
        TableException corrupt = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, wrongSchema, false));
        assertTrue(corrupt.getMessage().contains("is not a readable Parquet file"), corrupt.getMessage());

        SweepFolder noRuns = sweepWithEstimates(dir.resolve("c"));
        deleteTree(Path.of(noRuns.table(RunsTable.NAME).toUri()));
        TableException runs = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, noRuns, false));
        assertEquals("runs", runs.table());

        SweepFolder ok = sweepWithEstimates(dir.resolve("d"));
        ConfigException name = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("tse-e", "2"), ok, false));
        assertTrue(name.getMessage().contains("tl-mini (budgets 1-4); val-acc (budgets 1-4)"), name.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("foo", "2"), ok, false));
        assertTrue(unknown.getMessage().contains("train-final.estimator names an unknown estimator 'foo'; registered: zc-grad-norm,") && unknown.getMessage().contains(" tse-e, "),
                unknown.getMessage());
        ConfigException budget = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), config("val-acc", "9"), ok, false));
        assertTrue(budget.getMessage().contains("its budgets: 1-4"), budget.getMessage());
        assertFalse(OptionsFile.read(ok).path("stages").has(TrainFinalStage.NAME), "options.json untouched");
        assertFalse(ok.hasTable(FinalRunsTable.NAME));
    }

    private static void deleteTree(Path p) throws Exception {
        try (var files = Files.walk(p)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    private static String readPage(String page) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(page.replaceFirst("^file:", "")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
