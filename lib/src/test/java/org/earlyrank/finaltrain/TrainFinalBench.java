package org.earlyrank.finaltrain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.HadoopConf;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measurements for BENCHMARKS.md (train-final), not tests: they assert nothing and take minutes. Run one with
 * {@code mvn -q -B -o test -pl lib -Dtest='TrainFinalBench#speed' -Dearlyrank.bench=true} ({@code #plain},
 * {@code #parity}, {@code #smokeSweep}); {@code bench.*} properties vary them.
 */
@EnabledIfSystemProperty(named = "earlyrank.bench", matches = "true")
class TrainFinalBench {
    @TempDir
    Path dir;

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /** Seconds per epoch of the default final-scale network (C=16, N=1, 5000 images, batch 128) on 1 and 2 workers. */
    @Test
    void speed() throws Exception {
        String cell = System.getProperty("bench.cell",
                "|conv_3x3~0|+|skip_connect~0|conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|conv_1x1~2|");
        int epochs = Integer.getInteger("bench.epochs", 3);
        DatasetOptions data = new DatasetOptions("fashion-mnist", null, 5000, 1000, 1000, 14, "standardize", 1234);
        RunSpec spec = new RunSpec("bench", cell, "nb201", 11, 1, 16, 14, epochs, 128, 0.1, 0.9, 5e-4, "linear", 1.0);
        // Warm-up: native loading, JIT, dataset cache.
        DataParallelTrainer.train(TestSpark.session(), new RunSpec("warm", cell, "nb201", 11, 1, 16, 14, 1, 128, 0.1,
                0.9, 5e-4, "linear", 1.0), new DatasetOptions("fashion-mnist", null, 1000, 1000, 1000, 14, "standardize",
                1234), HadoopConf.defaults(), new DataParallelTrainer.Settings(2, 5, true, 500), l -> { });
        List<String> lines = new ArrayList<>();
        for (String w : System.getProperty("bench.workers", "1,2,1,2").split(",")) {
            int workers = Integer.parseInt(w);
            String before = load();
            long cpu0 = cpuNanos();
            DataParallelTrainer.Result r = DataParallelTrainer.train(TestSpark.session(), spec, data,
                    HadoopConf.defaults(), new DataParallelTrainer.Settings(workers, 5, true, 500),
                    l -> System.err.println("[bench w=" + workers + "] " + l));
            // CPU seconds of the whole JVM (all workers, driver, Spark) per epoch: the work, whatever the load.
            double cpuPerEpoch = (cpuNanos() - cpu0) / 1e9 / r.epochsDone();
            String line = String.format("workers=%d epochs(s)=%s median=%.1f s/epoch images/s=%.0f cpu=%.1f s/epoch "
                            + "test_acc=%.3f fast_path=%d/%d params=%d loadavg before: %s after: %s", workers,
                    r.epochSeconds(), r.secondsPerEpoch(), r.imagesPerEpoch() / r.secondsPerEpoch(), cpuPerEpoch,
                    r.testAcc(), r.fastPathMinibatches(), r.workerMinibatches(), r.nParams(), before, load());
            System.err.println("BENCH " + line);
            lines.add(line);
        }
        lines.forEach(l -> System.err.println("SUMMARY " + l));
    }

    /**
     * The same network trained without Spark (plain ComputationGraph.fit on the same minibatches of 128), on one
     * thread and then as two independent trainings on two threads at once: the compute that parameter averaging
     * adds its overhead to, and how much a second thread gets out of this machine at all.
     */
    @Test
    void plain() throws Exception {
        String cell = System.getProperty("bench.cell",
                "|conv_3x3~0|+|skip_connect~0|conv_3x3~1|+|skip_connect~0|avg_pool_3x3~1|conv_1x1~2|");
        DatasetOptions data = new DatasetOptions("fashion-mnist", null, 5000, 1000, 1000, 14, "standardize", 1234);
        org.earlyrank.data.ImageSet train = org.earlyrank.data.DatasetLoader.load(data,
                new org.apache.hadoop.conf.Configuration()).train();
        for (String th : System.getProperty("bench.threads", "1,2,1,2").split(",")) {
            int threads = Integer.parseInt(th);
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<String>> done = new ArrayList<>();
            String before = load();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> plainEpochs(cell, train, 128, 3)));
            }
            for (java.util.concurrent.Future<String> f : done) {
                System.err.println("SUMMARY plain threads=" + threads + " " + f.get() + " loadavg before: " + before
                        + " after: " + load());
            }
            pool.shutdown();
        }
    }

    private static String plainEpochs(String cell, org.earlyrank.data.ImageSet train, int batch, int epochs) {
        RunSpec spec = new RunSpec("bench", cell, "nb201", 11, 1, 16, 14, epochs, batch, 0.1, 0.9, 5e-4, "linear", 1.0);
        org.deeplearning4j.nn.graph.ComputationGraph net = new org.deeplearning4j.nn.graph.ComputationGraph(
                org.earlyrank.train.NetworkBuilder.build(spec, new org.earlyrank.train.InputShape(1, 14, 14, 10),
                        org.earlyrank.train.LearningRates.of("linear", 0.1, epochs * (train.count() / batch))));
        net.init();
        org.earlyrank.train.OneDnnHelpers.attach(net);
        List<String> secs = new ArrayList<>();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            long c0 = threads.getCurrentThreadCpuTime();
            for (int from = 0; from + batch <= train.count(); from += batch) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) {
                    idx[i] = from + i;
                }
                net.fit(DataParallelTrainer.minibatch(train, idx));
            }
            secs.add(String.format("%.1f (cpu %.1f)", (System.nanoTime() - t0) / 1e9,
                    (threads.getCurrentThreadCpuTime() - c0) / 1e9));
        }
        return "epoch seconds " + secs + " (" + (train.count() / batch * batch) + " images), "
                + org.earlyrank.train.OneDnnHelpers.status(net);
    }

    /** The setting of DataParallelTrainerTest's 1 vs 2 workers test, over more seeds. */
    @Test
    void parity() {
        DatasetOptions data = new DatasetOptions("fashion-mnist", null, 2000, 500, 1000, 14, "standardize", 1234);
        for (String seed : System.getProperty("bench.seeds", "11,12,13").split(",")) {
            RunSpec spec = new RunSpec("t", "conv3x3:2|maxpool|conv3x3:4|maxpool|conv3x3:4", "macro",
                    Long.parseLong(seed), 3, 8, 14, 6, 50, 0.05, 0.9, 5e-4, "linear", 1.0);
            double[] acc = new double[3];
            for (int w = 1; w <= 2; w++) {
                acc[w] = DataParallelTrainer.train(TestSpark.session(), spec, data, HadoopConf.defaults(),
                        new DataParallelTrainer.Settings(w, 5, true, 500), l -> { }).testAcc();
            }
            System.err.printf("SUMMARY seed %s: 1 worker %.3f, 2 workers %.3f, difference %+.3f%n", seed, acc[1], acc[2],
                    acc[2] - acc[1]);
        }
    }

    /** The stage with its default final scale on the smoke sweep: final vs sweep test accuracy of the top 2. */
    @Test
    void smokeSweep() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        List<Row> rows = new ArrayList<>();
        for (CurveRow c : sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList()) {
            rows.add(new EstimateRow(sweep.sweepId(), c.runId(), "val-acc", c.epoch(), c.valAcc(), 0.0, "score-tse").toRow());
        }
        StageOutput out = new StageOutput(sweep, "score-tse", List.of(EstimatesTable.TABLE));
        out.commit("all", Map.of(EstimatesTable.NAME, rows), "{}");
        out.publish();
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("train-final.estimator", "val-acc",
                "train-final.budget", System.getProperty("bench.budget", "1")));
        String before = load();
        Map<String, Object> summary = Pipeline.run(Stages.TRAIN_FINAL, TestSpark.session(), cfg, sweep, false);
        System.err.println("SUMMARY " + summary + " loadavg before: " + before + " after: " + load());
        for (FinalRunRow r : sweep.read(FinalRunsTable.TABLE, TrainFinalStage.NAME).stream().map(FinalRunRow::fromRow).toList()) {
            System.err.printf("SUMMARY %s rank %d %s: sweep test acc %.4f -> final test acc %.4f (%+.4f), val %.4f, "
                            + "%d epochs C=%d N=%d %d images batch %d, %d workers, %.1f s/epoch, %.0f s, fast path %d/%d%n",
                    r.runId(), r.rankByEstimator(), r.arch(), r.sweepTestAcc(), r.finalTestAcc(), r.gainOverSweep(),
                    r.finalValAcc(), r.epochs(), r.channels(), r.cells(), r.trainSize(), r.batchSize(), r.workers(),
                    r.secondsPerEpoch(), r.trainSeconds(), r.fastPathMinibatches(), r.workerMinibatches());
        }
        System.err.println("SUMMARY report: " + summary.get("report"));
    }
}
