package org.earlyrank.finaltrain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.RepartitionStrategy;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.earlyrank.base.Fractions;
import org.earlyrank.base.Shuffle;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.data.ImageSet;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.HadoopConf;
import org.earlyrank.train.LearningRates;
import org.earlyrank.train.NetworkBuilder;
import org.earlyrank.train.OneDnnHelpers;
import org.earlyrank.train.RunTrainer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains one network data-parallel across Spark tasks with Deeplearning4j's Spark module
 * ({@link SparkComputationGraph}) and a {@link ParameterAveragingTrainingMaster}, then evaluates it on the
 * driver.
 *
 * <p>{@code spec.batchSize()} is the global minibatch: each of the W workers trains minibatches of
 * {@code ceil(batch / W)} images, so an averaged step sees as many images as one step on one worker (a few
 * more when W does not divide the batch), the number of sequential steps and the learning-rate schedule do
 * not depend on W, and adding workers divides the compute per step instead of changing the optimisation
 * (results stay comparable across cluster sizes).
 *
 * <p>How one epoch runs: the training images are shuffled with a seed of the run and the epoch and cut
 * into per-worker minibatches; executors build the minibatches from their own cached copy of the dataset
 * ({@link DatasetLoader}), so nothing but indices leaves the driver. DL4J then splits the epoch into
 * averaging periods: in each, every worker builds the network from the broadcast parameters and updater
 * state, trains {@code averagingFrequency} minibatches of its share, and the driver averages parameters
 * and updater state (Nesterov momentum, batch-norm statistics) over the workers: local SGD, which equals
 * synchronous SGD with the global minibatch when the averaging frequency is 1 (batch-norm statistics
 * aside). Each period costs one Spark job with a shuffle, one broadcast and W network initialisations.
 *
 * <p>Padding: a DL4J worker trains at most {@code averagingFrequency} minibatches per period and drops the
 * rest of its share, and the epoch's split into periods is exact only when the number of minibatches is a
 * multiple of {@code W x averagingFrequency}. So the epoch is padded to whole periods of full minibatches
 * by wrapping around to its first (random) images, as PyTorch's DistributedSampler pads to a multiple of
 * the replicas: every image is trained every epoch, fewer than {@code W x averagingFrequency x batch}
 * twice, none dropped.
 *
 * <p>Choices and why:
 * <ul>
 *   <li>Parameter averaging rather than DL4J's SharedTrainingMaster (gradient sharing): the latter needs
 *       the dl4j-spark-parameterserver module (Aeron UDP transport between executors on its own ports),
 *       which is not a dependency here and would open ports beyond the loopback-only embedded session;
 *       parameter averaging works over Spark's own RPC and is the mode known to work with Spark 3.5.</li>
 *   <li>RDD training approach {@code Direct}, not DL4J's default {@code Export}: export refuses masters
 *       other than {@code local}/{@code local[N]} on a local file system (the embedded session runs
 *       {@code local[N,F]} for task retries, the standalone test cluster uses local files), and a fresh
 *       RDD per epoch (for the reshuffle) would be exported again every epoch anyway.</li>
 *   <li>The learning-rate schedule runs on DL4J's iteration counter, which the driver advances by
 *       {@code averagingFrequency} per period and each worker by one per local step from there (a worker's
 *       network starts from the driver's counter only through {@link CountedGraphConfiguration}: DL4J's
 *       configuration clone drops it, and the schedule would restart every period): with whole
 *       periods (above) both count the same steps, as many as one worker with the global minibatch takes.</li>
 * </ul>
 *
 * <p>Runs on the driver; one network at a time per session (the Spark jobs it starts use every worker).
 */
public final class DataParallelTrainer {
    /** Name recorded in final_runs.training_master. */
    public static final String TRAINING_MASTER = "parameter-averaging";

    private DataParallelTrainer() {
    }

    /**
     * @param workers            Spark tasks that train together (>= 1)
     * @param averagingFrequency minibatches per worker between averagings (>= 1)
     * @param onednn             attach oneDNN helpers on the workers and the driver
     * @param evalBatchSize      batch size of the final evaluation on the driver
     */
    public record Settings(int workers, int averagingFrequency, boolean onednn, int evalBatchSize) {
        public Settings {
            if (workers < 1 || averagingFrequency < 1 || evalBatchSize < 1) {
                throw new IllegalArgumentException("workers, averaging frequency and eval batch size must be >= 1, got "
                        + workers + ", " + averagingFrequency + ", " + evalBatchSize);
            }
        }
    }

    /**
     * What a training produced.
     *
     * @param status             ok, or diverged (the averaged training loss became NaN or infinite)
     * @param testAcc            test accuracy; null without a test split
     * @param trainSeconds       wall time of all epochs (evaluation excluded)
     * @param epochSeconds       wall time of each epoch
     * @param workerMinibatches  minibatches the workers trained
     * @param fastPathMinibatches of those, minibatches with every oneDNN helper attached and none failed
     * @param workerNetworks     networks the workers built (W per averaging period)
     * @param trainImages        distinct training images
     * @param imagesPerEpoch     images trained per epoch: trainImages padded to whole averaging periods
     */
    public record Result(String status, int epochsDone, Double testAcc, double valAcc, double trainSeconds,
                         List<Double> epochSeconds, long nParams, long workerMinibatches, long fastPathMinibatches,
                         long workerNetworks, int trainImages, int imagesPerEpoch) {
        /** Median of the epochs' wall times (the first epoch also pays JIT and native warm-up); null if none. */
        public Double secondsPerEpoch() {
            if (epochSeconds.isEmpty()) {
                return null;
            }
            double[] s = epochSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            int m = s.length / 2;
            return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
        }
    }

    /**
     * Trains {@code spec} on the training split of {@code data} (its first {@code trainFraction}) for
     * {@code spec.epochs()} epochs and evaluates it on the validation and test splits.
     *
     * @param progress receives one line per epoch
     */
    public static Result train(SparkSession spark, RunSpec spec, DatasetOptions data, HadoopConf conf, Settings s,
                               Consumer<String> progress) {
        DatasetSplits splits = DatasetLoader.load(data, conf.get());
        int n = Fractions.budget(spec.trainFraction(), splits.train().count());
        int w = s.workers();
        // spec.batchSize() is the global minibatch: each worker trains its share, so a step averages as many
        // images as on one worker and the optimisation does not change with the number of workers.
        int batch = (spec.batchSize() + w - 1) / w;
        int f = s.averagingFrequency();
        // An epoch is a whole number of averaging periods of W x f full minibatches (see the class comment), so
        // every worker trains exactly f minibatches per period and DL4J's iteration counter (f per period)
        // counts every step the schedule sees.
        int periodsPerEpoch = (ceilDiv(n, batch) + w * f - 1) / (w * f);
        int chunksPerEpoch = periodsPerEpoch * w * f;
        int totalSteps = spec.epochs() * periodsPerEpoch * f;
        ISchedule lr = LearningRates.of(spec.schedule(), spec.learningRate(), totalSteps);
        // Workers build their networks from a clone of this configuration: CountedGraphConfiguration makes that
        // clone keep the iteration counter, or every averaging period would restart the learning-rate schedule.
        ComputationGraphConfiguration graphConf = CountedGraphConfiguration.of(
                NetworkBuilder.build(spec, RunTrainer.shapeOf(splits), lr));
        ComputationGraph net = new ComputationGraph(graphConf);
        net.init();

        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        OneDnnWorkerHook hook = OneDnnWorkerHook.register(spark.sparkContext(), s.onednn());
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(w, batch)
                .batchSizePerWorker(batch)
                .averagingFrequency(f)
                .saveUpdater(true) // average the momentum too, or every period would restart it from zero
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .storageLevel(StorageLevel.MEMORY_ONLY_SER())
                .repartionData(Repartition.Always)
                .repartitionStrategy(RepartitionStrategy.Balanced)
                .rngSeed(RunSampler.mix(spec.seed(), -2))
                .trainingHooks(hook)
                .build();
        SparkComputationGraph sparkNet = new SparkComputationGraph(jsc, net, master);

        String status = "ok";
        List<Double> epochSeconds = new ArrayList<>();
        long start = System.nanoTime();
        for (int epoch = 1; epoch <= spec.epochs(); epoch++) {
            long t0 = System.nanoTime();
            int[] order = Shuffle.permutation(n, new Random(RunSampler.mix(spec.seed(), epoch)));
            List<int[]> chunks = new ArrayList<>(chunksPerEpoch);
            for (int c = 0; c < chunksPerEpoch; c++) {
                int[] idx = new int[batch];
                for (int i = 0; i < batch; i++) {
                    idx[i] = order[(c * batch + i) % n]; // the padding wraps around to the epoch's first images
                }
                chunks.add(idx);
            }
            JavaRDD<org.nd4j.linalg.dataset.api.MultiDataSet> epochData = jsc.parallelize(chunks, w)
                    .map(idx -> minibatch(DatasetLoader.load(data, conf.get()).train(), idx));
            try {
                sparkNet.fitMultiDataSet(epochData);
            } finally {
                epochData.unpersist(false);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochSeconds.add(seconds);
            double loss = sparkNet.getScore();
            progress.accept(String.format("epoch %d/%d: %.1f s, training loss %.4f", epoch, spec.epochs(), seconds, loss));
            if (!Double.isFinite(loss)) {
                status = "diverged";
                break;
            }
        }
        double trainSeconds = (System.nanoTime() - start) / 1e9;
        ComputationGraph trained = sparkNet.getNetwork();
        if (s.onednn()) {
            OneDnnHelpers.attach(trained);
        }
        Double test = splits.hasTest() ? accuracy(trained, splits.finalTest(), s.evalBatchSize()) : null;
        double val = accuracy(trained, splits.val(), s.evalBatchSize());
        return new Result(status, epochSeconds.size(), test, val, trainSeconds, List.copyOf(epochSeconds),
                trained.numParams(), hook.minibatches(), hook.fastPathMinibatches(), hook.networks(), n,
                chunksPerEpoch * batch);
    }

    /** The images at {@code idx} as one minibatch (features NCHW, one-hot labels). */
    static MultiDataSet minibatch(ImageSet set, int[] idx) {
        int v = set.imageValues();
        int k = set.numClasses();
        float[] x = new float[idx.length * v];
        float[] y = new float[idx.length * k];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(set.pixels(), idx[i] * v, x, i * v, v);
            y[i * k + set.labels()[idx[i]]] = 1f;
        }
        INDArray xa = Nd4j.create(x, new long[]{idx.length, set.channels(), set.height(), set.width()}, 'c');
        INDArray ya = Nd4j.create(y, new long[]{idx.length, k}, 'c');
        return new MultiDataSet(xa, ya);
    }

    /** Top-1 accuracy of the network on a split, in batches of {@code eb}. */
    static double accuracy(ComputationGraph net, ImageSet set, int eb) {
        int n = set.count();
        int v = set.imageValues();
        int k = set.numClasses();
        long correct = 0;
        for (int from = 0; from < n; from += eb) {
            int bs = Math.min(eb, n - from);
            INDArray x = Nd4j.create(Arrays.copyOfRange(set.pixels(), from * v, (from + bs) * v),
                    new long[]{bs, set.channels(), set.height(), set.width()}, 'c');
            float[] p = net.output(false, x)[0].dup('c').data().asFloat();
            for (int i = 0; i < bs; i++) {
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (p[i * k + c] > p[i * k + arg]) {
                        arg = c;
                    }
                }
                if (arg == set.labels()[from + i]) {
                    correct++;
                }
            }
        }
        return n == 0 ? Double.NaN : correct / (double) n;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
