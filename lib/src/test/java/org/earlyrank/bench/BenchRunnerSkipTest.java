package org.earlyrank.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.earlyrank.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/bench --skip PARTS}: an unknown part is a bad input naming the known ones, and a part left out
 * reads "not run" in BENCHMARKS.md's generated block, never as a measured value, while the text around the
 * block is kept.
 */
@Timeout(30)
class BenchRunnerSkipTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownPartIsRejectedWithTheKnownParts() {
        ConfigException e = assertThrows(ConfigException.class, () -> BenchRunner.checkParts(List.of("sweep", "swep")));
        assertTrue(e.getMessage().contains("'swep'"), e.getMessage());
        assertTrue(e.getMessage().contains(String.join(", ", BenchRunner.PARTS)), e.getMessage());
        assertThrows(ConfigException.class, () -> new BenchRunner(null, null, false, Set.of("everything")));
        BenchRunner.checkParts(BenchRunner.PARTS); // every listed part is accepted
    }

    @Test
    void aSkippedPartReadsNotRunAndTheHeaderNamesIt() throws Exception {
        Path md = dir.resolve("BENCHMARKS.md");
        Files.writeString(md, "# Benchmarks\n\nbefore\n\n<!-- bench:begin -->\nold\n<!-- bench:end -->\n\nafter\n");
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("mode", "full");
        r.put("skipped_parts", List.of("sweep"));
        r.put("slots", 2);
        r.put("gc", "PS MarkSweep, PS Scavenge");
        r.put("sgemm_gflops", 300.0);
        BenchRunner.writeMarkdown(md, r, "bin/bench --skip sweep");
        String text = Files.readString(md);
        assertTrue(text.contains("parts left out (--skip): [sweep]"), text);
        assertTrue(text.contains("garbage collectors PS MarkSweep, PS Scavenge, 2 Spark task slots"), text);
        assertTrue(text.contains("| `sgemm_gflops` | 300.0 |"), text);
        assertTrue(text.contains("| `svr_fit_ms` | not run (--skip) |"), text);
        assertTrue(text.contains("| `default_sweep_seconds` | not run (--skip) |"), text);
        assertTrue(text.startsWith("# Benchmarks\n\nbefore\n\n<!-- bench:begin -->"), text);
        assertTrue(text.endsWith("<!-- bench:end -->\n\nafter\n"), text);
        assertFalse(text.contains("\nold\n"), text);
    }
}
