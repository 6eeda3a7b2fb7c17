package org.earlyrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.base.Median;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.space.CellArch;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.RunRecord;
import org.earlyrank.train.RunTrainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Training parity with PyTorch: the same architectures trained with the same recipe on the same training
 * images by EarlyRank (DL4J) and by the PyTorch peer {@code bench/torch_accuracy_peer.py} (PyTorch's plain
 * meaning of every train key), both tested on the whole test file. A systematic difference in the median
 * final test accuracy means part of EarlyRank's recipe is not what its config says.
 *
 * <p>The peer needs Debian's python3-torch; without it the result says why it was skipped.
 */
public final class ParityBench {
    /** Where bin/bench finds the peer (it runs from the install folder). */
    public static final Path PEER = Path.of("bench", "torch_accuracy_peer.py");
    /** Debian's interpreter, the one python3-torch installs into. */
    public static final String PYTHON = "/usr/bin/python3";

    private ParityBench() {
    }

    /**
     * @param archs      architectures, in order
     * @param earlyrank  EarlyRank's final test accuracy per architecture
     * @param pytorch    the peer's, or null when skipped
     * @param skipped    why the peer did not run, or null
     */
    public record Result(List<String> archs, int epochs, int testImages, double[] earlyrank, double[] pytorch,
                         double earlyrankSeconds, Double pytorchSeconds, String skipped) {
        public double earlyrankMedian() {
            return Median.of(earlyrank);
        }

        public Double pytorchMedian() {
            return pytorch == null ? null : Median.of(pytorch);
        }

        /** EarlyRank's median minus the peer's: the accuracy_vs_pytorch figure. */
        public Double difference() {
            return pytorch == null ? null : earlyrankMedian() - Median.of(pytorch);
        }
    }

    /** Why the peer cannot run here, or null when it can. */
    public static String unavailable(Path peer) {
        if (!Files.isRegularFile(peer)) {
            return peer + " not found (run bin/bench from the EarlyRank folder)";
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0 ? null
                    : "python3-torch is not installed (apt-get install python3-torch)";
        } catch (IOException e) {
            return PYTHON + " cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Trains the specs with EarlyRank on {@code threads} threads, then with the peer on as many processes.
     * The dataset options' final test set is widened to the whole test file.
     */
    public static Result run(List<RunSpec> specs, DatasetOptions data, TrainOptions opts, int threads, Path peer)
            throws Exception {
        String why = recipeMismatch(specs, data);
        DatasetOptions whole = new DatasetOptions(data.name(), data.path(), data.trainSize(), data.valSize(),
                data.testSize(), data.imageSize(), data.normalize(), data.splitSeed(), 0);
        DatasetSplits splits = DatasetLoader.load(whole, new Configuration());
        TrainOptions noCapture = new TrainOptions(opts.epochs(), opts.batchSize(), opts.learningRate(), opts.momentum(),
                opts.weightDecay(), opts.schedule(), opts.trainFraction(), opts.maxRunSeconds(), 0, false, 0,
                opts.evalBatchSize(), opts.onednn(), opts.divergenceLoss());
        long t0 = System.nanoTime();
        double[] er = trainEarlyRank(specs, splits, noCapture, threads);
        double erSeconds = (System.nanoTime() - t0) / 1e9;
        List<String> archs = specs.stream().map(RunSpec::arch).toList();
        int testImages = splits.finalTest().count();
        if (why == null) {
            why = unavailable(peer);
        }
        if (why != null) {
            return new Result(archs, specs.get(0).epochs(), testImages, er, null, erSeconds, null, why);
        }
        long t1 = System.nanoTime();
        double[] pt = trainPeer(specs, splits, threads, peer);
        return new Result(archs, specs.get(0).epochs(), testImages, er, pt, erSeconds, (System.nanoTime() - t1) / 1e9,
                null);
    }

    /**
     * The same check with EarlyRank's side taken from a finished sweep trained with the same config (its
     * runs.final_test_acc, measured on the whole test file), so the default sweep's trainings are not done a
     * second time: each spec must match the sweep's run of the same run_id (same architecture, status ok,
     * the whole test file, the config's validation size). The peer then trains on the same training images.
     *
     * @throws ConfigException naming the first run that does not match
     */
    public static Result fromSweep(SweepFolder sweep, List<RunSpec> specs, DatasetOptions data, int threads, Path peer)
            throws Exception {
        return fromSweep(readSweep(sweep, specs, data), specs, data, threads, peer);
    }

    /** EarlyRank's side read from a sweep, checked against the bench's specs: accuracies, seconds, the split. */
    public record SweepSide(double[] accuracies, double seconds, DatasetSplits splits) {
    }

    /**
     * Reads and checks EarlyRank's side from a sweep (bin/bench does this first, so a mismatch is refused before
     * anything is measured).
     *
     * @throws ConfigException naming the first run that does not match
     */
    public static SweepSide readSweep(SweepFolder sweep, List<RunSpec> specs, DatasetOptions data) {
        DatasetOptions whole = new DatasetOptions(data.name(), data.path(), data.trainSize(), data.valSize(),
                data.testSize(), data.imageSize(), data.normalize(), data.splitSeed(), 0);
        DatasetSplits splits = DatasetLoader.load(whole, new Configuration());
        int testImages = splits.finalTest().count();
        Map<String, RunRow> byId = new LinkedHashMap<>();
        for (org.apache.spark.sql.Row r : sweep.read(RunsTable.TABLE, "train")) {
            RunRow run = RunRow.fromRow(r);
            byId.put(run.runId(), run);
        }
        double[] er = new double[specs.size()];
        double seconds = 0;
        for (int i = 0; i < er.length; i++) {
            RunSpec s = specs.get(i);
            RunRow run = byId.get(s.runId());
            String why = run == null ? "has no run " + s.runId()
                    : !run.arch().equals(s.arch()) ? "trained another architecture as " + s.runId()
                    : !run.ok() || run.finalTestAcc() == null ? "has no final test accuracy for " + s.runId()
                    + " (status " + run.status() + ")"
                    : run.testImages() == null || run.testImages() != testImages ? "measured " + s.runId() + " on "
                    + run.testImages() + " test images, not the whole test file (" + testImages + ")"
                    : run.valImages() == null || run.valImages() != data.valSize() ? "split " + s.runId()
                    + " with another validation size (" + run.valImages() + ", the config has " + data.valSize() + ")"
                    : null;
            if (why != null) {
                throw new ConfigException("bench --parity-sweep " + sweep + " " + why + "; pass a sweep trained with "
                        + "the same config (bin/earlyrank sweep --conf <the bench's config>)");
            }
            er[i] = run.finalTestAcc();
            seconds += run.trainSeconds() == null ? 0 : run.trainSeconds();
        }
        return new SweepSide(er, seconds, splits);
    }

    /** The parity check with EarlyRank's side already read by {@link #readSweep}. */
    public static Result fromSweep(SweepSide side, List<RunSpec> specs, DatasetOptions data, int threads, Path peer)
            throws Exception {
        double[] er = side.accuracies();
        double seconds = side.seconds();
        DatasetSplits splits = side.splits();
        int testImages = splits.finalTest().count();
        List<String> archs = specs.stream().map(RunSpec::arch).toList();
        String why = recipeMismatch(specs, data);
        if (why == null) {
            why = unavailable(peer);
        }
        if (why != null) {
            return new Result(archs, specs.get(0).epochs(), testImages, er, null, seconds / threads, null, why);
        }
        long t1 = System.nanoTime();
        double[] pt = trainPeer(specs, splits, threads, peer);
        return new Result(archs, specs.get(0).epochs(), testImages, er, pt, seconds / threads,
                (System.nanoTime() - t1) / 1e9, null);
    }

    /** The peer implements the nb201 space on Fashion-MNIST with the linear schedule and standardisation. */
    private static String recipeMismatch(List<RunSpec> specs, DatasetOptions data) {
        if (!data.name().equals("fashion-mnist") || !data.normalize().equals("standardize")) {
            return "the PyTorch peer trains standardised Fashion-MNIST only";
        }
        for (RunSpec s : specs) {
            if (!s.space().equals(CellArch.SPACE) || !s.schedule().equals("linear") || s.trainFraction() != 1.0) {
                return "the PyTorch peer trains nb201 cells with the linear schedule on the whole training subset only";
            }
        }
        return null;
    }

    private static double[] trainEarlyRank(List<RunSpec> specs, DatasetSplits data, TrainOptions opts, int threads)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Double>> parts = new ArrayList<>();
            for (RunSpec s : specs) {
                parts.add(pool.submit(() -> {
                    RunRecord r = new RunTrainer("parity", s, data, opts).train(null, 1);
                    return r.run.finalTestAcc() == null ? Double.NaN : r.run.finalTestAcc();
                }));
            }
            double[] acc = new double[specs.size()];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = parts.get(i).get();
            }
            return acc;
        } finally {
            pool.shutdownNow();
        }
    }

    private static double[] trainPeer(List<RunSpec> specs, DatasetSplits data, int procs, Path peer)
            throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("earlyrank-parity");
        try {
            Path archs = dir.resolve("archs.txt");
            Path indices = dir.resolve("train_indices.txt");
            Files.write(archs, specs.stream().map(RunSpec::arch).toList(), StandardCharsets.UTF_8);
            Files.write(indices, Arrays.stream(data.trainIndices()).mapToObj(Integer::toString).toList(),
                    StandardCharsets.UTF_8);
            RunSpec s = specs.get(0);
            List<String> cmd = new ArrayList<>(List.of(PYTHON, peer.toString(), "--archs", archs.toString(),
                    "--train-indices", indices.toString(), "--epochs", Integer.toString(s.epochs()),
                    "--batch", Integer.toString(s.batchSize()), "--lr", Double.toString(s.learningRate()),
                    "--momentum", Double.toString(s.momentum()), "--weight-decay", Double.toString(s.weightDecay()),
                    "--channels", Integer.toString(s.channels()), "--cells", Integer.toString(s.cells()),
                    "--image-size", Integer.toString(data.train().height()), "--procs", Integer.toString(procs)));
            Path out = dir.resolve("peer.json");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the PyTorch peer failed (exit " + p.exitValue() + "): " + String.join(" ", cmd));
            }
            JsonNode json = new ObjectMapper().readTree(out.toFile()).get("per_arch");
            double[] acc = new double[specs.size()];
            for (int i = 0; i < acc.length; i++) {
                acc[i] = json.get(specs.get(i).arch()).asDouble();
            }
            return acc;
        } finally {
            org.apache.commons.io.FileUtils.deleteQuietly(dir.toFile());
        }
    }

    /** The figures bin/bench records, by key. */
    public static Map<String, Object> figures(Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("parity_archs", r.archs().size());
        m.put("parity_epochs", r.epochs());
        m.put("parity_test_images", r.testImages());
        m.put("earlyrank_median_test_acc", BenchRunner.round(r.earlyrankMedian(), 4));
        m.put("pytorch_median_test_acc", r.pytorchMedian() == null ? null : BenchRunner.round(r.pytorchMedian(), 4));
        m.put("accuracy_vs_pytorch", r.difference() == null ? null : BenchRunner.round(r.difference(), 4));
        m.put("parity_earlyrank_seconds", BenchRunner.round(r.earlyrankSeconds(), 1));
        m.put("parity_pytorch_seconds", r.pytorchSeconds() == null ? null : BenchRunner.round(r.pytorchSeconds(), 1));
        m.put("parity_skipped", r.skipped());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < r.archs().size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("arch", r.archs().get(i));
            row.put("earlyrank", BenchRunner.round(r.earlyrank()[i], 4));
            row.put("pytorch", r.pytorch() == null ? null : BenchRunner.round(r.pytorch()[i], 4));
            rows.add(row);
        }
        m.put("parity", rows);
        return m;
    }
}
