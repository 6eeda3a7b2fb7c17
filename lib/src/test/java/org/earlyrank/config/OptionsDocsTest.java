package org.earlyrank.config;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OptionsDocsTest {
    @Test
    void everyKeyOfEverySectionIsListedWithItsDefault() {
        String md = OptionsDocs.render();
        for (Section<?> s : ConfigSections.ALL) {
            assertTrue(md.contains("\n## " + s.name() + "\n"), s.name());
            for (Key k : s.keys()) {
                assertTrue(md.contains("| `" + s.name() + "." + k.name() + "` | "), s.name() + "." + k.name());
            }
        }
        // defaults as a user would write them in YAML
        assertTrue(md.contains("| `train.weight_decay` | number list | `[0.0005]` |"), md);
        assertTrue(md.contains("| `train.epochs` | int | `12` |"));
        assertTrue(md.contains("| `dataset.path` | string | (unset) |"));
        assertTrue(md.contains("| `seed` | long | `42` |"));
    }
}
