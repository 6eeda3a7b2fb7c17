package org.earlyrank.jobs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * EarlyRank command-line JVMs a test starts (the kill-and-resume tests), killed after each test whatever its
 * outcome, so a failed assertion never leaves a training JVM behind. Register with {@code @RegisterExtension}.
 */
final class CliProcesses implements AfterEachCallback {
    private final List<Process> started = new ArrayList<>();

    /** Starts {@code earlyrank ARGS} in its own JVM with the given heap flag, output to {@code log}. */
    Process start(String heap, List<String> args, Path log) {
        Process p = JavaProcess.start(EarlyRank.class.getName(), List.of(heap), args, Map.of(), log);
        started.add(p);
        return p;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        started.forEach(Process::destroyForcibly);
        started.clear();
    }
}
