package org.earlyrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.spark.SparkSessions;
import org.earlyrank.store.SweepFolder;

/**
 * Runs every benchmark in one process, on the machine it runs on, and returns the figures by key. The
 * quick mode uses the fewest runs and epochs that still produce every figure (two architectures, one or
 * two epochs) and skips the default sweep: it checks that the bench works (bin/test runs it), its figures
 * are too small a sample to quote. The full mode measures what BENCHMARKS.md quotes and also runs the
 * default sweep end to end. Parts named in {@code skip} ({@link #PARTS}) are left out, so one
 * part can be re-measured without the default sweep's quarter of an hour; their figures are recorded as
 * skipped, never as zero.
 */
public final class BenchRunner {
    private final SparkSession spark;
    private final SweepConfig cfg;
    private final boolean quick;
    private final Set<String> skip;
    private SweepFolder paritySweep;
    private final Map<String, Object> results = new LinkedHashMap<>();
    /** Sweep sizes of the scale benchmark (full mode): a large sweep and a whole NAS-Bench-201 space. */
    public static final List<Integer> SCALE_RUNS = List.of(1_000, 15_625);

    /** The parts {@code bin/bench --skip} may leave out (the sgemm peak always runs: other figures use it). */
    public static final List<String> PARTS = List.of("training", "pytorch", "capture", "fanout", "svr", "parity",
            "levers", "speed-levers", "sweep", "scale");

    public BenchRunner(SparkSession spark, SweepConfig cfg, boolean quick) {
        this(spark, cfg, quick, Set.of());
    }

    /** @throws ConfigException when {@code skip} names a part that does not exist */
    public BenchRunner(SparkSession spark, SweepConfig cfg, boolean quick, Set<String> skip) {
        checkParts(skip);
        this.spark = spark;
        this.cfg = cfg;
        this.quick = quick;
        this.skip = Set.copyOf(skip);
    }

    /** @throws ConfigException naming the unknown part and the known ones */
    public static void checkParts(java.util.Collection<String> parts) {
        for (String p : parts) {
            if (!PARTS.contains(p)) {
                throw new ConfigException("bench --skip: unknown part '" + p + "'; the parts are "
                        + String.join(", ", PARTS));
            }
        }
    }

    /**
     * Takes EarlyRank's side of the parity check from this finished sweep (trained with the same config)
     * instead of training the architectures again; null trains them.
     */
    public BenchRunner paritySweep(SweepFolder sweep) {
        this.paritySweep = sweep;
        return this;
    }

    private boolean runs(String part) {
        if (skip.contains(part)) {
            log("skipping " + part + " (--skip)");
            return false;
        }
        return true;
    }

    private static void log(String s) {
        System.err.println("[bench] " + s);
    }

    private TrainOptions epochs(int e) {
        return cfg.get(TrainOptions.SECTION).withEpochs(e);
    }

    private List<RunSpec> specs(int n, int epochs) {
        SpaceOptions s = cfg.get(SpaceOptions.SECTION);
        return RunSampler.sample(s, epochs(epochs), cfg.get(DatasetOptions.SECTION), cfg.seed()).subList(0, n);
    }

    public Map<String, Object> run() throws Exception {
        int slots = SparkSessions.slots(spark);
        DatasetOptions data = cfg.get(DatasetOptions.SECTION);
        results.put("mode", quick ? "quick" : "full");
        results.put("skipped_parts", PARTS.stream().filter(skip::contains).toList());
        results.put("config", cfg.source());
        results.put("slots", slots);
        results.putAll(Machine.describe());
        int parityRuns = quick ? 2 : cfg.get(SpaceOptions.SECTION).runs();
        int parityEpochs = quick ? 2 : cfg.get(TrainOptions.SECTION).epochs();
        ParityBench.SweepSide paritySide = paritySweep == null || skip.contains("parity") ? null
                : ParityBench.readSweep(paritySweep, specs(parityRuns, parityEpochs), data); // refused before measuring
        int peerRuns = quick ? 2 : cfg.get(SpaceOptions.SECTION).runs();
        Map<String, Double> sweepRates = paritySweep == null || skip.contains("pytorch") ? Map.of()
                : PytorchPeerBench.sweepRates(paritySweep, specs(peerRuns, 2), data);

        log("sgemm peak (" + slots + " threads)");
        double peak = Sgemm.flops(1024, slots, quick ? 2 : 4);
        results.put("sgemm_gflops", round(peak / 1e9, 2));

        int trainRuns = quick ? 2 : 8;
        int trainEpochs = quick ? 1 : 3;
        if (runs("training")) {
            log("training throughput: " + trainRuns + " runs x " + trainEpochs + " epochs on " + slots + " threads");
            TrainingBench.run(specs(slots, 1), data, epochs(1), slots); // warm-up
            TrainingBench.Result tr = TrainingBench.run(specs(trainRuns, trainEpochs), data, epochs(trainEpochs), slots);
            results.put("images_per_second", round(tr.imagesPerSecond(), 1));
            results.put("train_gflops_per_task", round(tr.flopsPerTask() / 1e9, 3));
            results.put("train_flops_fraction_of_sgemm", round(tr.flopsPerTask() / (peak / slots), 4));
        }

        if (runs("pytorch")) {
            if (skip.contains("training")) {
                // the training part warms the JIT up otherwise; without it the first architectures pay for it
                TrainingBench.run(specs(slots, 1), data, epochs(1), slots);
            }
            log("EarlyRank against PyTorch (" + PytorchPeerBench.SCRIPT + ") on " + peerRuns + " architectures, "
                    + slots + " at a time");
            putPeer(PytorchPeerBench.run(specs(peerRuns, 2), data, epochs(2), slots, quick ? 20 : 40, home(), sweepRates));
        }

        if (runs("capture")) {
            capture();
        }
        Path tmp = Files.createTempDirectory("earlyrank-bench");
        if (runs("fanout")) {
            fanout(slots, tmp);
        }
        if (runs("svr")) {
            log("one nu-SVR fit on 100 configurations (data/curves/metaqnn_svhn.csv, 25% of the curve)");
            Path curves = Path.of("data", "curves", "metaqnn_svhn.csv");
            results.put("svr_fit_ms", Files.exists(curves)
                    ? round(org.earlyrank.estimate.svr.SvrBenchmark.medianFitMillis(curves.toString()), 3) : null);
        }

        if (runs("parity")) {
            log("training parity with PyTorch: " + parityRuns + " architectures x " + parityEpochs
                    + " epochs, " + (paritySweep == null ? "each framework" : "EarlyRank's from " + paritySweep));
            ParityBench.Result parity = paritySweep == null
                    ? ParityBench.run(specs(parityRuns, parityEpochs), data, epochs(parityEpochs), slots, ParityBench.PEER)
                    : ParityBench.fromSweep(paritySide, specs(parityRuns, parityEpochs), data, slots, ParityBench.PEER);
            results.putAll(ParityBench.figures(parity));
            results.put("parity_earlyrank_from", paritySweep == null ? "trained here" : paritySweep.toString());
        }

        if (!quick && runs("levers")) {
            log("levers of training speed: oneDNN, batch size, width");
            List<LeversBench.Lever> levers = LeversBench.run(specs(4, 2), data, epochs(2), slots, peak / slots);
            results.put("levers", levers);
        }
        if (!quick && runs("speed-levers")) {
            log("levers of one training step, A/B on one thread (SpeedLevers): 6 architectures x 4 rounds");
            results.put("speed_levers", SpeedLevers.run(specs(6, 2), 4, 6));
        }
        if (!quick && runs("sweep")) {
            log("the default sweep, end to end");
            Path out = tmp.resolve("default");
            long t0 = System.nanoTime();
            Map<String, Object> stages = Pipeline.sweep(spark, cfg, SweepFolder.at(out.toString(), cfg.sweepId(),
                    new Configuration()), true);
            results.put("default_sweep_seconds", round((System.nanoTime() - t0) / 1e9, 1));
            results.put("default_sweep_stages", stages.keySet());
        } else if (quick) {
            results.put("default_sweep_seconds", null); // full mode only
        }
        if (!quick && runs("scale")) {
            log("scale: curve-based stages at " + SCALE_RUNS + " runs (issue 23)");
            results.putAll(ScaleBench.run(spark, Path.of("data", "curves", "metaqnn_svhn.csv"), SCALE_RUNS,
                    tmp.resolve("scale")));
        }
        results.put("peak_rss_mib", round(Machine.peakRssMib(), 0));
        org.apache.commons.io.FileUtils.deleteQuietly(tmp.toFile());
        return results;
    }

    private void capture() throws Exception {
        DatasetOptions data = cfg.get(DatasetOptions.SECTION);
        log("capture overhead");
        // quick: 2 epochs a run (the first is left out of the medians, so one epoch each), 2 repetitions
        int captureEpochs = quick ? 2 : 4;
        RunSpec one = specs(1, captureEpochs).get(0);
        CaptureBench cap = CaptureBench.run(one, data, epochs(captureEpochs), quick ? 2 : 10);
        results.put("capture_epoch_seconds", round(cap.withCapture(), 3));
        results.put("no_capture_epoch_seconds", round(cap.withoutCapture(), 3));
        results.put("capture_cpu_seconds_per_run", round(cap.cpuWith(), 3));
        results.put("no_capture_cpu_seconds_per_run", round(cap.cpuWithout(), 3));
        results.put("capture_overhead_ratio", round(cap.overheadRatio(), 4));
        results.put("capture_wall_overhead_ratio", round(cap.wallOverheadRatio(), 4));
        results.put("capture_copy_share", round(cap.copyShare(), 4));
        results.put("capture_gc_ms_per_epoch", round(cap.gcWithMs(), 1));
        results.put("no_capture_gc_ms_per_epoch", round(cap.gcWithoutMs(), 1));
    }

    private void fanout(int slots, Path tmp) throws Exception {
        DatasetOptions data = cfg.get(DatasetOptions.SECTION);
        int fanRuns = quick ? 2 : 8;
        int fanEpochs = quick ? 2 : 4;
        log("Spark fan-out vs thread pool: " + fanRuns + " runs x " + fanEpochs + " epochs");
        FanoutBench fan = FanoutBench.run(spark, specs(fanRuns, fanEpochs), data, epochs(fanEpochs), slots, tmp);
        results.put("fanout_spark_seconds", round(fan.sparkSeconds(), 2));
        results.put("fanout_threadpool_seconds", round(fan.poolSeconds(), 2));
        results.put("fanout_vs_threadpool_ratio", round(fan.ratio(), 4));

        log("fit-ensemble on the fan-out sweep");
        SweepFolder sweep = SweepFolder.at(tmp.resolve("spark").toString(), new Configuration());
        Map<String, Object> ens = Pipeline.run(Stages.FIT_ENSEMBLE, spark, cfg, sweep, true);
        Object ratio = ens.get("median_run_seconds_per_epoch_second");
        results.put("ensemble_cost_epochs", ratio instanceof Number n ? round(n.doubleValue(), 4) : null);
        results.put("ensemble_median_run_seconds", ens.get("median_run_seconds"));
    }

    /** The EarlyRank install: EARLYRANK_HOME (set by bin/ scripts), else the working directory. */
    private static Path home() {
        String h = System.getenv("EARLYRANK_HOME");
        return Path.of(h != null && !h.isBlank() ? h : ".").toAbsolutePath();
    }

    private void putPeer(PytorchPeerBench.Result vs) {
        if (vs.skipped() != null) {
            log("PyTorch comparison skipped: " + vs.skipped());
        }
        results.put("vs_pytorch_median", vs.rows().isEmpty() ? null : round(vs.medianRatio(), 4));
        results.put("vs_pytorch_min", vs.rows().isEmpty() ? null : round(vs.minRatio(), 4));
        results.put("vs_pytorch_median_cold", vs.rows().isEmpty() ? null : round(vs.medianRatioCold(), 4));
        results.put("vs_pytorch_min_cold", vs.rows().isEmpty() ? null : round(vs.minRatioCold(), 4));
        if (vs.medianRatioSweep() != null) {
            results.put("vs_pytorch_sweep_median", round(vs.medianRatioSweep(), 4));
            results.put("vs_pytorch_sweep_min", round(vs.minRatioSweep(), 4));
            results.put("vs_pytorch_sweep_from", paritySweep.toString());
        }
        results.put("earlyrank_images_per_second_per_task", vs.rows().isEmpty() ? null : round(vs.medianEarlyrank(), 1));
        results.put("pytorch_images_per_second_per_process", vs.rows().isEmpty() ? null : round(vs.medianPytorch(), 1));
        results.put("pytorch_version", vs.torch());
        results.put("vs_pytorch_skipped", vs.skipped());
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (PytorchPeerBench.Row r : vs.rows()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("arch", r.arch());
            m.put("earlyrank_images_per_second", round(r.earlyrank(), 1));
            m.put("pytorch_images_per_second", round(r.pytorch(), 1));
            m.put("ratio", round(r.ratio(), 4));
            m.put("earlyrank_images_per_second_cold", round(r.earlyrankCold(), 1));
            m.put("ratio_cold", round(r.ratioCold(), 4));
            if (r.earlyrankSweep() != null) {
                m.put("earlyrank_images_per_second_sweep", round(r.earlyrankSweep(), 1));
                m.put("ratio_sweep", round(r.ratioSweep(), 4));
            }
            rows.add(m);
        }
        results.put("vs_pytorch", rows);
    }

    static Double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** The default config of this install (conf/default.yaml), else built-in defaults. */
    public static SweepConfig defaultConfig(Path conf) {
        return ConfigLoader.load(conf != null && Files.isRegularFile(conf) ? conf : null, Map.of());
    }

    /** Replaces the generated part of BENCHMARKS.md (between the bench markers), keeping the rest. */
    public static void writeMarkdown(Path file, Map<String, Object> r, String command) throws IOException {
        String begin = "<!-- bench:begin -->";
        String end = "<!-- bench:end -->";
        StringBuilder b = new StringBuilder(begin).append("\n");
        b.append("Generated by `").append(command).append("` on ").append(LocalDate.now()).append(": ")
                .append(r.get("cpu")).append(", ").append(r.get("cores")).append(" cores, ").append(r.get("memory_gib"))
                .append(" GiB, ").append(r.get("java")).append(", OMP_NUM_THREADS=").append(r.get("omp_num_threads"))
                .append(", garbage collectors ").append(r.get("gc")).append(", ").append(r.get("slots")).append(" Spark task slots. Mode: ").append(r.get("mode"))
                .append(r.get("skipped_parts") instanceof List<?> sk && !sk.isEmpty() ? "; parts left out (--skip): " + sk : "")
                .append(".\n\n");
        b.append("| key | value | goal |\n|---|---|---|\n");
        row(b, r, "sgemm_gflops", "ND4J sgemm 1024^3, all slots at once (the practical peak)");
        row(b, r, "train_gflops_per_task", "");
        row(b, r, "train_flops_fraction_of_sgemm", ">= 0.40");
        row(b, r, "images_per_second", "");
        row(b, r, "capture_epoch_seconds", "");
        row(b, r, "no_capture_epoch_seconds", "");
        row(b, r, "capture_cpu_seconds_per_run", "training thread's CPU seconds, a run of 4 epochs");
        row(b, r, "no_capture_cpu_seconds_per_run", "");
        row(b, r, "capture_overhead_ratio", "<= 0.05 (CPU seconds of the run)");
        row(b, r, "capture_wall_overhead_ratio", "the same in wall seconds per epoch (noisy here)");
        row(b, r, "capture_copy_share", "the capture's own accounting: curves.capture_seconds / epoch_seconds");
        row(b, r, "capture_gc_ms_per_epoch", "");
        row(b, r, "no_capture_gc_ms_per_epoch", "");
        row(b, r, "fanout_spark_seconds", "");
        row(b, r, "fanout_threadpool_seconds", "");
        row(b, r, "fanout_vs_threadpool_ratio", "<= 1.10");
        row(b, r, "ensemble_cost_epochs", "<= 0.5");
        row(b, r, "svr_fit_ms", "<= 10");
        row(b, r, "default_sweep_seconds", "<= 900 (full mode only)");
        row(b, r, "vs_pytorch_median", ">= 1.0 (EarlyRank / PyTorch images/s, median over architectures)");
        row(b, r, "vs_pytorch_min", ">= 0.5 (the slowest architecture relative to PyTorch)");
        row(b, r, "vs_pytorch_median_cold", "the same, EarlyRank's first pass in a fresh JVM (JIT warm-up included)");
        row(b, r, "vs_pytorch_min_cold", "the same, first pass");
        if (r.containsKey("vs_pytorch_sweep_median")) {
            row(b, r, "vs_pytorch_sweep_median", "EarlyRank's images/s from the training passes of " + r.get("vs_pytorch_sweep_from")
                    + " (curves.train_seconds, all epochs)");
            row(b, r, "vs_pytorch_sweep_min", "the same, slowest architecture");
        }
        row(b, r, "earlyrank_images_per_second_per_task", "median over architectures, curves.train_seconds, second pass");
        row(b, r, "pytorch_images_per_second_per_process", "median over architectures, " + r.get("pytorch_version"));
        row(b, r, "earlyrank_median_test_acc", "median final test accuracy, whole test file (parity runs)");
        row(b, r, "pytorch_median_test_acc", "the same architectures, recipe and training images in PyTorch");
        row(b, r, "accuracy_vs_pytorch", "within +-0.01 (EarlyRank minus PyTorch)");
        row(b, r, "peak_rss_mib", "");
        if (r.get("levers") instanceof List<?> levers) {
            b.append("\nLevers of training speed (4 default-space architectures x 2 epochs per setting, no capture, ")
                    .append(r.get("slots")).append(" threads):\n\n| setting | images/s | GFLOP/s per task | fraction of sgemm |\n|---|---|---|---|\n");
            for (Object o : levers) {
                LeversBench.Lever l = (LeversBench.Lever) o;
                b.append("| ").append(l.name()).append(" | ").append(round(l.imagesPerSecond(), 0)).append(" | ")
                        .append(round(l.gflopsPerTask(), 2)).append(" | ").append(round(l.fractionOfSgemm(), 4)).append(" |\n");
            }
        }
        if (r.get("speed_levers") instanceof List<?> speed) {
            b.append("\nLevers of one training step (`SpeedLevers`: 6 default-space architectures, the settings built side ")
                    .append("by side and timed in rotating blocks of 6 minibatches of 128, 4 rounds, one thread; median over ")
                    .append("architectures):\n\n| setting | images/s (wall) | images/s (thread CPU) | vs default |\n|---|---|---|---|\n");
            for (Object o : speed) {
                SpeedLevers.Lever l = (SpeedLevers.Lever) o;
                b.append("| ").append(l.name()).append(" | ").append(round(l.imagesPerSecond(), 0)).append(" | ")
                        .append(round(l.cpuImagesPerSecond(), 0)).append(" | ").append(round(l.vsDefault(), 2)).append(" |\n");
            }
        }
        if (r.get("vs_pytorch") instanceof List<?> vs && !vs.isEmpty()) {
            b.append("\nEarlyRank against PyTorch (`bin/torch-peer`, the same networks and training step, one thread per ")
                    .append("process, ").append(r.get("slots")).append(" at a time; PyTorch before and after EarlyRank, averaged; ")
                    .append("EarlyRank trains them twice in one JVM, warm = the second pass):\n\n")
                    .append("| architecture | EarlyRank images/s (warm) | PyTorch images/s | EarlyRank / PyTorch (warm) | EarlyRank images/s (cold) | ratio (cold) |");
            boolean fromSweep = r.containsKey("vs_pytorch_sweep_median");
            b.append(fromSweep ? " EarlyRank images/s (sweep) | ratio (sweep) |\n|---|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|---|---|\n");
            for (Object o : vs) {
                Map<?, ?> m = (Map<?, ?>) o;
                b.append("| `").append(m.get("arch")).append("` | ").append(m.get("earlyrank_images_per_second")).append(" | ")
                        .append(m.get("pytorch_images_per_second")).append(" | ").append(m.get("ratio")).append(" | ")
                        .append(m.get("earlyrank_images_per_second_cold")).append(" | ").append(m.get("ratio_cold")).append(" |");
                b.append(fromSweep ? " " + m.get("earlyrank_images_per_second_sweep") + " | " + m.get("ratio_sweep") + " |\n" : "\n");
            }
        } else if (r.get("vs_pytorch_skipped") != null) {
            b.append("\nEarlyRank against PyTorch: skipped (").append(r.get("vs_pytorch_skipped")).append(").\n");
        }
        if (r.get("parity") instanceof List<?> parity) {
            b.append("\nTraining parity with PyTorch (").append(r.get("parity_archs")).append(" default-sweep architectures x ")
                    .append(r.get("parity_epochs")).append(" epochs, final test accuracy on ").append(r.get("parity_test_images"))
.append(" test images; EarlyRank's runs: ").append(r.get("parity_earlyrank_from"))
                    .append(r.get("parity_skipped") == null ? "" : "; PyTorch skipped: " + r.get("parity_skipped"))
                    .append("):\n\n| architecture | EarlyRank | PyTorch |\n|---|---|---|\n");
            for (Object o : parity) {
                Map<?, ?> row = (Map<?, ?>) o;
                b.append("| `").append(row.get("arch")).append("` | ").append(row.get("earlyrank")).append(" | ")
                        .append(row.get("pytorch")).append(" |\n");
            }
        }
        b.append(end);
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n\n" + begin + "\n" + end + "\n";
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        String updated = i >= 0 && j > i ? text.substring(0, i) + b + text.substring(j + end.length())
                : text + "\n" + b + "\n";
        Files.writeString(file, updated);
    }

    private static void row(StringBuilder b, Map<String, Object> r, String key, String goal) {
        Object v = r.containsKey(key) ? r.get(key) : "not run (--skip)";
        b.append("| `").append(key).append("` | ").append(v).append(" | ").append(goal).append(" |\n");
    }
}
