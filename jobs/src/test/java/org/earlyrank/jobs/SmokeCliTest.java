package org.earlyrank.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the kill-and-resume tests share: a temporary folder, the command-line JVMs they start (killed after each
 * test whatever its outcome, by {@link CliProcesses}) and a launcher of {@code earlyrank COMMAND} on
 * conf/smoke.yaml.
 */
abstract class SmokeCliTest {
    @TempDir
    Path dir;

    @RegisterExtension
    final CliProcesses cli = new CliProcesses();

    /** Starts {@code earlyrank COMMAND --conf conf/smoke.yaml ARGS} in its own JVM with the heap flag, output to log. */
    Process smoke(String heap, String command, Path log, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--conf", JavaProcess.repoFile("conf/smoke.yaml").toString()));
        all.addAll(List.of(args));
        return cli.start(heap, all, log);
    }
}
