package org.earlyrank.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.earlyrank.base.Fractions;
import org.earlyrank.base.Median;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.CellArch;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * EarlyRank's training throughput against PyTorch's on the same nb201 architectures, in one run:
 * {@code bin/torch-peer} (Debian's python3-torch, one thread per process, as many processes as task
 * slots) before and after EarlyRank trains the same architectures on a thread pool with as many threads
 * (curves.train_seconds, as {@link TrainingBench}). The peer's figure per architecture is the mean of its
 * two passes, so a drift of the shared machine's load during the run falls on both sides alike.
 *
 * <p>EarlyRank trains the architectures twice in the same JVM. The first (cold) pass pays the JIT compiler's
 * warm-up inside each architecture's 2 epochs: a few seconds of compilation against a pass of two minutes,
 * where a default sweep's JVM runs for a quarter of an hour and pays it once. The second (warm) pass is what a
 * sweep's runs see after its first minute, and gives the headline ratios; the cold ones are kept beside them
 * (BENCHMARKS.md, issue 19, round 6: pass 2 / pass 1 is 1.2x at the median and up to 2.1x on the first
 * architectures).
 */
public final class PytorchPeerBench {
    /** Where the peer script lives, relative to the EarlyRank install. */
    public static final String SCRIPT = "bin/torch-peer";
    private static final String PYTHON = "/usr/bin/python3";

    private PytorchPeerBench() {
    }

    /**
     * One architecture: EarlyRank's images/s per task in the warm and the cold pass, and PyTorch's per process,
     * while both use every slot; with a finished sweep given, also EarlyRank's images/s in that sweep's training
     * passes (null otherwise).
     */
    public record Row(String arch, double earlyrank, double earlyrankCold, double pytorch, Double earlyrankSweep) {
        /** EarlyRank (the sweep's training passes) / PyTorch, or null without a sweep. */
        public Double ratioSweep() {
            return earlyrankSweep == null ? null : earlyrankSweep / pytorch;
        }

        /** EarlyRank (warm JVM) / PyTorch. */
        public double ratio() {
            return earlyrank / pytorch;
        }

        /** EarlyRank (cold JVM: the first pass) / PyTorch. */
        public double ratioCold() {
            return earlyrankCold / pytorch;
        }
    }

    /**
     * @param rows    one per architecture, or none when skipped
     * @param torch   the peer's PyTorch version
     * @param skipped why the comparison did not run (null when it did)
     */
    public record Result(List<Row> rows, String torch, String skipped) {
        public Double medianRatio() {
            return rows.isEmpty() ? null : Median.of(rows.stream().mapToDouble(Row::ratio).toArray());
        }

        public Double minRatio() {
            return rows.isEmpty() ? null : rows.stream().mapToDouble(Row::ratio).min().orElseThrow();
        }

        public Double medianRatioCold() {
            return rows.isEmpty() ? null : Median.of(rows.stream().mapToDouble(Row::ratioCold).toArray());
        }

        public Double minRatioCold() {
            return rows.isEmpty() ? null : rows.stream().mapToDouble(Row::ratioCold).min().orElseThrow();
        }

        /** Median of the sweep-based ratios, or null when no sweep was given. */
        public Double medianRatioSweep() {
            return rows.isEmpty() || rows.get(0).earlyrankSweep() == null ? null
                    : Median.of(rows.stream().mapToDouble(Row::ratioSweep).toArray());
        }

        public Double minRatioSweep() {
            return rows.isEmpty() || rows.get(0).earlyrankSweep() == null ? null
                    : rows.stream().mapToDouble(Row::ratioSweep).min().orElseThrow();
        }

        public Double medianEarlyrank() {
            return rows.isEmpty() ? null : Median.of(rows.stream().mapToDouble(Row::earlyrank).toArray());
        }

        public Double medianPytorch() {
            return rows.isEmpty() ? null : Median.of(rows.stream().mapToDouble(Row::pytorch).toArray());
        }
    }

    /** Why the peer cannot run here, or null when it can: python3-torch and the script must be present. */
    public static String unavailable(Path home) {
        if (!Files.isRegularFile(home.resolve(SCRIPT))) {
            return SCRIPT + " not found under " + home;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "python3 -c 'import torch' did not finish";
            }
            return p.exitValue() == 0 ? null : "python3-torch is not installed (apt-get install python3-torch)";
        } catch (IOException e) {
            return PYTHON + " cannot run: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /**
     * Trains the distinct nb201 architectures of {@code specs} in EarlyRank and in the peer.
     *
     * @param peerBatches timed minibatches per architecture in each peer pass
     * @param home        the EarlyRank install (holds {@value #SCRIPT})
     */
    public static Result run(List<RunSpec> specs, DatasetOptions data, TrainOptions opts, int slots, int peerBatches,
                             Path home) throws Exception {
        return run(specs, data, opts, slots, peerBatches, home, Map.of());
    }

    /**
     * As {@link #run(List, DatasetOptions, TrainOptions, int, int, Path)}, with EarlyRank's images/s in a finished
     * sweep's training passes per architecture ({@link #sweepRates}; empty: none) put beside each row.
     */
    public static Result run(List<RunSpec> specs, DatasetOptions data, TrainOptions opts, int slots, int peerBatches,
                             Path home, Map<String, Double> sweepRates) throws Exception {
        List<RunSpec> cells = distinctCells(specs);
        if (cells.isEmpty()) {
            return new Result(List.of(), null, "the peer builds nb201 cells only; the config's space has none");
        }
        String why = unavailable(home);
        if (why != null) {
            return new Result(List.of(), null, why);
        }
        int channels = cells.get(0).channels();
        int batch = cells.get(0).batchSize();
        int size = cells.get(0).imageSize();
        for (RunSpec s : cells) {
            if (s.channels() != channels || s.batchSize() != batch || s.imageSize() != size || s.cells() != 1) {
                return new Result(List.of(), null, "the peer needs one cell per stage and one channel count, batch "
                        + "size and image size for all runs");
            }
        }
        Path archs = Files.createTempFile("earlyrank-peer", ".txt");
        try {
            List<String> seen = cells.stream().map(RunSpec::arch).toList();
            Files.write(archs, seen, StandardCharsets.UTF_8);
            List<String> cmd = List.of(PYTHON, home.resolve(SCRIPT).toString(), archs.toString(),
                    "--procs", String.valueOf(slots), "--batches", String.valueOf(peerBatches),
                    "--channels", String.valueOf(channels), "--batch", String.valueOf(batch),
                    "--size", String.valueOf(size));
            JsonNode before = peer(cmd);
            Map<String, Double> cold = perArch(TrainingBench.run(cells, data, opts, slots));
            Map<String, Double> warm = perArch(TrainingBench.run(cells, data, opts, slots));
            JsonNode after = peer(cmd);
            List<Row> rows = new ArrayList<>();
            for (String arch : seen) {
                double torch = (before.get("per_arch").get(arch).asDouble() + after.get("per_arch").get(arch).asDouble()) / 2;
                rows.add(new Row(arch, warm.get(arch), cold.get(arch), torch, sweepRates.isEmpty() ? null : sweepRates.get(arch)));
            }
            return new Result(List.copyOf(rows), before.get("torch").asText(), null);
        } finally {
            Files.deleteIfExists(archs);
        }
    }

    /**
     * EarlyRank's images/s per architecture as a finished sweep measured them: each run's training images over
     * its training-pass seconds, all epochs (curves.train_seconds: the figure issue 19 was filed on; over the
     * default sweep's 12 epochs a run's start-up and the JIT's warm-up weigh as they do in a sweep). The runs must
     * be the bench's own: the same run id and architecture, width, batch and image size, trained to the end.
     *
     * @throws ConfigException naming the first run that does not match
     */
    public static Map<String, Double> sweepRates(SweepFolder sweep, List<RunSpec> specs, DatasetOptions data) {
        Map<String, RunRow> byId = new LinkedHashMap<>();
        for (org.apache.spark.sql.Row r : sweep.read(RunsTable.TABLE, "train")) {
            RunRow run = RunRow.fromRow(r);
            byId.put(run.runId(), run);
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (org.apache.spark.sql.Row r : sweep.read(CurvesTable.TABLE, "train")) {
            CurveRow c = CurveRow.fromRow(r);
            seconds.merge(c.runId(), c.trainSeconds() == null ? 0.0 : c.trainSeconds(), Double::sum);
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        for (RunSpec s : distinctCells(specs)) {
            RunRow run = byId.get(s.runId());
            String why = run == null ? "has no run " + s.runId()
                    : !run.arch().equals(s.arch()) ? "trained another architecture as " + s.runId()
                    : !run.ok() || run.epochsDone() < 1 || seconds.getOrDefault(s.runId(), 0.0) <= 0 ? "has no "
                    + "finished training passes for " + s.runId() + " (status " + run.status() + ")"
                    : !java.util.Objects.equals(run.channels(), s.channels())
                    || !java.util.Objects.equals(run.batchSize(), s.batchSize())
                    || !java.util.Objects.equals(run.imageSize(), s.imageSize()) ? "trained " + s.runId()
                    + " with another width, batch or image size than the bench's config"
                    : null;
            if (why != null) {
                throw new ConfigException("bench --parity-sweep " + sweep + " " + why + "; pass a sweep trained with "
                        + "the same config (bin/earlyrank sweep --conf <the bench's config>)");
            }
            double trainFraction = run.trainFraction() == null ? 1.0 : run.trainFraction();
            long images = (long) Fractions.budget(trainFraction, data.trainSize()) * run.epochsDone();
            rates.put(s.arch(), images / seconds.get(s.runId()));
        }
        return rates;
    }

    private static Map<String, Double> perArch(TrainingBench.Result r) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (TrainingBench.RunSpeed s : r.perRun()) {
            m.put(s.arch(), s.imagesPerSecond());
        }
        return m;
    }

    /** The nb201 cells among the specs, each architecture once (the first spec that has it), in order. */
    static List<RunSpec> distinctCells(List<RunSpec> specs) {
        List<RunSpec> cells = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RunSpec s : specs) {
            if (s.space().equals(CellArch.SPACE) && seen.add(s.arch())) {
                cells.add(s);
            }
        }
        return List.copyOf(cells);
    }

    private static JsonNode peer(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in 30 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue());
        }
        return new ObjectMapper().readTree(new String(out, StandardCharsets.UTF_8));
    }
}
