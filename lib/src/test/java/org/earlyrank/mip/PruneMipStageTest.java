package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.PruneMipOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.MipConfirmationTable;
import org.earlyrank.schema.MipConfirmationTable.ConfirmationRow;
import org.earlyrank.schema.MipDecisionsTable;
import org.earlyrank.schema.MipDecisionsTable.DecisionRow;
import org.earlyrank.schema.MipImportanceTable;
import org.earlyrank.schema.MipImportanceTable.ImportanceRow;
import org.earlyrank.schema.MipPairsTable;
import org.earlyrank.schema.MipPairsTable.PairRow;
import org.earlyrank.schema.MipTrialsTable;
import org.earlyrank.schema.MipTrialsTable.TrialRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * prune-mip on real Fashion-MNIST training at a tiny size (3 architectures, 4 parameters of 2 values,
 * T = 2, 1 epoch on 200 images): a run crashed after its first iteration is re-run, and no pair trains twice.
 */
@Timeout(value = 25, unit = TimeUnit.MINUTES) // real MIP loops on real training: longer than the suite's default
class PruneMipStageTest {
    static final String CONFIG = """
            name: mip-smoke
            seed: 5
            dataset:
              train_size: 200
              val_size: 100
              test_size: 100
              image_size: 14
            space:
              type: nb201
              cells: [1]
              channels: [4]
            train:
              epochs: 1
              batch_size: [50]
              learning_rate: [0.1]
            prune-mip:
              architectures: 3
              trials_per_iteration: 2
              forest_trees: 20
              confirm_architectures: 4
              parameters: [batch_size, channels, image_size, train_fraction]
              batch_size: [25, 50]
              channels: [2, 4]
              image_size: [7, 14]
              train_fraction: [0.5, 1.0]
            """;

    @TempDir
    Path dir;

    static final class Crash extends RuntimeException {
        Crash() {
            super("simulated crash after iteration 1");
        }
    }

    @Test
    void aCrashedRunReusesEveryTrainedPairAndWritesTheContract() throws IOException {
        Path conf = dir.resolve("mip-smoke.yaml");
        Files.writeString(conf, CONFIG);
        SweepConfig cfg = ConfigLoader.load(conf, Map.of());
        SweepFolder sweep = SweepFolder.at(dir.resolve("out").toString(), cfg.sweepId(), new Configuration());
        List<BudgetParameter> omega = BudgetParameter.of(cfg.get(PruneMipOptions.SECTION).parameters());

        assertThrows(Crash.class, () -> Stages.RUNNER.run(new PruneMipStage((it, d, imp) -> {
            if (it == 1) {
                throw new Crash();
            }
        }), TestSpark.session(), cfg, sweep, false));
        StageOutput staged = new StageOutput(sweep, PruneMipStage.NAME, PruneMipStage.outputs(omega));
        Map<String, String> before = staged.committed();
        assertTrue(before.size() >= 6, "the reference (3 pairs) and iteration 1 (>= 1 setting x 3) were committed: "
                + before.keySet());
        Map<String, Double> secondsBefore = new HashMap<>();
        for (String unit : before.keySet()) {
            RunRow r = RunRow.fromRow(staged.committedRows(unit, RunsTable.TABLE).get(0));
            secondsBefore.put(unit, r.trainSeconds());
        }

        Map<String, Object> summary = Pipeline.run(Stages.PRUNE_MIP, TestSpark.session(), cfg, sweep, false);
        int trainedNow = (Integer) summary.get("pairs_trained_now");

        List<RunRow> runs = sweep.read(RunsTable.TABLE, PruneMipStage.NAME).stream().map(RunRow::fromRow).toList();
        Set<String> ids = new HashSet<>();
        for (RunRow r : runs) {
            assertTrue(ids.add(r.runId()), "one runs row per pair: " + r.runId());
            if (secondsBefore.containsKey(r.runId())) {
                assertEquals(secondsBefore.get(r.runId()), r.trainSeconds(), "pair " + r.runId() + " was not retrained");
            }
        }
        assertEquals(runs.size(), before.size() + trainedNow, "the re-run trained exactly the pairs not committed before");
        assertTrue(ids.containsAll(before.keySet()));
        assertEquals(runs.size(), summary.get("pairs"));

        // The contract of the MIP tables on real output.
        TableSchema trialsTable = PruneMipStage.trialsTable(omega);
        assertEquals(List.of("batch_size", "channels", "image_size", "train_fraction"), MipTrialsTable.parameters(trialsTable));
        List<TrialRow> trials = sweep.read(trialsTable, PruneMipStage.NAME).stream()
                .map(r -> TrialRow.fromRow(r, trialsTable)).toList();
        List<ImportanceRow> imps = sweep.read(MipImportanceTable.TABLE, PruneMipStage.NAME).stream()
                .map(ImportanceRow::fromRow).toList();
        List<DecisionRow> decisions = sweep.read(MipDecisionsTable.TABLE, PruneMipStage.NAME).stream()
                .map(DecisionRow::fromRow).toList();
        assertEquals(4, decisions.size());
        assertEquals(Set.of("batch_size", "channels", "image_size", "train_fraction"),
                Set.copyOf(decisions.stream().map(DecisionRow::parameter).toList()), "exactly one decision per parameter");
        for (int it = 1; it <= 4; it++) {
            int iteration = it;
            List<ImportanceRow> rows = imps.stream().filter(i -> i.iteration() == iteration).toList();
            assertEquals(5 - it, rows.size());
            // Eq. 8: shares of the whole forest (pruned parameters take the rest), or all 0 when no tree split.
            double sum = rows.stream().mapToDouble(ImportanceRow::importance).sum();
            assertTrue(sum <= 1 + 1e-9 && (it > 1 || Math.abs(sum - 1) < 1e-9 || sum == 0), "iteration " + it + ": " + sum);
            rows.forEach(i -> assertTrue(i.importance() >= 0));
        }
        for (TrialRow t : trials) {
            assertTrue(t.spearman() >= -1 && t.spearman() <= 1, t.toString());
            assertTrue(t.modelCost() <= 1 + 1e-9, "Omega's values are at most the full setting's: " + t);
            assertEquals(4, t.parameters().size());
        }
        assertEquals(1, trials.stream().filter(TrialRow::chosen).count(), "one chosen setting");
        assertEquals(1, trials.stream().filter(t -> t.kind().equals(MipSearch.REFERENCE)).count());
        assertEquals(1, trials.stream().filter(t -> t.kind().equals(MipSearch.FINAL)).count());
        assertEquals(2 * 4, trials.stream().filter(t -> t.kind().equals(MipSearch.SAMPLED)).count());
        List<PairRow> pairs = sweep.read(MipPairsTable.TABLE, PruneMipStage.NAME).stream().map(PairRow::fromRow).toList();
        assertEquals(ids, Set.copyOf(pairs.stream().map(PairRow::runId).toList()), "mip_pairs lists every trained pair");
        // R_f is full training's validation accuracy: the reference row ranks G exactly as R_f does.
        TrialRow reference = trials.stream().filter(t -> t.kind().equals(MipSearch.REFERENCE)).findFirst().orElseThrow();
        assertEquals(1.0, reference.spearman(), 1e-12, "the reference row is R_f against itself");
        for (PairRow p : pairs) {
            RunRow run = runs.stream().filter(r -> r.runId().equals(p.runId())).findFirst().orElseThrow();
            assertEquals(run.finalValAcc(), p.valAcc(), "val_acc is the run's final validation accuracy");
            assertEquals(run.ok() ? run.finalTestAcc() : null, p.testAcc(), "test_acc is only reported");
        }

        // The chosen setting confirmed on 4 architectures outside G, trained at full and at the chosen setting.
        List<ConfirmationRow> confirmation = sweep.read(MipConfirmationTable.TABLE, PruneMipStage.NAME).stream()
                .map(ConfirmationRow::fromRow).toList();
        assertEquals(1, confirmation.size());
        Set<String> g = Set.copyOf(pairs.stream().filter(p -> p.kind().equals("reference")).map(PairRow::archId).toList());
        Set<String> gPrime = Set.copyOf(pairs.stream().filter(p -> p.kind().equals("confirmation_reference"))
                .map(PairRow::archId).toList());
        assertEquals(3, g.size());
        assertEquals(4, gPrime.size());
        assertTrue(java.util.Collections.disjoint(g, gPrime), "G' took no part in the search: " + g + " " + gPrime);
        TrialRow chosen = trials.stream().filter(TrialRow::chosen).findFirst().orElseThrow();
        assertEquals(gPrime, Set.copyOf(pairs.stream().filter(p -> p.kind().equals("confirmation")
                && p.settingId().equals(chosen.settingId())).map(PairRow::archId).toList()), "G' under the chosen setting");
        ConfirmationRow c = confirmation.get(0);
        assertTrue(c.architectures() >= 3 && c.architectures() <= 4, c.toString());
        assertTrue(c.setting().contains("batch_size=" + Math.round(chosen.parameters().get("batch_size"))), c.toString());
        assertTrue(c.spearman() == null || (c.spearman() >= -1 && c.spearman() <= 1), c.toString());
        assertTrue(c.ciLow() == null || (c.ciLow() <= c.spearman() && c.spearman() <= c.ciHigh()), c.toString());
        assertTrue(c.costSeconds() > 0 && c.fullCostSeconds() > 0, c.toString());

        // The page drawn at the end, on the real tables.
        String html = Files.readString(Path.of(String.valueOf(summary.get("report")).replaceFirst("^file:", "")));
        assertTrue(html.contains("id='chart-mip-importance'") && html.contains("id='chart-mip-cost'"), "both MIP charts");
        assertTrue(html.contains("Chosen setting"), "the chosen setting in words");
        assertTrue(sweep.hasTable(RankCorrelationTable.NAME), "the report's (empty) rank_correlation is published");

        Map<String, Object> again = Pipeline.run(Stages.PRUNE_MIP, TestSpark.session(), cfg, sweep, false);
        assertEquals(true, again.get("already_complete"), "a finished MIP does nothing when run again");
    }
}
