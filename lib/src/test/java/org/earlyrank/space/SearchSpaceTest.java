package org.earlyrank.space;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {
    private static final SweepConfig DEFAULTS = SweepConfig.defaults();

    @Test
    void cellStringRoundTripsInNasBench201Form() {
        String s = "|conv_3x3~0|+|none~0|skip_connect~1|+|avg_pool_3x3~0|conv_1x1~1|none~2|";
        CellArch c = CellArch.parse(s);
        assertEquals(List.of("conv_3x3", "none", "skip_connect", "avg_pool_3x3", "conv_1x1", "none"), c.ops());
        assertEquals(s, c.canonical());
        assertThrows(IllegalArgumentException.class, () -> CellArch.parse("|conv_5x5~0|+|none~0|none~1|+|none~0|none~1|none~2|"));
        assertThrows(IllegalArgumentException.class, () -> CellArch.parse("|conv_3x3~0|+|none~0|"));
    }

    @Test
    void deadEdgesAreNotEffective() {
        // node 1 feeds nothing that reaches the output; node 2 has no live input
        CellArch c = CellArch.parse("|conv_3x3~0|+|none~0|none~1|+|skip_connect~0|none~1|conv_1x1~2|");
        assertEquals("|none~0|+|none~0|none~1|+|skip_connect~0|none~1|none~2|", c.effective());
        assertTrue(CellArch.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|").outputIsZero());
        assertTrue(CellArch.parse("|conv_3x3~0|+|conv_3x3~0|none~1|+|none~0|none~1|none~2|").outputIsZero());
        assertFalse(c.outputIsZero());
    }

    @Test
    void macroStringRoundTrips() {
        MacroArch m = MacroArch.parse("conv3x3:2|maxpool|conv5x5:1");
        assertEquals(2, m.convLayers());
        assertEquals("conv3x3:2|maxpool|conv5x5:1", m.canonical());
        assertThrows(IllegalArgumentException.class, () -> MacroArch.parse("conv3x5:2"));
        assertThrows(IllegalArgumentException.class, () -> MacroArch.parse("maxpool"));
    }

    @Test
    void sameSeedGivesSameSpecsAndArchitecturesAreDistinct() {
        SpaceOptions space = DEFAULTS.get(SpaceOptions.SECTION);
        TrainOptions train = DEFAULTS.get(TrainOptions.SECTION);
        DatasetOptions data = DEFAULTS.get(DatasetOptions.SECTION);
        List<RunSpec> a = RunSampler.sample(space, train, data, 42);
        List<RunSpec> b = RunSampler.sample(space, train, data, 42);
        List<RunSpec> c = RunSampler.sample(space, train, data, 43);
        assertEquals(a, b);
        assertNotEquals(a, c);
        assertEquals(32, a.size());
        Set<String> effective = new HashSet<>();
        for (RunSpec s : a) {
            assertTrue(effective.add(s.architecture().effective()), "duplicate architecture " + s.arch());
        }
        assertEquals("r000", a.get(0).runId());
        assertEquals(a.get(0).archId(), RunSpec.archId(a.get(0).arch()));
    }

    @Test
    void eachArchitectureTrainsWithSpaceSeedsSeedsAndOtherwiseTheSameSpec() {
        SpaceOptions s = DEFAULTS.get(SpaceOptions.SECTION);
        TrainOptions t = DEFAULTS.get(TrainOptions.SECTION);
        TrainOptions lists = new TrainOptions(t.epochs(), List.of(64, 128), List.of(0.05, 0.1, 0.2), t.momentum(),
                t.weightDecay(), List.of("linear", "cosine"), t.trainFraction(), t.maxRunSeconds(), t.trainFeatures(),
                t.valFeatures(), t.checkpointEvery(), t.evalBatchSize(), t.onednn(), t.divergenceLoss());
        DatasetOptions data = DEFAULTS.get(DatasetOptions.SECTION);
        SpaceOptions three = new SpaceOptions(s.type(), 10, s.cells(), s.channels(), s.ops(), s.minLayers(), s.maxLayers(),
                s.kernels(), s.widths(), s.poolProbability(), s.include(), 3);
        SpaceOptions one = new SpaceOptions(s.type(), 10, s.cells(), s.channels(), s.ops(), s.minLayers(), s.maxLayers(),
                s.kernels(), s.widths(), s.poolProbability(), s.include(), 1);
        List<RunSpec> single = RunSampler.sample(one, lists, data, 7);
        List<RunSpec> seeded = RunSampler.sample(three, lists, data, 7);
        assertEquals(30, seeded.size());
        assertEquals(30, seeded.stream().map(RunSpec::runId).distinct().count(), "distinct run ids");
        assertEquals(30, seeded.stream().map(RunSpec::seed).distinct().count(), "distinct seeds");
        for (int i = 0; i < 10; i++) {
            RunSpec first = seeded.get(3 * i);
            assertEquals(single.get(i), first, "the first training of each architecture is the one-seed sweep's run");
            for (int k = 1; k < 3; k++) {
                RunSpec other = seeded.get(3 * i + k);
                assertEquals(first.runId() + "-s" + k, other.runId());
                assertEquals(first.archId(), other.archId(), "same arch_id");
                assertEquals(first.hparams(), other.hparams(), "same hyperparameters");
                assertEquals(first.schedule(), other.schedule());
                assertNotEquals(first.seed(), other.seed());
            }
        }
        // the default trains each architecture once, with the run ids and seeds of before
        assertEquals(1, s.seeds());
        assertThrows(IllegalArgumentException.class, () -> new SpaceOptions(s.type(), 10, s.cells(), s.channels(), s.ops(),
                s.minLayers(), s.maxLayers(), s.kernels(), s.widths(), s.poolProbability(), s.include(), 0));
    }

    @Test
    void hyperparameterListsAreSampledPerRun() {
        TrainOptions t = DEFAULTS.get(TrainOptions.SECTION);
        TrainOptions lists = new TrainOptions(t.epochs(), List.of(64, 128), List.of(0.05, 0.1, 0.2), t.momentum(),
                t.weightDecay(), List.of("linear", "cosine"), t.trainFraction(), t.maxRunSeconds(), t.trainFeatures(),
                t.valFeatures(), t.checkpointEvery(), t.evalBatchSize(), t.onednn(), t.divergenceLoss());
        List<RunSpec> specs = RunSampler.sample(DEFAULTS.get(SpaceOptions.SECTION), lists,
                DEFAULTS.get(DatasetOptions.SECTION), 1);
        assertEquals(Set.of(0.05, 0.1, 0.2), specs.stream().map(RunSpec::learningRate).collect(java.util.stream.Collectors.toSet()));
        assertEquals(Set.of(64, 128), specs.stream().map(RunSpec::batchSize).collect(java.util.stream.Collectors.toSet()));
        assertEquals(Set.of("linear", "cosine"), specs.stream().map(RunSpec::schedule).collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void macroSpaceSamplesValidNetworks() {
        SpaceOptions s = DEFAULTS.get(SpaceOptions.SECTION);
        SpaceOptions macro = new SpaceOptions("macro", 20, s.cells(), s.channels(), s.ops(), 2, 4, List.of(3, 5),
                List.of(1, 2), 0.5, List.of());
        List<Architecture> archs = RunSampler.sampleArchitectures(macro, new Random(3));
        assertEquals(20, archs.size());
        for (Architecture a : archs) {
            MacroArch m = (MacroArch) a;
            assertTrue(m.convLayers() >= 2 && m.convLayers() <= 4, m.canonical());
            assertTrue(m.layers().stream().filter(MacroArch.Layer::isPool).count() <= 2);
        }
    }

    @Test
    void tooManyRunsForTheSpaceIsAConfigError() {
        SpaceOptions s = DEFAULTS.get(SpaceOptions.SECTION);
        SpaceOptions tiny = new SpaceOptions("nb201", 50, s.cells(), s.channels(), List.of("none", "skip_connect"),
                s.minLayers(), s.maxLayers(), s.kernels(), s.widths(), s.poolProbability(), List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> RunSampler.sampleArchitectures(tiny, new Random(1)));
        assertTrue(e.getMessage().contains("space.runs 50 exceeds the distinct architectures"), e.getMessage());
    }
}
