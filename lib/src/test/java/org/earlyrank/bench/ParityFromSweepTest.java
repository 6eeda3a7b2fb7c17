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
    }
}
