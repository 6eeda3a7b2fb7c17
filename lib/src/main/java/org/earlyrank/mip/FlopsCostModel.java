package org.earlyrank.mip;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.base.Fractions;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.LearningRates;
import org.earlyrank.train.NetworkBuilder;
import org.earlyrank.train.NetworkStats;

/**
 * The modelled cost of training the architecture set G under a setting: the mean over G of
 * {@code FLOPs per image x epochs x (3 x training images + evaluation images)}. FLOPs per image are the
 * forward-pass FLOPs of the network actually built ({@link NetworkStats}) at the setting's cells, channels
 * and image size; a training image costs a forward and a backward pass (about 3 forward passes), and the
 * train stage evaluates the validation and test images after every epoch. Batch size and learning rate
 * do not enter the model (the sampler draws them uniformly).
 *
 * <p>Builds (but never initialises) one network configuration per architecture and distinct (cells,
 * channels, image size), cached; call from one thread.
 */
public final class FlopsCostModel implements CostModel {
    private final List<PairTraining.Member> archs;
    private final int channelsIn;
    private final int classes;
    private final int trainImages;
    private final int evalImages;
    private final Map<String, Double> flops = new HashMap<>();

    /**
     * @param archs       the architecture set G
     * @param channelsIn  image channels of the dataset
     * @param classes     classes of the dataset
     * @param trainImages training subset size before train_fraction
     * @param evalImages  validation + test images evaluated after every epoch
     */
    public FlopsCostModel(List<PairTraining.Member> archs, int channelsIn, int classes, int trainImages, int evalImages) {
        if (archs.isEmpty()) {
            throw new IllegalArgumentException("the architecture set is empty");
        }
        this.archs = List.copyOf(archs);
        this.channelsIn = channelsIn;
        this.classes = classes;
        this.trainImages = trainImages;
        this.evalImages = evalImages;
    }

    @Override
    public double cost(TrainingSetting s) {
        double perImage = meanFlops(s.cells(), s.channels(), s.imageSize());
        double samples = Fractions.budget(s.trainFraction(), trainImages);
        return perImage * s.epochs() * (3 * samples + evalImages);
    }

    /** Mean forward FLOPs per image over G at these network knobs. */
    public double meanFlops(int cells, int channels, int imageSize) {
        String key = cells + "/" + channels + "/" + imageSize;
        return flops.computeIfAbsent(key, k -> {
            InputShape in = new InputShape(channelsIn, imageSize, imageSize, classes);
            double sum = 0;
            for (PairTraining.Member m : archs) {
                TrainingSetting s = new TrainingSetting(1, 1, 0.1, cells, channels, imageSize, 1.0);
                sum += NetworkStats.of(NetworkBuilder.build(m.spec("cost", s, 0, 0, "constant"), in,
                        LearningRates.of("constant", 0.1, 1)), in).flopsPerImage();
            }
            return sum / archs.size();
        });
    }
}
