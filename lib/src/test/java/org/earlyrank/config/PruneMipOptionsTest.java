package org.earlyrank.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.earlyrank.SmokeSweep;
import org.junit.jupiter.api.Test;

/** The prune-mip section: a budget space of at least 4 parameters with 2 or more valid values each. */
class PruneMipOptionsTest {
    private static String failure(Map<String, String> overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(null, overrides)).getMessage();
    }

    @Test
    void theShippedMipConfigParses() {
        Path mip = SmokeSweep.confFile().resolveSibling("mip.yaml");
        SweepConfig cfg = ConfigLoader.load(mip, Map.of());
        PruneMipOptions o = cfg.get(PruneMipOptions.SECTION);
        assertEquals("mip", cfg.sweepId());
        assertTrue(o.parameters().size() >= PruneMipOptions.MIN_PARAMETERS);
        for (String p : o.parameters()) {
            assertTrue(o.values(p).size() >= 2, p);
        }
        assertTrue(o.parameters().containsAll(List.of("epochs", "cells")),
                "Omega holds the two parameters Zheng et al. found most important (epoch and layer): " + o.parameters());
        assertEquals(o.cells().stream().mapToInt(Integer::intValue).max().orElseThrow(),
                cfg.get(SpaceOptions.SECTION).cells().get(0), "the full setting has the most cells Omega tries");
    }

    @Test
    void defaultsAndOverrides() {
        PruneMipOptions d = SweepConfig.defaults().get(PruneMipOptions.SECTION);
        assertEquals(100, d.architectures(), "the paper's |G|");
        assertEquals(10, d.trialsPerIteration(), "the paper's T");
        assertEquals(0.1, d.importanceThreshold(), "the paper's threshold");
        assertNull(d.seed(), "the top-level seed unless set");
        PruneMipOptions o = ConfigLoader.load(null, Map.of("prune-mip.epochs", "[1, 3]", "prune-mip.seed", "9"))
                .get(PruneMipOptions.SECTION);
        assertEquals(List.of(1, 3), o.epochs());
        assertEquals(9L, o.seed());
    }

    @Test
    void aConfirmationSetTooSmallForAnIntervalIsRefusedNamingTheFix() {
        String m = failure(Map.of("prune-mip.confirm_architectures", "3"));
        assertTrue(m.contains("prune-mip.confirm_architectures must be 0 (no confirmation) or at least 4"), m);
        assertEquals(0, ConfigLoader.load(null, Map.of()).get(PruneMipOptions.SECTION).confirmArchitectures(),
                "no confirmation unless asked for");
        assertTrue(failure(Map.of("prune-mip.confidence", "1")).contains("prune-mip.confidence"));
    }

    @Test
    void tooFewParametersIsRejectedWithTheList() {
        String m = failure(Map.of("prune-mip.parameters", "epochs,channels,image_size"));
        assertTrue(m.startsWith("prune-mip.parameters must name at least 4 budget parameters"), m);
        assertTrue(m.contains("got [epochs, channels, image_size]"), m);
    }

    @Test
    void anUnknownOrRepeatedParameterIsNamed() {
        String m = failure(Map.of("prune-mip.parameters", "epochs,channels,image_size,depth"));
        assertTrue(m.contains("prune-mip.parameters must be one of epochs, batch_size"), m);
        assertTrue(m.contains("got 'depth'"), m);
        m = failure(Map.of("prune-mip.parameters", "epochs,channels,image_size,epochs"));
        assertTrue(m.contains("lists 'epochs' twice"), m);
    }

    @Test
    void aParameterNeedsTwoDistinctValues() {
        String m = failure(Map.of("prune-mip.epochs", "[2]"));
        assertTrue(m.startsWith("prune-mip.epochs must list at least 2 distinct values"), m);
        assertTrue(m.contains("got [2]"), m);
        m = failure(Map.of("prune-mip.channels", "[4, 4]"));
        assertTrue(m.startsWith("prune-mip.channels must list at least 2 distinct values"), m);
    }

    @Test
    void outOfRangeValuesNameKeyValueAndRange() {
        String m = failure(Map.of("prune-mip.train_fraction", "[0.5, 1.5]"));
        assertTrue(m.startsWith("prune-mip.train_fraction values must be in [1.0E-6, 1.0], got 1.5"), m);
        m = failure(Map.of("prune-mip.epochs", "[0, 2]"));
        assertTrue(m.startsWith("prune-mip.epochs values must be >= 1.0, got 0"), m);
        m = failure(Map.of("prune-mip.temperature", "0"));
        assertTrue(m.startsWith("prune-mip.temperature must be > 0, got 0.0"), m);
        m = failure(Map.of("prune-mip.importance_threshold", "1.5"));
        assertTrue(m.startsWith("prune-mip.importance_threshold must be in [0.0, 1.0], got 1.5"), m);
        m = failure(Map.of("prune-mip.architectures", "2"));
        assertTrue(m.startsWith("prune-mip.architectures must be >= 3, got 2"), m);
    }
}
