package org.earlyrank.finaltrain;

import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingHook;
import org.earlyrank.train.OneDnnHelpers;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Attaches DL4J's oneDNN helpers ({@link OneDnnHelpers}) to the network each dl4j-spark worker builds,
 * and counts on which minibatches the fast path was really taken.
 *
 * <p>Why a {@link TrainingHook} and not a TrainingListener: with parameter averaging every worker builds a
 * fresh network from the broadcast configuration and parameters for every averaging period, and a
 * listener's first callback ({@code iterationDone}) comes after that network's first minibatch, which
 * would then run on the slow Java convolution path (about 7x slower here; one minibatch in
 * {@code averaging_frequency}). {@code preUpdate} runs before every minibatch, so the helpers are in place
 * before the first one. {@code onEpochStart} is not called by the workers' {@code fit(MultiDataSet)}.
 *
 * <p>Serialized to executors inside the training master; its accumulators (registered on the driver)
 * add up the counts of every task. Each task deserializes its own copy and trains on one thread, so the
 * transient state needs no locking.
 */
public final class OneDnnWorkerHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private final boolean attach;
    private final LongAccumulator minibatches;
    private final LongAccumulator fastPath;
    private final LongAccumulator networks;
    private transient Model seen;

    private OneDnnWorkerHook(boolean attach, LongAccumulator minibatches, LongAccumulator fastPath,
                             LongAccumulator networks) {
        this.attach = attach;
        this.minibatches = minibatches;
        this.fastPath = fastPath;
        this.networks = networks;
    }

    /**
     * @param attach false to only count (a baseline without helpers)
     */
    public static OneDnnWorkerHook register(SparkContext sc, boolean attach) {
        return new OneDnnWorkerHook(attach, sc.longAccumulator("train-final worker minibatches"),
                sc.longAccumulator("train-final fast-path minibatches"), sc.longAccumulator("train-final worker networks"));
    }

    /** Minibatches the workers trained so far. */
    public long minibatches() {
        return minibatches.value();
    }

    /** Of those, minibatches whose network had every helper attached and none had failed. */
    public long fastPathMinibatches() {
        return fastPath.value();
    }

    /** Networks the workers built (one per worker and averaging period). */
    public long networks() {
        return networks.value();
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        if (model != seen) {
            seen = model;
            networks.add(1);
            if (model instanceof ComputationGraph g && attach) {
                OneDnnHelpers.attach(g);
            }
        }
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        minibatches.add(1);
        // A helper that throws is dropped by its layer (counted in helperCountFail), so check after the update.
        if (model instanceof ComputationGraph g && OneDnnHelpers.status(g).fastPath()) {
            fastPath.add(1);
        }
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        // SparkComputationGraph workers only see MultiDataSets.
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }
}
