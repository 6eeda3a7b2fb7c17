package org.earlyrank.config;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.earlyrank.SmokeSweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path p = dir.resolve("c.yaml");
        Files.writeString(p, text);
        return p;
    }

    private ConfigException failure(String text) throws IOException {
        Path p = yaml(text);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(p, Map.of()));
    }

    @Test
    void shippedConfigsParse() {
        SweepConfig smoke = ConfigLoader.load(SmokeSweep.confFile(), Map.of());
        assertEquals("smoke", smoke.sweepId());
        SweepConfig dflt = ConfigLoader.load(SmokeSweep.confFile().resolveSibling("default.yaml"), Map.of());
        assertEquals(48, dflt.get(SpaceOptions.SECTION).runs(), "issue 17 item 7: the default sweep size (BENCHMARKS.md)");
        assertEquals(12, dflt.get(TrainOptions.SECTION).epochs());
    }

    @Test
    void unknownKeyIsNamedWithASuggestion() throws IOException {
        ConfigException e = failure("train:\n  epoch: 3\n");
        assertTrue(e.getMessage().contains("unknown key 'train.epoch'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'epochs'"), e.getMessage());
    }

    @Test
    void unknownSectionIsNamed() throws IOException {
        ConfigException e = failure("trian:\n  epochs: 3\n");
        assertTrue(e.getMessage().contains("unknown key 'trian'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'train'"), e.getMessage());
    }

    @Test
    void wrongTypeNamesKeyAndValue() throws IOException {
        ConfigException e = failure("train:\n  epochs: twelve\n");
        assertTrue(e.getMessage().startsWith("train.epochs must be an integer, got 'twelve'"), e.getMessage());
    }

    @Test
    void outOfRangeNamesKeyValueAndRange() throws IOException {
        ConfigException e = failure("train:\n  epochs: 0\n");
        assertTrue(e.getMessage().startsWith("train.epochs must be >= 1, got 0"), e.getMessage());
        ConfigException m = failure("train:\n  momentum: 1.5\n");
        assertTrue(m.getMessage().startsWith("train.momentum must be in [0.0, 0.999], got 1.5"), m.getMessage());
        ConfigException s = failure("space:\n  type: resnet\n");
        assertTrue(s.getMessage().startsWith("space.type must be one of nb201, macro, got 'resnet'"), s.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(p, Map.of()));
        assertTrue(e.getMessage().contains("config file " + p + " does not exist"), e.getMessage());
    }

    @Test
    void invalidYamlIsReported() throws IOException {
        ConfigException e = failure("train: [epochs: 3\n");
        assertTrue(e.getMessage().contains("is not valid YAML"), e.getMessage());
    }

    @Test
    void commandLineWinsOverFileWhichWinsOverDefaults() throws IOException {
        Path p = yaml("train:\n  epochs: 5\n  learning_rate: [0.05, 0.2]\n");
        SweepConfig file = ConfigLoader.load(p, Map.of());
        assertEquals(5, file.get(TrainOptions.SECTION).epochs());
        assertEquals(List.of(0.05, 0.2), file.get(TrainOptions.SECTION).learningRate());
        assertEquals(128, file.get(TrainOptions.SECTION).batchSize().get(0), "default");
        SweepConfig cli = ConfigLoader.load(p, Map.of("train.epochs", "7", "seed", "9", "train.learning_rate", "0.3"));
        assertEquals(7, cli.get(TrainOptions.SECTION).epochs());
        assertEquals(9, cli.seed());
        assertEquals(List.of(0.3), cli.get(TrainOptions.SECTION).learningRate());
        assertEquals("c", cli.sweepId(), "the file's name is the default sweep id");
        ConfigException bad = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(p, Map.of("train.epochz", "7")));
        assertTrue(bad.getMessage().contains("unknown key 'train.epochz' in the command line"), bad.getMessage());
    }

    @Test
    void everySectionHasDefaultsThatValidate() {
        for (Section<?> s : ConfigSections.ALL) {
            assertNotNull(s.defaults(), s.name());
            for (Key k : s.keys()) {
                assertFalse(k.doc().isBlank(), s.name() + "." + k.name() + " needs a doc line");
            }
        }
    }
}
