package org.earlyrank.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class OptionsDocsTest {
    static final Path DOC = Path.of("..", "docs", "options.md");

    @Test
    void committedReferenceIsCurrent() throws Exception {
        String committed = Files.isRegularFile(DOC) ? Files.readString(DOC) : "";
        assertEquals(OptionsDocs.render(), committed, "docs/options.md is out of date with config/ConfigSections.ALL: run "
                + "`bin/earlyrank docs` and commit docs/options.md");
    }

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
