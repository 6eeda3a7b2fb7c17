package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/common.sh's {@code er_classpath}: EarlyRank's own jars are launched from a snapshot named by their content,
 * so a rebuild (which rewrites jobs/target and lib/target in place) never changes the files a running sweep loads
 * its classes from. Before, a sweep of 48 runs died at its first publish with NoClassDefFoundError after a build
 * in the same checkout. Checked on a copy of the script with stand-in jars (no Maven, no JVM launch).
 */
@Timeout(30)
class LauncherSnapshotTest {
    @TempDir
    Path home;

    @Test
    void aRebuildDoesNotChangeTheJarsAnEarlierLaunchUses() throws Exception {
        Path repo = Path.of("").toAbsolutePath().getParent();
        Files.createDirectories(home.resolve("bin"));
        Files.copy(repo.resolve("bin/common.sh"), home.resolve("bin/common.sh"));
        Files.createDirectories(home.resolve("conf"));
        Files.copy(repo.resolve("conf/java17-flags.txt"), home.resolve("conf/java17-flags.txt"));
        Path jobsJar = home.resolve("jobs/target/earlyrank-jobs-0.1.0.jar");
        Path libJar = home.resolve("lib/target/earlyrank-lib-0.1.0.jar");
        Files.createDirectories(jobsJar.getParent());
        Files.createDirectories(libJar.getParent());
        Path dependency = home.resolve("m2/other-1.0.jar");
        Files.writeString(home.resolve("jobs/target/classpath.txt"), libJar + ":" + dependency);
        Files.writeString(jobsJar, "jobs build 1");
        Files.writeString(libJar, "lib build 1");

        List<Path> first = classpath();
        assertEquals(3, first.size(), first.toString());
        assertEquals(dependency, first.get(2), "a dependency outside the install is used where it is");
        for (Path p : first.subList(0, 2)) {
            assertTrue(p.startsWith(home.resolve("target/run")), "own jars come from the snapshot: " + p);
        }
        assertEquals("jobs build 1", Files.readString(first.get(0)));
        assertEquals("lib build 1", Files.readString(first.get(1)));
        assertEquals(first, classpath(), "the same jars give the same snapshot");

        // A rebuild rewrites the jars in place; the first launch's files stay as they were.
        Files.writeString(jobsJar, "jobs build 2");
        Files.writeString(libJar, "lib build 2");
        List<Path> second = classpath();
        assertNotEquals(first.get(0).getParent(), second.get(0).getParent());
        assertEquals("jobs build 2", Files.readString(second.get(0)));
        assertEquals("lib build 2", Files.readString(second.get(1)));
        assertEquals("jobs build 1", Files.readString(first.get(0)));
        assertEquals("lib build 1", Files.readString(first.get(1)));
    }

    private List<Path> classpath() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", "source bin/common.sh && er_classpath")
                .directory(home.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return Arrays.stream(out.split(":")).map(Path::of).toList();
    }
}
