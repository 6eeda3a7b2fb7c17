package org.earlyrank.estimate.zc;

import java.util.Random;

import org.earlyrank.data.ImageSet;
import org.earlyrank.estimate.svr.Seeds;
import org.earlyrank.space.RunSampler;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training images the data-reading proxies see: the first {@code minibatches} minibatches of the
 * run's first epoch, in the order the run trains on them, concatenated into one batch (as Abdelfattah et
 * al.'s {@code get_some_data} concatenates its minibatches), so the proxies read exactly what the run's
 * first updates read.
 *
 * @param features      images, N x channels x height x width (float)
 * @param labels        one-hot labels, N x classes (float)
 * @param minibatches   minibatches concatenated
 * @param prepSeconds   wall time to assemble the arrays (counted in every data-reading proxy's cost)
 */
public record ProxyBatch(INDArray features, INDArray labels, int minibatches, double prepSeconds) {

    /** Number of images. */
    public int size() {
        return (int) features.size(0);
    }

    /**
     * @param train       the images the run trains on ({@code RunTrainer.trainingSet()})
     * @param runSeed     the run's seed (its epoch order is a function of it)
     * @param batchSize   the run's minibatch size
     * @param minibatches how many minibatches (at least 1); fewer when the epoch has fewer
     */
    public static ProxyBatch firstMinibatches(ImageSet train, long runSeed, int batchSize, int minibatches) {
        if (minibatches < 1 || batchSize < 1) {
            throw new IllegalArgumentException("zero-cost proxies need at least one minibatch of at least one image, got "
                    + minibatches + " minibatches of " + batchSize);
        }
        long t0 = System.nanoTime();
        int n = train.count();
        int[] order = epochOrder(n, runSeed, 1);
        int m = (int) Math.min(n, (long) batchSize * minibatches);
        int[] idx = new int[m];
        System.arraycopy(order, 0, idx, 0, m);
        ImageSet s = train.select(idx);
        INDArray x = Nd4j.create(s.pixels(), new long[]{m, s.channels(), s.height(), s.width()}, 'c');
        INDArray y = Nd4j.zeros(DataType.FLOAT, m, s.numClasses());
        for (int i = 0; i < m; i++) {
            y.putScalar(i, s.labels()[i], 1f);
        }
        int used = (m + batchSize - 1) / batchSize;
        return new ProxyBatch(x, y, used, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The order in which a run visits its training images in an epoch: the Fisher-Yates permutation that
     * RunTrainer draws from {@code Random(RunSampler.mix(seed, epoch))} (checked by a test in the train
     * package).
     */
    public static int[] epochOrder(int n, long runSeed, int epoch) {
        return Seeds.permutation(n, new Random(RunSampler.mix(runSeed, epoch)));
    }
}
