package org.earlyrank.estimate.ensemble;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.Fs;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.TableCompactor;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The fit-ensemble stage on copies of the real smoke sweep. */
class FitEnsembleStageTest {
    @TempDir
    Path dir;

    private static List<EstimateRow> estimates(SweepFolder sweep) {
        return sweep.read(EstimatesTable.TABLE, FitEnsembleStage.NAME).stream().map(EstimateRow::fromRow).toList();
    }

    private static JsonNode stageRecord(SweepFolder sweep) throws Exception {
        return new ObjectMapper().readTree(Files.readString(Path.of(sweep.optionsFile().toUri())))
                .get("stages").get(FitEnsembleStage.NAME);
    }

    @Test
    void everyOkRunGetsAllThreeEstimatorsAtTwoBudgetsOrMoreAndReRunningIsANoOp() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        SweepConfig cfg = SmokeSweep.config();
        Map<String, Object> summary = Pipeline.run(Stages.FIT_ENSEMBLE, TestSpark.session(), cfg, sweep, false);
        System.out.println("[fit-ensemble on the smoke sweep] " + summary);

        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<EstimateRow> rows = estimates(sweep);
        Map<String, Set<Integer>> budgets = new HashMap<>();
        double wall = (double) summary.get("wall_seconds");
        for (EstimateRow e : rows) {
            assertTrue(e.score() >= 0 && e.score() <= 1, e.toString());
            // a row's cost adds disjoint pieces of its run's task (reads, fits, its own averaging), all inside the
            // stage: a fit counted twice, or a cost in milliseconds, would exceed the stage's wall time
            assertTrue(Double.isFinite(e.costSeconds()) && e.costSeconds() >= 0 && e.costSeconds() <= wall, e.toString());
            assertEquals(FitEnsembleStage.NAME, e.stage());
            assertTrue(ClassifierEnsembleEstimator.NAMES.contains(e.estimator()), e.estimator());
            budgets.computeIfAbsent(e.runId() + "/" + e.estimator(), k -> new TreeSet<>()).add(e.budgetEpoch());
        }
        long ok = runs.stream().filter(RunRow::ok).count();
        assertTrue(ok >= 6, "most smoke runs train fine");
        for (RunRow r : runs) {
            if (r.ok()) {
                for (String name : ClassifierEnsembleEstimator.NAMES) {
                    Set<Integer> b = budgets.getOrDefault(r.runId() + "/" + name, Set.of());
                    assertTrue(b.size() >= 2, r.runId() + " " + name + " at budgets " + b);
                    assertEquals(new TreeSet<>(List.of(1, 2, 3, 4)), b, "every = 1 scores every epoch");
                }
            }
        }
        assertEquals(rows.size(), summary.get("estimate_rows"));
        assertEquals((int) ok, summary.get("scored"));
        // 4 epochs, K = 10: 4 fits with the cache instead of 1 + 2 + 3 + 4 without.
        assertEquals(4 * (int) ok, summary.get("head_fits"));
        assertEquals(10 * (int) ok, summary.get("head_fits_without_cache"));
        assertNotNull(summary.get("median_run_seconds_per_epoch_second"));
        assertEquals("complete", stageRecord(sweep).get("status").asText());

        // Again with the same options: nothing is recomputed, the table stays as it is.
        byte[] before = Files.readAllBytes(Path.of(sweep.table(EstimatesTable.NAME).toUri())
                .resolve("part-" + FitEnsembleStage.NAME + "-sorted-00000.parquet"));
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.FIT_ENSEMBLE, TestSpark.session(), cfg, sweep, false));
        assertArrayEquals(before, Files.readAllBytes(Path.of(sweep.table(EstimatesTable.NAME).toUri())
                .resolve("part-" + FitEnsembleStage.NAME + "-sorted-00000.parquet")));
        assertEquals(rows.size(), estimates(sweep).size());

        // Other options are refused without --overwrite, naming the difference.
        SweepConfig other = ConfigLoader.load(SmokeSweep.confFile(), Map.of("fit-ensemble.window", "2"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.FIT_ENSEMBLE, TestSpark.session(), other, sweep, false));
        assertTrue(e.getMessage().contains("window: 10 -> 2"), e.getMessage());
    }

    /** A problem at epoch 3 leaves the budgets before it scored, as score-tse does with its losses. */
    @Test
    void aRunWhoseFeaturesHoldNaNAtEpochThreeIsScoredAtTheBudgetsBeforeIt() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        String victim = "r003";
        // The published features file (sorted by run and epoch), rewritten in the same layout.
        org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(sweep.table(FeaturesTable.NAME),
                "part-train-sorted-00000.parquet");
        List<Row> rows = new ArrayList<>();
        for (Row r : ParquetTableReader.readFile(part, FeaturesTable.TABLE, sweep.conf())) {
            FeatureRow f = FeatureRow.fromRow(r);
            if (f.runId().equals(victim) && f.epoch() == 3 && f.split().equals(FeaturesTable.SPLIT_TRAIN)
                    && f.sampleIndex() == 17) {
                float[] v = f.features().clone();
                v[0] = Float.NaN; // as a diverging network's features would be
                f = new FeatureRow(f.sweepId(), f.runId(), f.epoch(), f.split(), f.sampleIndex(), f.label(), v);
            }
            rows.add(f.toRow());
        }
        try (ParquetTableWriter w = ParquetTableWriter.open(part, FeaturesTable.TABLE, sweep.conf(),
                TableCompactor.ROW_GROUP_BYTES, Map.of(TableCompactor.SORTED_BY, "run_id,epoch"))) {
            rows.forEach(w::write);
        }

        Map<String, Object> summary = Pipeline.run(Stages.FIT_ENSEMBLE, TestSpark.session(), SmokeSweep.config(), sweep, false);
        List<EstimateRow> est = estimates(sweep);
        for (String name : ClassifierEnsembleEstimator.NAMES) {
            Set<Integer> budgets = new TreeSet<>();
            est.stream().filter(x -> x.runId().equals(victim) && x.estimator().equals(name))
                    .forEach(x -> budgets.add(x.budgetEpoch()));
            assertEquals(Set.of(1, 2), budgets, name + ": every budget before the NaN, none from it on");
        }
        assertTrue(est.stream().anyMatch(x -> x.runId().equals("r004") && x.budgetEpoch() == 4), "the other runs are scored");
        assertEquals(0, summary.get("skipped"));
        String notes = stageRecord(sweep).get("notes").toString();
        assertTrue(notes.contains("run " + victim + " has non-finite (NaN or infinite) training features at epoch 3"), notes);
        assertTrue(notes.contains("scored at epochs 1..2 only"), notes);
    }

    @Test
    void aSweepWithoutFeatureHistoriesIsSkippedWithANote() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        // What an imported sweep looks like: runs and curves only.
        for (String t : List.of(FeaturesTable.NAME, "heads")) {
            Fs.delete(sweep.fs(), sweep.table(t));
        }
        Map<String, Object> summary = Pipeline.run(Stages.FIT_ENSEMBLE, TestSpark.session(), SmokeSweep.config(), sweep, false);
        assertTrue(String.valueOf(summary.get("skipped")).startsWith("no "), summary.toString());
        assertTrue(estimates(sweep).isEmpty(), "the table is published, empty, with its schema");
        assertTrue(stageRecord(sweep).get("notes").toString().contains(FitEnsembleStage.NAME + " skipped"));
    }

    @Test
    void badOptionsAreRejectedWithTheKeyAndTheValue() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(SmokeSweep.confFile(), Map.of("fit-ensemble.window", "0")));
        assertTrue(e.getMessage().contains("fit-ensemble.window must be >= 1, got 0"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(SmokeSweep.confFile(), Map.of("fit-ensemble.momentum", "1.5")));
        assertTrue(e.getMessage().contains("fit-ensemble.momentum must be in [0.0, 0.999], got 1.5"), e.getMessage());
    }
}
