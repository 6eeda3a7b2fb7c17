package org.earlyrank.jobs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process Spark cluster on loopback: a standalone master and two workers as separate JVMs
 * (spark-core's Master and Worker), the smoke sweep submitted to it, and one executor killed mid-sweep.
 * The sweep must still complete with every run and no duplicate rows. It trains 4 of the smoke sweep's runs for
 * 2 epochs instead of 8 for 4: what is checked is the scheduling and the commits (every run, each epoch once), and
 * the kill still comes mid-sweep (after 2 of 4 runs, while the other two train on the two executors).
 */
class StandaloneClusterTest {
    private static final int RUNS = 4;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stopCluster() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Process start(String main, List<String> jvm, List<String> args, Map<String, String> env, String log) {
        Process p = JavaProcess.start(main, jvm, args, env, dir.resolve(log));
        processes.add(p);
        return p;
    }

    private static boolean await(java.util.function.BooleanSupplier condition, long seconds) throws InterruptedException {
        return Await.until(condition, Duration.ofSeconds(seconds), Duration.ofMillis(200));
    }

    private static int aliveWorkers(HttpClient http, int uiPort) {
        try {
            String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(json);
            return m.find() ? Integer.parseInt(m.group(1)) : 0;
        } catch (IOException | InterruptedException e) {
            return 0;
        }
    }

    private static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", "" + pid, "cmdline"))).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void theSmokeSweepCompletesDespiteALostExecutor() throws Exception {
        int port = freePort();
        int ui = freePort();
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        Map<String, String> env = new HashMap<>();
        env.put("SPARK_HOME", sparkHome.getParent().toString());
        env.put("SPARK_SCALA_VERSION", "2.12");
        String master = "spark://127.0.0.1:" + port;

        start("org.apache.spark.deploy.master.Master", List.of("-Xmx512m"),
                List.of("--host", "127.0.0.1", "--port", "" + port, "--webui-port", "" + ui), env, "master.log");
        assertTrue(await(() -> {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        }, 120), "master started: " + JavaProcess.log(dir.resolve("master.log")));
        List<Long> workerPids = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path work = Files.createDirectories(dir.resolve("work-" + i));
            Process w = start("org.apache.spark.deploy.worker.Worker", List.of("-Xmx512m"),
                    List.of(master, "--host", "127.0.0.1", "--cores", "1", "--memory", "3g", "--work-dir",
                            work.toString(), "--webui-port", "" + freePort()), env, "worker-" + i + ".log");
            workerPids.add(w.pid());
        }
        HttpClient http = HttpClient.newHttpClient();
        assertTrue(await(() -> aliveWorkers(http, ui) >= 2, 120), "two workers registered: "
                + JavaProcess.log(dir.resolve("worker-0.log")));

        Path out = dir.resolve("out");
        String flags = String.join(" ", JavaProcess.jvmFlags());
        Process driver = start(EarlyRank.class.getName(), List.of("-Xmx2g",
                        "-Dspark.executor.extraClassPath=" + JavaProcess.classpath(),
                        "-Dspark.executor.extraJavaOptions=" + flags,
                        "-Dspark.executorEnv.OMP_NUM_THREADS=1",
                        "-Dspark.executor.memory=2g", "-Dspark.executor.cores=1", "-Dspark.cores.max=2"),
                List.of("train", "--conf", JavaProcess.repoFile("conf/smoke.yaml").toString(), "--out", out.toString(),
                        "--set", "spark.master=" + master, "--set", "spark.task_max_failures=4",
                        "--set", "space.runs=" + RUNS, "--set", "train.epochs=2"), env, "driver.log");

        Path committed = out.resolve("smoke/_staging/train/committed");
        assertTrue(await(() -> SweepFiles.count(committed) >= 2 || !driver.isAlive(), 600),
                "two runs committed: " + JavaProcess.log(dir.resolve("driver.log")));
        assertTrue(driver.isAlive(), JavaProcess.log(dir.resolve("driver.log")));
        Optional<ProcessHandle> executor = ProcessHandle.allProcesses()
                .filter(h -> h.parent().map(pa -> workerPids.contains(pa.pid())).orElse(false))
                .filter(h -> cmdline(h.pid()).contains("CoarseGrainedExecutorBackend"))
                .findFirst();
        assertTrue(executor.isPresent(), "an executor JVM runs under a worker");
        executor.get().destroyForcibly();

        int code = driver.waitFor();
        String log = JavaProcess.log(dir.resolve("driver.log"));
        assertEquals(0, code, log);
        List<RunRow> runs = SweepFiles.runs(out.resolve("smoke"));
        assertEquals(RUNS, runs.size());
        for (RunRow r : runs) {
            assertEquals(RunsTable.STATUS_OK, r.status(), r.runId() + ": " + r.error());
        }
        assertEquals(Map.of(), SweepFiles.duplicateEpochs(out.resolve("smoke")));
        assertEquals(runs.stream().mapToInt(RunRow::epochsDone).sum(), SweepFiles.curves(out.resolve("smoke")).size());
        // Spark's scheduler logs "Lost executor <id> on <host>: ..." when an executor it used is gone: the kill
        // above, not some other message that happens to say "lost", is what the sweep survived.
        assertTrue(log.contains("Lost executor"), "the driver saw the executor it lost: " + log);
    }
}
