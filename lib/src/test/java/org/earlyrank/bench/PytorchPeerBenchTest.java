package org.earlyrank.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.earlyrank.space.RunSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/torch-peer and the comparison bin/bench builds on it. The real comparison needs Debian's python3-torch
 * (bin/test installs it); without it the comparison says so instead of producing numbers.
 */
@Timeout(300)
class PytorchPeerBenchTest {
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final String CONV = "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|";
    static final String NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    @TempDir
    Path dir;

    static RunSpec spec(String id, String arch) {
        return new RunSpec(id, arch, "nb201", 3, 1, 8, 14, 1, 64, 0.1, 0.9, 5e-4, "linear", 1.0);
    }

    /**
     * The end-to-end comparison (the peer run before and after EarlyRank trains the same architectures, one row per
     * architecture, ratio = EarlyRank / PyTorch, the torch version) is checked by bin/check-bench on
     * {@code bin/bench --quick}'s JSON, which runs it anyway; training it here as well cost about 20 s of the suite.
     */
    @Test
    void eachArchitectureIsComparedOnceAndOnlyCells() {
        RunSpec macro = new RunSpec("m", "conv3x3:1", "macro", 3, 1, 8, 14, 1, 64, 0.1, 0.9, 5e-4, "linear", 1.0);
        List<RunSpec> cells = PytorchPeerBench.distinctCells(List.of(spec("a", CONV), spec("b", NONE), macro,
                spec("c", CONV)));
        assertEquals(List.of("a", "b"), cells.stream().map(RunSpec::runId).toList(), "first spec of each architecture");
    }

    @Test
    void aSpaceWithoutCellsIsSkippedWithTheReason() throws Exception {
        RunSpec macro = new RunSpec("m", "conv3x3:1", "macro", 3, 1, 8, 14, 1, 64, 0.1, 0.9, 5e-4, "linear", 1.0);
        PytorchPeerBench.Result r = PytorchPeerBench.run(List.of(macro), null, null, 2, 3, HOME);
        assertTrue(r.rows().isEmpty());
        assertTrue(r.skipped().contains("nb201"), r.skipped());
        assertNull(r.medianRatio());
    }

    @Test
    void theScriptRejectsBadInputWithStatusTwoAndAMessage() throws Exception {
        Path bad = dir.resolve("archs.txt");
        Files.writeString(bad, "|conv_9x9~0|+|none~0|none~1|+|none~0|none~1|none~2|\n");
        for (List<String> args : List.of(List.of(bad.toString()), List.of(dir.resolve("missing.txt").toString()))) {
            List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/python3", HOME.resolve(PytorchPeerBench.SCRIPT).toString()));
            cmd.addAll(args);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, p.exitValue(), out);
            assertTrue(out.startsWith("torch-peer: "), out);
        }
    }
}
