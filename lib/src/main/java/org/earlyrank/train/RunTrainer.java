package org.earlyrank.train;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.base.Fractions;
import org.earlyrank.base.Shuffle;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.data.ImageSet;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable.StepRow;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * Trains one run with Deeplearning4j and records everything the estimators need: every minibatch's
 * loss, every epoch's curves, penultimate features (training set from the training forward passes,
 * validation set from the evaluation pass) and the linear head, and the run's summary row.
 *
 * <p>A loss that becomes NaN, infinite or above {@code train.divergence_loss} ends the run as
 * {@code diverged}; passing {@code train.max_run_seconds} ends it as {@code failed}. With a checkpoint,
 * training resumes after the last checkpointed epoch and produces the same rows an uninterrupted run
 * would (data order is a function of the run seed and the epoch).
 *
 * <p>Runs on the calling thread; uses ND4J, so call it from one thread per network.
 */
public final class RunTrainer {
    private final String sweepId;
    private final String dataset;
    private final RunSpec spec;
    private final DatasetSplits data;
    private final TrainOptions opts;

    public RunTrainer(String sweepId, RunSpec spec, DatasetSplits data, TrainOptions opts) {
        this.sweepId = sweepId;
        this.dataset = data.name();
        this.spec = spec;
        this.data = data;
        this.opts = opts;
    }

    /** The input shape of this dataset. */
    public static InputShape shapeOf(DatasetSplits data) {
        ImageSet t = data.train();
        return new InputShape(t.channels(), t.height(), t.width(), t.numClasses());
    }

    /** The training subset this run uses: the first train_fraction of the (already shuffled) split. */
    public ImageSet trainingSet() {
        int n = data.train().count();
        int k = Fractions.budget(spec.trainFraction(), n);
        return data.train().head(k);
    }

    /** The network of this run, initialised, with the oneDNN helpers attached when configured. */
    public ComputationGraph newNetwork(int totalSteps) {
        ISchedule lr = LearningRates.of(spec.schedule(), spec.learningRate(), totalSteps);
        ComputationGraphConfiguration conf = NetworkBuilder.build(spec, shapeOf(data), lr);
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /**
     * Trains the run (or resumes it from the checkpoint) and returns all its rows.
     *
     * @param checkpoint where to keep mid-run checkpoints, or null
     * @param attempt    1-based task attempt, recorded in runs.attempts
     */
    public RunRecord train(RunCheckpoint checkpoint, int attempt) {
        return train(checkpoint, attempt, spec.epochs());
    }

    /**
     * Trains the run (or resumes it from the checkpoint) up to the end of epoch {@code stopEpoch} and returns
     * all its rows so far: a search's rung (Li et al. 2017, Section 3: a promoted configuration continues).
     * The learning-rate schedule's horizon stays the run's planned epochs ({@code spec.epochs()}, the search's
     * maximal budget R), so a run stopped at b is exactly the prefix of a full R-epoch run (Cao 2021, Appendix
     * A.3: "a linear learning-rate schedule whose horizon is the maximal budget"), and data order is a function
     * of the seed and the epoch, so resuming it to b' gives the rows a run trained straight to b' gives.
     *
     * <p>A run stopped before its planned epochs is checkpointed at {@code stopEpoch} (and at every epoch before
     * it, whatever train.checkpoint_every, so the checkpoint holds every epoch's rows); its runs row says
     * {@code ok} with {@code epochs_done} = stopEpoch and has no final test accuracy (the truth is measured after
     * the planned epochs only).
     *
     * @param checkpoint where the run resumes from and is checkpointed; required when stopEpoch &lt; epochs
     * @param stopEpoch  the last epoch to train, 1..spec.epochs()
     * @throws IllegalStateException when the checkpoint is already past stopEpoch
     */
    public RunRecord train(RunCheckpoint checkpoint, int attempt, int stopEpoch) {
        if (stopEpoch < 1 || stopEpoch > spec.epochs()) {
            throw new IllegalArgumentException("run " + spec.runId() + ": stop epoch must be in [1, " + spec.epochs()
                    + "], got " + stopEpoch);
        }
        boolean stopsEarly = stopEpoch < spec.epochs();
        if (stopsEarly && checkpoint == null) {
            throw new IllegalArgumentException("run " + spec.runId() + " stops at epoch " + stopEpoch + " of "
                    + spec.epochs() + ": it needs a checkpoint to resume from later");
        }
        long start = System.nanoTime();
        ImageSet train = trainingSet();
        int n = train.count();
        int batch = spec.batchSize();
        int batches = (n + batch - 1) / batch;
        int totalSteps = batches * spec.epochs();

        RunRecord record = new RunRecord();
        ComputationGraph net;
        int firstEpoch = 1;
        double priorSeconds = 0;
        double captureSeconds = 0;
        Optional<RunCheckpoint.Restored> restored = checkpoint == null ? Optional.empty() : checkpoint.restore();
        if (restored.isPresent()) {
            RunCheckpoint.Restored r = restored.get();
            net = r.net();
            record.addAll(r.rows());
            firstEpoch = r.epoch() + 1;
            if (r.epoch() > stopEpoch) {
                throw new IllegalStateException("run " + spec.runId() + " is checkpointed at epoch " + r.epoch()
                        + "; it cannot be trained back to epoch " + stopEpoch);
            }
            priorSeconds = r.trainSeconds();
            captureSeconds = r.captureSeconds();
        } else {
            net = newNetwork(totalSteps);
        }
        if (opts.onednn()) {
            OneDnnHelpers.attach(net);
        }
        FeatureTap tap = new FeatureTap();
        net.setListeners(tap);
        ComputationGraphConfiguration conf = net.getConfiguration();
        NetworkStats stats = NetworkStats.of(conf, shapeOf(data));
        ISchedule lr = LearningRates.of(spec.schedule(), spec.learningRate(), totalSteps);
        boolean[] keepTrain = trainFeatureMask(n);

        String status = RunsTable.STATUS_OK;
        String error = null;
        float[] x = new float[batch * train.imageValues()];
        float[] y = new float[batch * train.numClasses()];
        for (int epoch = firstEpoch; epoch <= stopEpoch && status.equals(RunsTable.STATUS_OK); epoch++) {
            RunRecord ep = new RunRecord();
            long tEpoch = System.nanoTime();
            long captureBefore = tap.captureNanos();
            long rowNanos = 0;
            int[] order = Shuffle.permutation(n, new Random(RunSampler.mix(spec.seed(), epoch)));
            double lossSum = 0;
            long seen = 0;
            long correct = 0;
            int stepsDone = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * batch;
                int bs = Math.min(batch, n - from);
                int[] idx = Arrays.copyOfRange(order, from, from + bs);
                int[] labels = fill(train, idx, x, y);
                boolean capture = false;
                for (int i : idx) {
                    capture |= keepTrain[i];
                }
                tap.expect(labels, capture);
                INDArray xa = Nd4j.create(bs == batch ? x : Arrays.copyOf(x, bs * train.imageValues()),
                        new long[]{bs, train.channels(), train.height(), train.width()}, 'c');
                INDArray ya = Nd4j.create(bs == batch ? y : Arrays.copyOf(y, bs * train.numClasses()),
                        new long[]{bs, train.numClasses()}, 'c');
                int iteration = net.getIterationCount();
                net.fit(new DataSet(xa, ya));
                double loss = tap.loss();
                ep.steps.add(new StepRow(sweepId, spec.runId(), epoch, b + 1, loss, bs, lr.valueAt(iteration, epoch - 1)));
                stepsDone++;
                if (!Double.isFinite(loss) || loss > opts.divergenceLoss()) {
                    status = RunsTable.STATUS_DIVERGED;
                    error = "training loss became " + loss + (Double.isFinite(loss) ? " (above train.divergence_loss "
                            + opts.divergenceLoss() + ")" : "") + " at epoch " + epoch + ", minibatch " + (b + 1);
                    break;
                }
                lossSum += loss * bs;
                seen += bs;
                correct += tap.correct();
                if (capture) {
                    long t0 = System.nanoTime();
                    float[] f = tap.features();
                    int dim = tap.dim();
                    for (int i = 0; i < bs; i++) {
                        if (keepTrain[idx[i]]) {
                            ep.features.add(new FeatureRow(sweepId, spec.runId(), epoch, FeaturesTable.SPLIT_TRAIN, idx[i],
                                    labels[i], Arrays.copyOfRange(f, i * dim, (i + 1) * dim)));
                        }
                    }
                    rowNanos += System.nanoTime() - t0;
                }
                double elapsed = priorSeconds + (System.nanoTime() - start) / 1e9;
                if (elapsed > opts.maxRunSeconds()) {
                    status = RunsTable.STATUS_FAILED;
                    error = "exceeded train.max_run_seconds (" + opts.maxRunSeconds() + " s) at epoch " + epoch;
                    break;
                }
            }
            if (!status.equals(RunsTable.STATUS_OK)) {
                record.addAll(ep.stepsOnly());
                break;
            }
            double trainPass = (System.nanoTime() - tEpoch) / 1e9;
            long tEval = System.nanoTime();
            Evaluation val = evaluate(net, data.val(), opts.valFeatures() ? epoch : -1, ep);
            Evaluation test = data.hasTest() ? evaluate(net, data.test(), -1, null) : null;
            double evalSeconds = (System.nanoTime() - tEval) / 1e9;
            long tHead = System.nanoTime();
            ep.heads.add(head(net, epoch));
            double headSeconds = (System.nanoTime() - tHead) / 1e9;
            double capture = (tap.captureNanos() - captureBefore + rowNanos) / 1e9 + val.captureSeconds + headSeconds;
            captureSeconds += capture;
            ep.curves.add(new CurveRow(sweepId, spec.runId(), epoch, lossSum / seen, correct / (double) seen,
                    val.loss, val.accuracy, test == null ? null : test.loss, test == null ? null : test.accuracy,
                    lr.valueAt(net.getIterationCount() - 1, epoch - 1), trainPass + evalSeconds + headSeconds,
                    trainPass, evalSeconds, capture));
            record.addAll(ep);
            FaultInjection.maybeFail(spec.runId(), epoch, attempt);
            boolean due = stopsEarly || opts.checkpointEvery() > 0 && epoch % opts.checkpointEvery() == 0;
            if (checkpoint != null && due && epoch < spec.epochs()) {
                checkpoint.save(net, epoch, ep, priorSeconds + (System.nanoTime() - start) / 1e9, captureSeconds,
                        attempt);
            }
        }
        int epochsDone = record.curves.size();
        boolean ok = status.equals(RunsTable.STATUS_OK);
        CurveRow last = ok && epochsDone > 0 ? record.curves.get(epochsDone - 1) : null;
        // The truth is measured once, after the last planned epoch, on the final test set (by default the
        // whole test file): the per-epoch curve's subset would add its binomial noise to every rank correlation.
        Double finalTest = last == null || !data.hasTest() || epochsDone < spec.epochs() ? null : evaluate(net, data.finalTest(), -1, null).accuracy;
        double seconds = priorSeconds + (System.nanoTime() - start) / 1e9;
        record.run = new RunRow(sweepId, spec.runId(), spec.archId(), spec.arch(), spec.space(), RunsTable.SOURCE_TRAIN,
                spec.seed(), spec.epochs(), epochsDone, net.numParams(), stats.flopsPerImage(), status, error,
                last == null ? null : last.valAcc(), finalTest, seconds,
                spec.learningRate(), spec.batchSize(), spec.weightDecay(), spec.channels(), spec.cells(),
                spec.imageSize(), spec.trainFraction(), spec.hparams(), dataset, spec.momentum(), spec.schedule(),
                stats.depth(), attempt, captureSeconds, data.val().count(),
                data.hasTest() ? data.finalTest().count() : null);
        OneDnnHelpers.release(net);
        return record;
    }

    /** Which training samples get feature rows: all, none, or a seeded subset (train.train_features). */
    private boolean[] trainFeatureMask(int n) {
        boolean[] keep = new boolean[n];
        int want = opts.trainFeatures();
        if (want < 0 || want >= n) {
            Arrays.fill(keep, true);
        } else if (want > 0) {
            int[] p = Shuffle.permutation(n, new Random(RunSampler.mix(spec.seed(), -1)));
            for (int i = 0; i < want; i++) {
                keep[p[i]] = true;
            }
        }
        return keep;
    }

    private static int[] fill(ImageSet set, int[] idx, float[] x, float[] y) {
        int v = set.imageValues();
        int k = set.numClasses();
        int[] labels = new int[idx.length];
        Arrays.fill(y, 0, idx.length * k, 0f);
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(set.pixels(), idx[i] * v, x, i * v, v);
            labels[i] = set.labels()[idx[i]];
            y[i * k + labels[i]] = 1f;
        }
        return labels;
    }

    private record Evaluation(double loss, double accuracy, double captureSeconds) {
    }

    /**
     * One inference pass over a split: loss and accuracy, and (when epoch >= 0) the penultimate features
     * of every sample, taken from the same pass.
     */
    private Evaluation evaluate(ComputationGraph net, ImageSet set, int featureEpoch, RunRecord sink) {
        int n = set.count();
        int eb = opts.evalBatchSize();
        int v = set.imageValues();
        double lossSum = 0;
        long correct = 0;
        long captureNanos = 0;
        List<String> layers = List.of(NetworkBuilder.FEATURES, NetworkBuilder.OUTPUT);
        for (int from = 0; from < n; from += eb) {
            int bs = Math.min(eb, n - from);
            INDArray x = Nd4j.create(Arrays.copyOfRange(set.pixels(), from * v, (from + bs) * v),
                    new long[]{bs, set.channels(), set.height(), set.width()}, 'c');
            float[] p;
            if (featureEpoch >= 0) {
                INDArray[] out = net.output(layers, false, new INDArray[]{x}, null);
                long t0 = System.nanoTime();
                int dim = (int) out[0].size(1);
                float[] f = out[0].dup('c').data().asFloat();
                for (int i = 0; i < bs; i++) {
                    sink.features.add(new FeatureRow(sweepId, spec.runId(), featureEpoch, FeaturesTable.SPLIT_VAL,
                            from + i, set.labels()[from + i], Arrays.copyOfRange(f, i * dim, (i + 1) * dim)));
                }
                captureNanos += System.nanoTime() - t0;
                p = out[1].dup('c').data().asFloat();
            } else {
                p = net.output(false, x)[0].dup('c').data().asFloat();
            }
            int k = set.numClasses();
            for (int i = 0; i < bs; i++) {
                int label = set.labels()[from + i];
                lossSum -= Math.log(Math.min(Math.max(p[i * k + label], 1e-10), 1 - 1e-10));
                int arg = 0;
                for (int c = 1; c < k; c++) {
                    if (p[i * k + c] > p[i * k + arg]) {
                        arg = c;
                    }
                }
                if (arg == label) {
                    correct++;
                }
            }
        }
        return new Evaluation(lossSum / n, correct / (double) n, captureNanos / 1e9);
    }

    /** The output layer after this epoch: W (num_classes x dim, row-major) and b. */
    private HeadRow head(ComputationGraph net, int epoch) {
        INDArray w = net.getLayer(NetworkBuilder.OUTPUT).getParam("W"); // DL4J stores [nIn = dim, nOut = classes]
        INDArray b = net.getLayer(NetworkBuilder.OUTPUT).getParam("b");
        int dim = (int) w.size(0);
        int classes = (int) w.size(1);
        float[] rowMajor = w.transpose().dup('c').data().asFloat();
        float[] bias = b.dup('c').data().asFloat();
        return new HeadRow(sweepId, spec.runId(), epoch, classes, dim, rowMajor, bias);
    }
}
