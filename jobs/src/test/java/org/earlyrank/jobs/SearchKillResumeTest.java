package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.search.SearchLiveStage;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A live search (conf/smoke.yaml on 100 training images: Hyperband by val-acc over the smoke space's 8
 * configurations, 4 epochs) killed
 * with SIGKILL once a few configurations have committed a rung, then re-run: it completes, trains only the rungs
 * no commit held (no committed rung twice), and every table holds each row once.
 */
class SearchKillResumeTest extends SmokeCliTest {
    private Process search(Path out, Path log) {
        // smoke's 8 configurations on 100 training images: seconds a rung, the test is about resuming
        return smoke("-Xmx2g", "search", log, "--estimator", "val-acc", "--set", "dataset.train_size=100",
                "--set", "dataset.val_size=50", "--set", "dataset.test_size=50", "--set", "dataset.final_test_size=100",
                "--out", out.toString());
    }

    /** Configurations committed so far: their markers, not the temporary files a marker is written through. */
    private static int configurationMarkers(Path markers) {
        if (!Files.isDirectory(markers)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(markers)) {
            return (int) s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && !n.startsWith("search-")).count();
        } catch (java.io.IOException e) {
            return 0; // the folder changed while listed: look again
        }
    }

    /** Epochs each committed configuration reached, from the commit markers. */
    private static Map<String, Integer> committedEpochs(Path markers) throws Exception {
        Map<String, Integer> m = new HashMap<>();
        if (!Files.isDirectory(markers)) {
            return m;
        }
        try (Stream<Path> s = Files.list(markers)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String name = p.getFileName().toString();
                if (!name.startsWith(".") && !name.startsWith("search-")) {
                    m.put(name, Integer.parseInt(Files.readString(p).replaceAll(".*\"epochs_done\":([0-9]+).*", "$1")));
                }
            }
        }
        return m;
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void aKilledSearchResumesWithoutTrainingACommittedRungAgain() throws Exception {
        Path out = dir.resolve("live");
        Path markers = out.resolve("smoke/_staging/" + SearchLiveStage.NAME + "/committed");
        Process p = search(out, dir.resolve("first.log"));
        // Wait for the condition (2 configurations committed), not for a fixed time; the test's timeout bounds it.
        Await.until(() -> configurationMarkers(markers) >= 2 || !p.isAlive(), Duration.ofMinutes(10), Duration.ofMillis(50));
        assertTrue(p.isAlive(), "the search was still running: " + JavaProcess.log(dir.resolve("first.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor();
        int atKill = committedEpochs(markers).values().stream().mapToInt(Integer::intValue).sum();
        assertTrue(atKill > 0);

        Path log = dir.resolve("second.log");
        Process again = search(out, log);
        int code = again.waitFor();
        String text = JavaProcess.log(log);
        assertEquals(0, code, text);

        SweepFolder sweep = SweepFolder.at(out.resolve("smoke").toString(), new Configuration());
        SearchResultRow result = SearchResultRow.fromRow(sweep.read(SearchResultsTable.TABLE, SearchLiveStage.NAME).get(0));
        assertTrue(text.contains("epochs_trained_now=" + (result.epochsTrained() - atKill)),
                "the re-run trains only what no commit held (" + result.epochsTrained() + " epochs in all, " + atKill
                        + " committed at the kill): " + text);

        List<SearchTrialRow> trials = sweep.read(SearchTrialsTable.TABLE, SearchLiveStage.NAME).stream()
                .map(SearchTrialRow::fromRow).toList();
        Set<String> decisions = new HashSet<>();
        Map<String, Integer> reached = new HashMap<>();
        for (SearchTrialRow t : trials) {
            assertTrue(decisions.add(t.bracket() + "/" + t.rung() + "/" + t.runId()), "duplicate trial " + t);
            reached.merge(t.runId(), t.budgetEpoch(), Math::max);
        }
        List<RunRow> runs = sweep.read(RunsTable.TABLE, SearchLiveStage.NAME).stream().map(RunRow::fromRow).toList();
        assertEquals(reached.size(), runs.size(), "one runs row per configuration");
        Set<String> epochs = new HashSet<>();
        for (CurveRow c : sweep.read(CurvesTable.TABLE, SearchLiveStage.NAME).stream().map(CurveRow::fromRow).toList()) {
            assertTrue(epochs.add(c.runId() + "@" + c.epoch()), "duplicate curve row " + c.runId() + "@" + c.epoch());
        }
        assertEquals(reached.values().stream().mapToInt(Integer::intValue).sum(), epochs.size());
        assertEquals(1, sweep.read(SearchResultsTable.TABLE, SearchLiveStage.NAME).size());
        assertEquals(Map.of(), SweepFiles.fingerprint(out.resolve("smoke/_staging")), "no checkpoint left");
    }
}
