package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.PruneMipOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.MipConfirmationTable;
import org.earlyrank.schema.MipConfirmationTable.ConfirmationRow;
import org.earlyrank.schema.MipPairsTable;
import org.earlyrank.schema.MipPairsTable.PairRow;
import org.earlyrank.schema.MipTrialsTable.TrialRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** prune-mip reusing the smoke sweep's runs as full-training truth instead of training G itself. */
@Timeout(value = 25, unit = TimeUnit.MINUTES) // real MIP loops on real training: longer than the suite's default
class ReferenceSweepTest {
    @TempDir
    Path dir;

    private SweepConfig config(String referenceSweep, int trainSize) throws IOException {
        Path conf = dir.resolve("mip-ref.yaml");
        Files.writeString(conf, """
                name: mip-ref
                seed: 3
                dataset:
                  train_size: %d
                  val_size: 200
                  test_size: 200
                  final_test_size: 1000
                  image_size: 14
                prune-mip:
                  architectures: 3
                  trials_per_iteration: 2
                  forest_trees: 20
                  confirm_architectures: 4
                  reference_sweep: %s
                  parameters: [epochs, batch_size, channels, train_fraction]
                  epochs: [1, 2]
                  batch_size: [25, 50]
                  channels: [2, 4]
                  train_fraction: [0.5, 1.0]
                """.formatted(trainSize, referenceSweep));
        return ConfigLoader.load(conf, Map.of());
    }

    @Test
    void theReferenceRunsGiveTruthAndFullCostAndAreNotRetrained() throws IOException {
        SweepFolder smoke = SmokeSweep.get();
        SweepConfig cfg = config(smoke.root().toString(), 500);
        SweepFolder sweep = SweepFolder.at(dir.resolve("out").toString(), cfg.sweepId(), new Configuration());
        Map<String, Object> summary = Pipeline.run(Stages.PRUNE_MIP, TestSpark.session(), cfg, sweep, false);

        List<RunRow> okRuns = smoke.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).filter(RunRow::ok)
                .sorted((a, b) -> a.runId().compareTo(b.runId())).toList();
        List<RunRow> refRuns = okRuns.subList(0, 3);
        List<PairRow> pairs = sweep.read(MipPairsTable.TABLE, PruneMipStage.NAME).stream().map(PairRow::fromRow).toList();
        List<PairRow> refPairs = pairs.stream().filter(p -> p.kind().equals("reference")).toList();
        assertEquals(refRuns.stream().map(RunRow::runId).toList(), refPairs.stream().map(PairRow::runId).sorted().toList(),
                "G is the first 3 ok runs of the reference sweep");
        double fullCost = refRuns.stream().mapToDouble(r -> r.trainSeconds() - r.captureSeconds()).average().orElseThrow();
        assertEquals(fullCost, (Double) summary.get("full_cost_seconds"), 1e-9);
        List<RunRow> trained = sweep.read(RunsTable.TABLE, PruneMipStage.NAME).stream().map(RunRow::fromRow).toList();
        // R_f and R_b are validation accuracies; the test accuracy is carried only as a reported column.
        for (PairRow p : refPairs) {
            RunRow r = refRuns.stream().filter(x -> x.runId().equals(p.runId())).findFirst().orElseThrow();
            assertEquals(r.finalValAcc(), p.valAcc());
            assertEquals(r.finalTestAcc(), p.testAcc());
        }
        // G' = the next 4 ok runs of the reference sweep: their full training is reused, only the chosen
        // setting is trained.
        List<PairRow> confirmRef = pairs.stream().filter(p -> p.kind().equals("confirmation_reference")).toList();
        assertEquals(okRuns.subList(3, 7).stream().map(RunRow::runId).toList(),
                confirmRef.stream().map(PairRow::runId).sorted().toList());
        assertEquals(4, pairs.stream().filter(p -> p.kind().equals("confirmation")).count());
        List<ConfirmationRow> confirmation = sweep.read(MipConfirmationTable.TABLE, PruneMipStage.NAME).stream()
                .map(ConfirmationRow::fromRow).toList();
        assertEquals(1, confirmation.size());
        assertEquals(confirmRef.stream().mapToDouble(PairRow::costSeconds).average().orElseThrow(),
                confirmation.get(0).fullCostSeconds(), 1e-9, "G''s full cost is the reference runs'");
        assertEquals(pairs.size() - 3 - 4, trained.size(), "only budget pairs were trained here");
        assertEquals(trained.size(), summary.get("pairs_trained_now"));
        for (RunRow r : trained) {
            assertTrue(r.epochsPlanned() <= 2, "every trained pair is a budget: " + r.runId());
            assertEquals(refRuns.get(0).momentum(), r.momentum(), "knobs MIP does not vary come from the reference");
            assertEquals(refRuns.get(0).weightDecay(), r.weightDecay());
        }
        TableSchema t = PruneMipStage.trialsTable(BudgetParameter.of(cfg.get(PruneMipOptions.SECTION).parameters()));
        TrialRow ref = sweep.read(t, PruneMipStage.NAME).stream().map(r -> TrialRow.fromRow(r, t))
                .filter(r -> r.kind().equals(MipSearch.REFERENCE)).findFirst().orElseThrow();
        assertEquals(4.0, ref.parameters().get("epochs"), "the full setting is the reference runs' setting");
        assertEquals(50.0, ref.parameters().get("batch_size"));
    }

    @Test
    void aReferenceSweepOnOtherDataIsRefusedBeforeAnyWork() throws IOException {
        SweepFolder smoke = SmokeSweep.get();
        SweepConfig cfg = config(smoke.root().toString(), 400);
        SweepFolder sweep = SweepFolder.at(dir.resolve("out").toString(), cfg.sweepId(), new Configuration());
        ConfigException e = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.PRUNE_MIP, TestSpark.session(), cfg, sweep, false));
        assertTrue(e.getMessage().startsWith("prune-mip.reference_sweep " + smoke + " was trained with dataset"), e.getMessage());
        assertFalse(sweep.exists(), "nothing was written");
        ConfigException missing = assertThrows(ConfigException.class, () -> Pipeline.run(Stages.PRUNE_MIP, TestSpark.session(),
                config(dir.resolve("nowhere").toString(), 500), sweep, false));
        assertTrue(missing.getMessage().contains("is not a sweep folder"), missing.getMessage());
    }
}
