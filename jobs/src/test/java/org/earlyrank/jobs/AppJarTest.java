package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit application jar ({@code mvn -B -Papp -DskipTests verify -pl jobs -am}): it bundles
 * Deeplearning4j, ND4J with its natives and the rest, but none of what a Spark 3.5 distribution already
 * has, and it runs under Spark's own launcher.
 *
 * <p>Runs where the jar exists: always in the {@code app} profile's verify step (which sets
 * {@code earlyrank.app.required}), otherwise only when a previous {@code -Papp} build left the jar.
 */
class AppJarTest {
    private static Path jar;
    private static Set<String> entries;

    @BeforeAll
    static void open() throws IOException {
        jar = Path.of(System.getProperty("earlyrank.app.jar", "target/earlyrank-jobs-0.1.0-app.jar"));
        boolean required = Boolean.getBoolean("earlyrank.app.required");
        if (!required) {
            assumeTrue(Files.isRegularFile(jar), "no application jar at " + jar + " (build it with -Papp)");
        }
        assertTrue(Files.isRegularFile(jar), "the app profile should have built " + jar);
        entries = new HashSet<>();
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                entries.add(e.nextElement().getName());
            }
        }
    }

    /** dl4j-spark's bridge into Spark's package (to reach a package-private method); not part of Spark. */
    private static final Set<String> DL4J_IN_SPARK_PACKAGE = Set.of("org/apache/spark/",
            "org/apache/spark/TaskContextHelper.class", "org/apache/spark/TaskContextHelper$.class");

    @Test
    void bundlesNothingThatSparkProvides() throws IOException {
        List<String> spark = entries.stream()
                .filter(n -> n.startsWith("org/apache/spark/") && !DL4J_IN_SPARK_PACKAGE.contains(n)).limit(3).toList();
        assertTrue(spark.isEmpty(), "the application jar must not contain Spark classes, found " + spark);
        // Spark's distribution has all of these; a second copy in the jar would shadow or clash with them.
        for (String prefix : List.of("scala/", "org/apache/hadoop/", "org/apache/parquet/",
                "com/fasterxml/jackson/core/", "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/annotation/",
                "org/slf4j/", "org/apache/logging/log4j/", "com/google/gson/", "org/apache/commons/io/",
                "org/apache/commons/lang3/", "org/apache/commons/math3/", "org/joda/time/", "com/google/thirdparty/",
                // EarlyRank's YAML reader is relocated, so whatever copy Spark has cannot interfere
                "org/yaml/snakeyaml/", "com/fasterxml/jackson/dataformat/yaml/")) {
            List<String> found = entries.stream().filter(n -> n.startsWith(prefix)).limit(3).toList();
            assertTrue(found.isEmpty(), "the application jar must not contain " + prefix + ", found " + found);
        }
        // No class of the jars Spark brings (those the application jar does not bundle) is bundled again.
        List<String> dups = new ArrayList<>();
        for (String dep : sparkClasspath().split(File.pathSeparator)) {
            try (ZipFile z = new ZipFile(dep)) {
                List<String> dup = z.stream().map(ZipEntry::getName)
                        .filter(n -> n.endsWith(".class") && !n.startsWith("META-INF/") && !n.endsWith("module-info.class"))
                        .filter(entries::contains).toList();
                if (!dup.isEmpty()) {
                    dups.add(new File(dep).getName() + ": " + dup.size() + " classes, e.g. " + dup.get(0));
                }
            }
        }
        assertTrue(dups.isEmpty(), "classes of Spark's jars are bundled again: " + dups);
    }

    @Test
    void bundlesTheEngineAndItsLibraries() {
        for (String cls : List.of("org/earlyrank/jobs/EarlyRank.class", "org/earlyrank/train/TrainStage.class",
                "org/deeplearning4j/nn/graph/ComputationGraph.class", "org/nd4j/linalg/factory/Nd4j.class",
                "org/bytedeco/javacpp/Loader.class", "smile/regression/OLS.class", "libsvm/svm.class",
                "org/jfree/chart/JFreeChart.class", "picocli/CommandLine.class",
                "org/earlyrank/shaded/jackson/dataformat/yaml/YAMLFactory.class",
                "org/earlyrank/shaded/snakeyaml/Yaml.class")) {
            assertTrue(entries.contains(cls), "the application jar lacks " + cls);
        }
    }

    @Test
    void namesItsMainClassAndCarriesNoStaleSignatures() throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            assertEquals(EarlyRank.class.getName(), j.getManifest().getMainAttributes().getValue("Main-Class"));
        }
        List<String> signatures = entries.stream()
                .filter(n -> n.matches("META-INF/[^/]+\\.(SF|DSA|RSA|EC)")).toList();
        assertTrue(signatures.isEmpty(), "signature files of the original jars break the merged jar: " + signatures);
    }

    @Test
    void nd4jBackendIsRegisteredAndItsNativeLibraryIsInside() throws IOException {
        String services = "META-INF/services/org.nd4j.linalg.factory.Nd4jBackend";
        assertTrue(entries.contains(services), "ND4J finds its backend through " + services);
        List<String> backends = new ArrayList<>();
        try (ZipFile z = new ZipFile(jar.toFile()); InputStream in = z.getInputStream(z.getEntry(services))) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    backends.add(line.trim());
                }
            }
        }
        assertFalse(backends.isEmpty(), services + " names no backend");
        for (String b : backends) {
            assertTrue(entries.contains(b.replace('.', '/') + ".class"), "backend class " + b + " is missing");
        }
        assertTrue(entries.stream().anyMatch(n -> n.matches("org/nd4j/.*/linux-x86_64[^/]*/libnd4j(cpu|cuda)\\.so")),
                "the linux-x86_64 libnd4j native library is missing");
    }

    /**
     * Spark's own launcher (SparkSubmit, local master) with only Spark's jars on its classpath runs the
     * train stage from the application jar: configuration, DL4J training in a Spark task, Parquet output.
     */
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void trainsUnderSparkSubmitWithOnlySparkOnTheClasspath(@TempDir Path tmp) throws Exception {
        String sparkOnly = sparkClasspath();
        Path out = tmp.resolve("out");
        Path log = tmp.resolve("spark-submit.log");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JavaProcess.jvmFlags());
        cmd.addAll(List.of("-Xmx2g", "-cp", sparkOnly, "org.apache.spark.deploy.SparkSubmit",
                "--master", "local[2]", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--class", EarlyRank.class.getName(), jar.toAbsolutePath().toString(),
                "train", "--conf", Path.of("..", "conf", "smoke.yaml").toAbsolutePath().toString(),
                "--set", "space.runs=2", "--set", "train.epochs=1", "--set", "dataset.train_size=200",
                "--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().remove("SPARK_HOME");
        Process p = pb.start();
        int code;
        try {
            code = p.waitFor();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly(); // a no-op once it exited; on the test's timeout it leaves no process behind
        }
        String output = Files.readString(log);
        assertEquals(0, code, "spark-submit of the application jar failed:\n" + tail(output));
        SweepFolder sweep = SweepFolder.at(out.resolve("smoke").toString(), new Configuration());
        List<RunsTable.RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream()
                .map(RunsTable.RunRow::fromRow).toList();
        assertEquals(2, runs.size(), "runs table written by the submitted job");
        assertTrue(runs.stream().allMatch(RunsTable.RunRow::ok), "both runs trained: " + runs);
    }

    /**
     * This JVM's classpath without whatever the application jar bundles (and without the module's own
     * class folders): what a stock Spark distribution offers the job, plus test libraries.
     */
    private static String sparkClasspath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> kept = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            File f = new File(e);
            if (f.isFile() && e.endsWith(".jar") && !bundled(f)) {
                kept.add(e);
            }
        }
        assertTrue(kept.stream().anyMatch(e -> new File(e).getName().startsWith("spark-core_")),
                "spark-core should be on the test classpath: " + kept);
        return String.join(File.pathSeparator, kept);
    }

    /** True when the application jar holds the first class (or native library) of {@code dep}. */
    private static boolean bundled(File dep) throws IOException {
        try (ZipFile z = new ZipFile(dep)) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                String n = e.nextElement().getName();
                if ((n.endsWith(".class") || n.endsWith(".so")) && !n.startsWith("META-INF/")
                        && !n.endsWith("module-info.class")) {
                    return entries.contains(n);
                }
            }
        }
        return false;
    }

    private static String tail(String s) {
        return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
    }
}
