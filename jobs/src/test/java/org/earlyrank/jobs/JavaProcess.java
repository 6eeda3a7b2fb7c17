package org.earlyrank.jobs;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts another JVM on the test classpath with the JVM flags EarlyRank needs (for multi-process tests). */
final class JavaProcess {
    private JavaProcess() {
    }

    /** The test classpath (surefire passes it in a property; java.class.path may be a manifest jar). */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** conf/java17-flags.txt of this repository, then the test JVMs' JIT setting (the pom's test.jit). */
    static List<String> jvmFlags() {
        try {
            Path p = repoFile("conf/java17-flags.txt");
            List<String> flags = new ArrayList<>(List.of(Files.readString(p).trim().split("\\s+")));
            String jit = System.getProperty("earlyrank.test.jit", "").trim();
            if (!jit.isEmpty()) {
                flags.addAll(List.of(jit.split("\\s+")));
            }
            return List.copyOf(flags);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path repoFile(String relative) {
        Path p = Path.of("..").resolve(relative);
        return Files.exists(p) ? p : Path.of(relative);
    }

    /**
     * Starts {@code java [flags] [extraJvm] -cp <test classpath> mainClass args}, output to {@code log}.
     */
    static Process start(String mainClass, List<String> extraJvm, List<String> args, Map<String, String> env, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags());
        cmd.addAll(extraJvm);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String log(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String pathSeparator() {
        return File.pathSeparator;
    }
}
