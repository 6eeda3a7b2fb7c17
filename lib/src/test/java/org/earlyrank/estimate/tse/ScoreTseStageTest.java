package org.earlyrank.estimate.tse;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.Fs;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** The score-tse stage on a copy of the trained smoke sweep, and on an import-like sweep without steps. */
class ScoreTseStageTest {
    private static final List<String> SIX = List.of("tse", "tse-e", "tse-ema", "val-acc", "sovl", "tl-mini");

    @TempDir
    Path dir;

    /** Every file under the sweep folder with a digest of its bytes. */
    private static Map<String, String> snapshot(SweepFolder sweep) throws Exception {
        Path root = Path.of(sweep.root().toUri());
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    out.put(root.relativize(p).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(p))));
                }
            }
        }
        return out;
    }

    private static JsonNode record(SweepFolder sweep) {
        return OptionsFile.read(sweep).get("stages").get(ScoreTseStage.NAME);
    }

    @Test
    void theSmokeSweepGetsEverySixEstimatorsForEveryOkRunAndBudgetAndARerunChangesNothing() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        SweepConfig cfg = SmokeSweep.config();
        Map<String, Object> summary = Pipeline.run(Stages.SCORE_TSE, TestSpark.session(), cfg, sweep, false);
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<EstimateRow> est = sweep.read(EstimatesTable.TABLE, ScoreTseStage.NAME).stream()
                .map(EstimateRow::fromRow).toList();
        Set<String> seen = est.stream().map(e -> e.runId() + "/" + e.estimator() + "/" + e.budgetEpoch())
                .collect(Collectors.toSet());
        assertEquals(est.size(), seen.size(), "one row per run, estimator and budget");
        long ok = runs.stream().filter(RunRow::ok).count();
        assertTrue(ok >= 6, "the smoke sweep has ok runs: " + ok);
        for (RunRow r : runs) {
            if (!r.ok()) {
                continue;
            }
            for (String name : SIX) {
                for (int t = 1; t <= 4; t++) {
                    assertTrue(seen.contains(r.runId() + "/" + name + "/" + t), r.runId() + " " + name + " at " + t);
                }
            }
        }
        double costs = 0;
        for (EstimateRow e : est) {
            assertTrue(Double.isFinite(e.costSeconds()), "cost " + e.costSeconds());
            costs += e.costSeconds();
            assertTrue(Double.isFinite(e.score()));
            assertEquals("score-tse", e.stage());
            assertEquals("smoke", e.sweepId());
        }
        // Each cost times one score's own work within the stage's scoring: together they fit in it (costs counted
        // from the start of the run, or in milliseconds, would not).
        assertTrue(costs <= (double) summary.get("score_seconds"), costs + " s of costs in " + summary.get("score_seconds"));
        // TSE grows more negative with the budget (losses are positive): a user would see this in the table
        for (RunRow r : runs) {
            double prev = 0;
            for (int t = 1; t <= r.epochsDone(); t++) {
                int budget = t;
                double s = est.stream().filter(e -> e.runId().equals(r.runId()) && e.estimator().equals("tse")
                        && e.budgetEpoch() == budget).findFirst().orElseThrow().score();
                assertTrue(s < prev, "tse of " + r.runId() + " at " + t);
                prev = s;
            }
        }
        JsonNode rec = record(sweep);
        assertEquals("complete", rec.get("status").asText());
        int to = rec.get("overfit_epoch").asInt();
        assertTrue(to >= 1 && to <= 4, "T_o within the 4 epochs: " + to);
        assertEquals(EffectiveBudget.effective(to, 0.9), rec.get("effective_budget_epoch").asInt());
        assertTrue(rec.get("notes").toString().contains("effective budget"), rec.get("notes").toString());
        assertEquals(summary.get("overfit_epoch"), to);

        Map<String, String> before = snapshot(sweep);
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.SCORE_TSE, TestSpark.session(), cfg, sweep, false));
        assertEquals(before, snapshot(sweep), "re-running a complete stage writes nothing");

        // other options are refused unless --overwrite, which replaces only this stage's rows
        SweepConfig other = ConfigLoader.load(SmokeSweep.confFile(), Map.of("score-tse.estimators", "tse,val-acc"));
        String m = assertThrows(org.earlyrank.config.ConfigException.class,
                () -> Pipeline.run(Stages.SCORE_TSE, null, other, sweep, false)).getMessage();
        assertTrue(m.contains("score-tse.estimators") && m.contains("--overwrite"), m);
        Pipeline.run(Stages.SCORE_TSE, null, other, sweep, true);
        assertEquals(Set.of("tse", "val-acc"), sweep.read(EstimatesTable.TABLE, ScoreTseStage.NAME).stream()
                .map(r -> EstimateRow.fromRow(r).estimator()).collect(Collectors.toSet()));
    }

    @Test
    void aMissingCurvesTableFailsNamingItAndLeavesEveryFileUnchanged() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        deleteTree(Path.of(sweep.table(CurvesTable.NAME).toUri()));
        Map<String, String> before = snapshot(sweep);
        TableException e = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), sweep, false));
        assertEquals("curves", e.table());
        assertTrue(e.getMessage().contains("'curves'"), e.getMessage());
        assertEquals(before, snapshot(sweep));
    }

    @Test
    void aWrongSchemaOrCorruptTableFailsNamingIt() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        Path curves = Path.of(sweep.table(CurvesTable.NAME).toUri());
        Path part = partFile(curves);
        Path runsPart = partFile(Path.of(sweep.table(RunsTable.NAME).toUri()));
        Files.copy(runsPart, part, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Map<String, String> before = snapshot(sweep);
        TableException e = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), sweep, false));
        assertEquals("curves", e.table(), e.getMessage());
        assertEquals(before, snapshot(sweep));
        Files.write(part, new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        e = assertThrows(TableException.class, () -> Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), sweep, false));
        assertEquals("curves", e.table(), e.getMessage());
        assertTrue(e.getMessage().contains("not a readable Parquet file"), e.getMessage());
    }

    @Test
    void anImportedSweepWithoutStepsSkipsTheLossEstimatorsWithANote() throws Exception {
        SweepFolder sweep = SweepFolder.at(dir.resolve("imp").toString(), new Configuration());
        List<Row> runs = new ArrayList<>();
        List<Row> curves = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String id = "c" + i;
            runs.add(Histories.run(id, RunsTable.SOURCE_IMPORT, RunsTable.STATUS_OK, 3, 3).toRow());
            for (int e = 0; e <= 3; e++) {   // acc_0 .. acc_3, validation accuracy only
                curves.add(Histories.curve(id, e, null, null, 0.1 + 0.2 * e + 0.01 * i).toRow());
            }
        }
        write(sweep, RunsTable.TABLE, runs);
        write(sweep, CurvesTable.TABLE, curves);
        Map<String, Object> summary = Pipeline.run(Stages.SCORE_TSE, null, SmokeSweep.config(), sweep, false);
        List<EstimateRow> est = sweep.read(EstimatesTable.TABLE, ScoreTseStage.NAME).stream()
                .map(EstimateRow::fromRow).toList();
        assertEquals(Set.of("val-acc"), est.stream().map(EstimateRow::estimator).collect(Collectors.toSet()),
                "only val-acc has its inputs (no validation losses for sovl)");
        assertEquals(4 * 3, est.size(), "4 runs x budgets 1..3; epoch 0 is not a budget");
        JsonNode rec = record(sweep);
        String notes = rec.get("notes").toString();
        assertTrue(notes.contains("skipped tse, tse-e, tse-ema, tl-mini, tse-prev, tse-ema-naslib, tse-e-eb, tse-ema-eb")
                && notes.contains("no steps table"), notes);
        assertTrue(notes.contains("overfitting cannot be seen: T_o = T_end = 3"), notes);
        assertEquals(3, rec.get("overfit_epoch").asInt());
        assertEquals(2, rec.get("effective_budget_epoch").asInt(), "floor(0.9 x 3) = floor(2.7) = 2");
        assertEquals(List.of("tse", "tse-e", "tse-ema", "tl-mini", "tse-prev", "tse-ema-naslib", "tse-e-eb", "tse-ema-eb"),
                summary.get("skipped"));
    }

    /**
     * A stage killed after committing some batches resumes with the rest: each run scored once, the rows
     * those of an uninterrupted stage (scores compared; cost_seconds is a measured time).
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aKilledStageResumesScoringOnlyTheRunsItHadNotCommitted() {
        SweepConfig cfg = org.earlyrank.RealCurves.config(org.earlyrank.RealCurves.csv("deep_resnets_cifar10.csv"), Map.of());
        SweepFolder whole = org.earlyrank.RealCurves.importInto(dir.resolve("whole"), cfg);
        Pipeline.run(Stages.SCORE_TSE, null, cfg, whole, false);
        List<String> expected = scores(whole);

        SweepFolder killed = org.earlyrank.RealCurves.importInto(dir.resolve("killed"), cfg);
        List<String> runIds = killed.read(RunsTable.TABLE, "x").stream().map(r -> RunRow.fromRow(r).runId()).sorted().toList();
        // What a killed stage leaves: two committed batches, a batch in memory, a file without its marker.
        org.earlyrank.store.StageOutput out = new org.earlyrank.store.StageOutput(killed, ScoreTseStage.NAME, ScoreTseStage.OUTPUTS);
        org.earlyrank.store.CommitBatcher batch = new org.earlyrank.store.CommitBatcher(out, Long.MAX_VALUE, 50);
        Map<String, List<Row>> byRun = new TreeMap<>();
        for (Row r : whole.read(EstimatesTable.TABLE, "x")) {
            byRun.computeIfAbsent(EstimateRow.fromRow(r).runId(), k -> new ArrayList<>()).add(r);
        }
        for (String run : runIds.subList(0, 120)) { // 120 added: two batches of 50 commit, 20 are in flight
            batch.add(run, Map.of(EstimatesTable.NAME, byRun.getOrDefault(run, List.of())));
        }
        out.commit("batch-lost", Map.of(EstimatesTable.NAME, whole.read(EstimatesTable.TABLE, "x").subList(0, 5)), "{}");
        org.apache.hadoop.fs.Path marker = new org.apache.hadoop.fs.Path(out.dir(), "committed/batch-lost");
        Fs.delete(killed.fs(), marker);
        int committed = org.earlyrank.store.CommitBatcher.committedRuns(out).size();
        assertEquals(100, committed, "committed runs at the kill");

        Map<String, Object> summary = Pipeline.run(Stages.SCORE_TSE, null, cfg, killed, false);
        assertEquals(runIds.size() - committed, summary.get("scored_now"));
        assertEquals(expected, scores(killed));
        assertEquals(1, killed.partFiles(EstimatesTable.TABLE, "x").size(), "one published file");
    }

    private static List<String> scores(SweepFolder sweep) {
        return sweep.read(EstimatesTable.TABLE, "x").stream().map(EstimateRow::fromRow)
                .map(e -> e.runId() + "/" + e.estimator() + "/" + e.budgetEpoch() + "/" + e.score()).sorted().toList();
    }

    private static void write(SweepFolder sweep, TableSchema t, List<Row> rows) throws IOException {
        ParquetTableWriter.writeFile(new org.apache.hadoop.fs.Path(sweep.table(t.name()), "part-0.parquet"), t, rows,
                sweep.conf());
        Files.createFile(Path.of(sweep.table(t.name()).toUri()).resolve("_SUCCESS"));
    }

    private static Path partFile(Path table) throws IOException {
        try (Stream<Path> s = Files.list(table)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.delete(f);
            }
        }
    }
}
