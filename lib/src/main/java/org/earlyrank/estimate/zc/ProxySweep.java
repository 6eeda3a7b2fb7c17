package org.earlyrank.estimate.zc;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.RunTrainer;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;


/**
 * Computes every zero-cost proxy of every trained run of a finished sweep, offline: each run's initial
 * network is rebuilt exactly as its training built it ({@link RunTrainer#newNetwork}: the run's spec
 * from the runs table, its seed, the dataset and train options the sweep recorded in options.json,
 * oneDNN helpers attached when training had them), and the proxies read the first minibatches of the
 * run's first epoch. This is the benchmark path; in a sweep the proxies belong right after the network is
 * initialised in training, reusing that network (see the package documentation).
 *
 * <p>Writes one CSV row per run and proxy: {@code run_id, arch, estimator, budget_epoch (0), score,
 * cost_seconds, note, epoch_seconds, train_pass_seconds, build_seconds, fit_epoch_seconds_here}
 * (epoch_seconds: the run's mean {@code curves.epoch_seconds}; train_pass_seconds: its mean
 * {@code curves.train_seconds}; build_seconds: rebuilding the network here, not part of any proxy's cost;
 * fit_epoch_seconds_here: with {@code --time-epoch}, one training pass timed here after the proxies). A rebuilt network whose
 * parameter count or FLOPs differ from the runs table stops the command.
 *
 * <p>Usage: {@code ProxySweep SWEEP_DIR OUT_CSV [--minibatches K] [--max-runs N] [--time-epoch]}. Single-threaded; run it with
 * {@code OMP_NUM_THREADS=1} like a training task.
 */
public final class ProxySweep {
    private ProxySweep() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            usage();
        }
        int minibatches = 1;
        int maxRuns = Integer.MAX_VALUE;
        boolean timeEpoch = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--minibatches" -> minibatches = Integer.parseInt(args[++i]);
                case "--max-runs" -> maxRuns = Integer.parseInt(args[++i]);
                case "--time-epoch" -> timeEpoch = true;
                default -> usage();
            }
        }
        SweepFolder sweep = SweepFolder.at(args[0], new Configuration());
        List<String> lines = run(sweep, minibatches, maxRuns, timeEpoch);
        Path out = Path.of(args[1]);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
            lines.forEach(w::println);
        }
        System.err.println("[zc] wrote " + (lines.size() - 1) + " rows to " + out);
    }

    private static void usage() {
        System.err.println("usage: ProxySweep SWEEP_DIR OUT_CSV [--minibatches K (default 1)] [--max-runs N] [--time-epoch]");
        System.exit(2);
    }

    /**
     * The CSV lines (header first) of the first {@code maxRuns} trained runs in run-id order.
     *
     * @param timeEpoch also time one training pass of each run here, right after its proxies (the run's
     *                  first epoch: its minibatches in its order, {@code fit} alone, no evaluation or
     *                  capture), so costs can be compared with an epoch measured under the same conditions
     */
    public static List<String> run(SweepFolder sweep, int minibatches, int maxRuns, boolean timeEpoch) {
        InitialNetwork.Recorded rec = InitialNetwork.recorded(sweep).orElseThrow(() -> new IllegalArgumentException(sweep
                + " has no train options in options.json: zero-cost proxies rebuild trained runs only (imported curves "
                + "have no networks)"));
        DatasetOptions dataOpts = rec.dataset();
        TrainOptions trainOpts = rec.train();
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow)
                .filter(r -> InitialNetwork.whyNot(r) == null)
                .sorted((a, b) -> a.runId().compareTo(b.runId())).limit(maxRuns).toList();
        Map<String, double[]> seconds = new HashMap<>();
        for (CurveRow c : sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList()) {
            if (c.epoch() >= 1 && c.epochSeconds() != null && c.trainSeconds() != null) {
                double[] s = seconds.computeIfAbsent(c.runId(), k -> new double[3]);
                s[0] += c.epochSeconds();
                s[1] += c.trainSeconds();
                s[2]++;
            }
        }
        List<String> lines = new ArrayList<>();
        lines.add("run_id,arch,estimator,budget_epoch,score,cost_seconds,note,epoch_seconds,train_pass_seconds,build_seconds,"
                + "fit_epoch_seconds_here");
        for (RunRow r : runs) {
            InitialNetwork init = InitialNetwork.rebuild(sweep.sweepId(), InitialNetwork.unitOf(r), dataOpts, trainOpts,
                    sweep.conf());
            List<ProxyScore> scores = init.proxies(minibatches, EnumSet.allOf(ZeroCostProxy.class));
            double build = init.buildSeconds();
            ComputationGraph net = init.net();
            RunTrainer trainer = init.trainer();
            RunSpec spec = init.spec();
            double fitEpoch = timeEpoch ? fitOneEpoch(net, trainer, spec) : Double.NaN;
            init.release();
            double[] s = seconds.getOrDefault(r.runId(), new double[]{Double.NaN, Double.NaN, 1});
            for (ProxyScore p : scores) {
                lines.add(String.join(",", r.runId(), '"' + r.arch() + '"', p.proxy().estimatorName(), "0",
                        num(p.score()), num(p.seconds()), p.note() == null ? "" : '"' + p.note().replace('"', '\'') + '"',
                        num(s[0] / s[2]), num(s[1] / s[2]), num(build), num(fitEpoch)));
            }
            System.err.printf(Locale.ROOT, "[zc] %s %s: %s%n", r.runId(), r.arch(), summary(scores));
        }
        return lines;
    }

    /** Seconds of {@code fit} over the run's first epoch, minibatch by minibatch in the run's order. */
    private static double fitOneEpoch(ComputationGraph net, RunTrainer trainer, RunSpec spec) {
        int n = trainer.trainingSet().count();
        int batches = (n + spec.batchSize() - 1) / spec.batchSize();
        ProxyBatch all = ProxyBatch.firstMinibatches(trainer.trainingSet(), spec.seed(), spec.batchSize(), batches);
        long t0 = System.nanoTime();
        for (int b = 0; b < batches; b++) {
            int from = b * spec.batchSize();
            int to = Math.min(n, from + spec.batchSize());
            net.fit(new DataSet(all.features().get(NDArrayIndex.interval(from, to)).dup(),
                    all.labels().get(NDArrayIndex.interval(from, to)).dup()));
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String summary(List<ProxyScore> scores) {
        StringBuilder b = new StringBuilder();
        for (ProxyScore p : scores) {
            b.append(String.format(Locale.ROOT, "%s=%.4g (%.3fs) ", p.proxy().estimatorName(), p.score(), p.seconds()));
        }
        return b.toString().trim();
    }

    /** Splits one line of this CSV: fields may be quoted (the writer puts no quotes inside them). */
    public static List<String> splitCsvLine(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.10g", v) : "";
    }
}
