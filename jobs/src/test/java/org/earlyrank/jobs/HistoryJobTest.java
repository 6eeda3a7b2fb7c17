package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code earlyrank history}'s flags: a bad --date, a missing required flag and a folder that is no sweep
 * each exit 2 with one message, and create no history folder. (HistoryTest covers appending real nights;
 * bin/check-nightly runs the command after a real sweep.)
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class HistoryJobTest {
    @TempDir
    Path dir;

    @Test
    void badFlagsExit2AndWriteNothing() {
        Path history = dir.resolve("history");
        CliRun r = CliRun.of("history", "--sweep", dir.toString(), "--into", history.toString(), "--date", "2026-13-01");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--date must be a day as YYYY-MM-DD") && r.err().contains("2026-13-01"), r.err());

        r = CliRun.of("history", "--sweep", dir.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--into"), r.err());

        r = CliRun.of("history", "--sweep", dir.resolve("nowhere").toString(), "--into", history.toString(),
                "--date", "2026-01-01");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no sweep folder at"), r.err());

        r = CliRun.of("history", "--sweep", dir.toString(), "--into", history.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("has no options.json"), r.err());
        assertFalse(Files.exists(history), "no history folder was created");
    }
}
