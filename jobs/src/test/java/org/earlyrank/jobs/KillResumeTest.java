package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.earlyrank.SmokeSweep;
import org.earlyrank.schema.RunsTable.RunRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The smoke sweep killed with SIGKILL once 3 of its 8 runs have committed and re-run gives the runs and curves
 * of an uninterrupted sweep (the same run ids, every epoch once), with no duplicate (run_id, epoch), and the
 * re-run trains only what was lost. The uninterrupted sweep is the suite's shared smoke sweep
 * ({@link SmokeSweep}: the same train stage on the same conf/smoke.yaml), so this test trains only the killed
 * sweep and its resumption, on 200 of the smoke sweep's 500 training images (what is checked is the commits,
 * not what the runs learn).
 */
class KillResumeTest extends SmokeCliTest {
    private Process train(Path out, Path log) {
        return smoke("-Xmx3g", "train", log, "--out", out.toString(), "--set", "dataset.train_size=200");
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void aKilledSweepResumesToTheSameRuns() throws Exception {
        Path reference = Path.of(SmokeSweep.get().root().toUri());

        Path out = dir.resolve("killed");
        Path committed = out.resolve("smoke/_staging/train/committed");
        Process p = train(out, dir.resolve("first.log"));
        // Wait for the condition (3 of 8 runs committed), not for a fixed time; the test's timeout bounds it.
        Await.until(() -> SweepFiles.count(committed) >= 3 || !p.isAlive(), Duration.ofMinutes(20), Duration.ofMillis(100));
        assertTrue(p.isAlive(), "the sweep was still running at 3/8: " + JavaProcess.log(dir.resolve("first.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor();
        int committedAtKill = SweepFiles.count(committed);
        assertTrue(committedAtKill >= 3 && committedAtKill < 8, "killed with " + committedAtKill + " runs committed");

        Path log = dir.resolve("second.log");
        Process again = train(out, log);
        int code = again.waitFor();
        String text = JavaProcess.log(log);
        assertEquals(0, code, text);
        assertTrue(text.contains("trained_now=" + (8 - committedAtKill)), "only the lost runs retrain: " + text);

        List<RunRow> expected = SweepFiles.runs(reference);
        List<RunRow> got = SweepFiles.runs(out.resolve("smoke"));
        assertEquals(expected.size(), got.size());
        assertEquals(expected.stream().map(RunRow::runId).sorted().toList(), got.stream().map(RunRow::runId).sorted().toList());
        assertEquals(SweepFiles.curves(reference).size(), SweepFiles.curves(out.resolve("smoke")).size());
        assertEquals(Map.of(), SweepFiles.duplicateEpochs(out.resolve("smoke")));
    }
}
