package org.earlyrank.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;

import org.earlyrank.SmokeSweep;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bench --parity-sweep}: EarlyRank's accuracies are taken from a finished sweep only when its runs
 * are the bench's own (same run id and architecture, the whole test file); otherwise the check refuses, naming
 * the run, before the PyTorch peer starts. On the smoke sweep (the truth on 1,000 test images, by its config).
 * The same sweep gives the speed comparison EarlyRank's images/s in its training passes, under the same rule.
 */
@Timeout(300)
class ParityFromSweepTest {
    @TempDir
    Path dir;

    static List<RunSpec> smokeSpecs() {
        SweepConfig cfg = SmokeSweep.config();
        return RunSampler.sample(cfg.get(SpaceOptions.SECTION), cfg.get(TrainOptions.SECTION),
                cfg.get(DatasetOptions.SECTION), cfg.seed());
    }

    @Test
    void aSweepWhoseTruthIsNotTheWholeTestFileIsRefusedNamingTheRun() {
        var sweep = SmokeSweep.copy(dir);
        DatasetOptions data = SmokeSweep.config().get(DatasetOptions.SECTION);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ParityBench.fromSweep(sweep, smokeSpecs(), data, 1, ParityBench.PEER));
        assertTrue(e.getMessage().contains("measured r000 on 1000 test images, not the whole test file (10000)"),
                e.getMessage());
    }

    @Test
    void theSweepsTrainingPassesGiveEachArchitecturesImagesPerSecond() {
        var sweep = SmokeSweep.copy(dir);
        DatasetOptions data = SmokeSweep.config().get(DatasetOptions.SECTION);
        List<RunSpec> specs = smokeSpecs();
        java.util.Map<String, Double> rates = PytorchPeerBench.sweepRates(sweep, specs, data);
        assertEquals(PytorchPeerBench.distinctCells(specs).stream().map(RunSpec::arch).toList(), List.copyOf(rates.keySet()),
                "one rate per distinct architecture, in order");
        RunSpec first = PytorchPeerBench.distinctCells(specs).get(0);
        double seconds = 0;
        int epochs = 0;
        for (org.apache.spark.sql.Row r : sweep.read(org.earlyrank.schema.CurvesTable.TABLE, "train")) {
            var c = org.earlyrank.schema.CurvesTable.CurveRow.fromRow(r);
            if (c.runId().equals(first.runId())) {
                seconds += c.trainSeconds();
                epochs++;
            }
        }
        assertTrue(epochs > 0 && seconds > 0);
        assertEquals((double) data.trainSize() * epochs / seconds, rates.get(first.arch()), 1e-9,
                "training images of every epoch over the training passes' seconds");

        RunSpec s = specs.get(0);
        RunSpec widerBatch = new RunSpec(s.runId(), s.arch(), s.space(), s.seed(), s.cells(), s.channels(), s.imageSize(),
                s.epochs(), s.batchSize() * 2, s.learningRate(), s.momentum(), s.weightDecay(), s.schedule(),
                s.trainFraction());
        ConfigException e = assertThrows(ConfigException.class,
                () -> PytorchPeerBench.sweepRates(sweep, List.of(widerBatch), data));
        assertTrue(e.getMessage().contains("trained r000 with another width, batch or image size"), e.getMessage());
        assertTrue(e.getMessage().contains("--parity-sweep"), e.getMessage());
    }

    @Test
    void anotherArchitectureUnderTheSameRunIdIsRefused() {
        var sweep = SmokeSweep.copy(dir);
        DatasetOptions data = SmokeSweep.config().get(DatasetOptions.SECTION);
        RunSpec s = smokeSpecs().get(0);
        String other = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";
        assertNotEquals(other, s.arch());
        RunSpec wrong = new RunSpec(s.runId(), other, s.space(), s.seed(), s.cells(), s.channels(), s.imageSize(),
                s.epochs(), s.batchSize(), s.learningRate(), s.momentum(), s.weightDecay(), s.schedule(),
                s.trainFraction());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ParityBench.fromSweep(sweep, List.of(wrong), data, 1, ParityBench.PEER));
        assertTrue(e.getMessage().contains("trained another architecture as r000"), e.getMessage());
        assertTrue(e.getMessage().contains("--parity-sweep"), e.getMessage());
        ConfigException speed = assertThrows(ConfigException.class,
                () -> PytorchPeerBench.sweepRates(sweep, List.of(wrong), data));
        assertTrue(speed.getMessage().contains("trained another architecture as r000"), speed.getMessage());
    }
}
