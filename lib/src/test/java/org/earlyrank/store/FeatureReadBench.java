package org.earlyrank.store;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.base.Median;
import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator;
import org.earlyrank.estimate.ensemble.FeatureHistory;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement for BENCHMARKS.md, not a test: does the columnar features reader ({@link FeatureColumns})
 * matter at a realistic size, against the one row reader ({@link ParquetTableReader}) every other table
 * uses? One run's features part file as train writes it for 50 epochs of the default sweep's shape (2,000
 * training and 1,000 validation samples an epoch, 32 features, ReLU-like values: 150,000 rows), read both
 * ways into the same arrays, alternating, and fit-ensemble's scoring of that run for scale. Run with
 * {@code mvn -q -B -o test -pl lib -Dtest=FeatureReadBench -Dearlyrank.bench=true} (under the heavy lock);
 * {@code bench.epochs}, {@code bench.repeats} vary it. Figures scale linearly with runs (one task per run).
 */
@EnabledIfSystemProperty(named = "earlyrank.bench", matches = "true")
class FeatureReadBench {
    @TempDir
    java.nio.file.Path dir;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void columnarAgainstRowReaderAtFiftyEpochs() throws Exception {
        int epochs = Integer.getInteger("bench.epochs", 50);
        int repeats = Integer.getInteger("bench.repeats", 7);
        int train = 2000;
        int val = 1000;
        int dim = 32;
        Configuration conf = new Configuration();
        Path features = new Path(dir.resolve("part-train-r000.parquet").toString());
        Path heads = new Path(dir.resolve("heads.parquet").toString());
        Random rnd = new Random(1);
        // A sample keeps its label (and index) from epoch to epoch, as in a real run.
        int[] labels = rnd.ints(train + val, 0, 10).toArray();
        try (ParquetTableWriter w = ParquetTableWriter.open(features, FeaturesTable.TABLE, conf)) {
            for (int e = 1; e <= epochs; e++) {
                for (int i = 0; i < train + val; i++) {
                    boolean isTrain = i < train;
                    float[] f = new float[dim];
                    for (int j = 0; j < dim; j++) {
                        f[j] = rnd.nextBoolean() ? 0f : (float) Math.abs(rnd.nextGaussian());
                    }
                    w.write(new FeatureRow("bench", "r000", e, isTrain ? FeaturesTable.SPLIT_TRAIN : FeaturesTable.SPLIT_VAL,
                            isTrain ? i : i - train, labels[i], f).toRow());
                }
            }
        }
        List<Row> headRows = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            float[] wts = new float[10 * dim];
            for (int j = 0; j < wts.length; j++) {
                wts[j] = (float) (rnd.nextGaussian() * 0.1);
            }
            headRows.add(new HeadRow("bench", "r000", e, 10, dim, wts, new float[10]).toRow());
        }
        ParquetTableWriter.writeFile(heads, HeadsTable.TABLE, headRows, conf);
        long bytes = java.nio.file.Files.size(dir.resolve("part-train-r000.parquet"));

        double[] columnar = new double[repeats];
        double[] rows = new double[repeats];
        for (int r = -1; r < repeats; r++) { // r = -1: warm-up of both
            long t0 = THREADS.getCurrentThreadCpuTime();
            FeatureColumns c = FeatureColumns.read(features, conf, "r000");
            long t1 = THREADS.getCurrentThreadCpuTime();
            float[] viaRows = readRows(features, conf, dim);
            long t2 = THREADS.getCurrentThreadCpuTime();
            if (c.values().length != viaRows.length) {
                throw new IllegalStateException("the readers disagree");
            }
            if (r >= 0) {
                columnar[r] = (t1 - t0) / 1e9;
                rows[r] = (t2 - t1) / 1e9;
            }
        }
        FitEnsembleOptions opts = SweepConfig.defaults().get(FitEnsembleOptions.SECTION);
        long t0 = THREADS.getCurrentThreadCpuTime();
        FeatureHistory h = FeatureHistory.read("r000", List.of(features), List.of(heads), conf);
        ClassifierEnsembleEstimator.of(opts).scoreRun(h, IntStream.rangeClosed(1, epochs).boxed().toList());
        double scoring = (THREADS.getCurrentThreadCpuTime() - t0) / 1e9;

        double col = Median.of(columnar);
        double row = Median.of(rows);
        System.out.printf("[feature-read bench] one run: %d epochs x %d rows x %d floats, %.1f MB on disk%n", epochs,
                train + val, dim, bytes / 1e6);
        System.out.printf("[feature-read bench] columnar %.3f s, row reader %.3f s per run (median of %d, thread CPU): "
                + "row/columnar %.2fx; 200 runs: %.0f s against %.0f s%n", col, row, repeats, row / col, 200 * col, 200 * row);
        System.out.printf("[feature-read bench] fit-ensemble's read and scoring of that run (default options): %.1f s; "
                + "the row reader would add %.1f%% to it%n", scoring, 100 * (row - col) / scoring);
    }

    /** What the row reader gives for the same file, into one flat array as FeatureColumns holds it. */
    private static float[] readRows(Path file, Configuration conf, int dim) {
        List<float[]> all = new ArrayList<>();
        ParquetTableReader.forEach(file, FeaturesTable.TABLE, conf, r -> all.add(FeatureRow.fromRow(r).features()));
        float[] out = new float[all.size() * dim];
        for (int i = 0; i < all.size(); i++) {
            System.arraycopy(all.get(i), 0, out, i * dim, dim);
        }
        return out;
    }
}
