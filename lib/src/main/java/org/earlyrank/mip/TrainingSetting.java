package org.earlyrank.mip;

import java.io.Serializable;

import org.earlyrank.space.RunSpec;

/**
 * Every training knob a budget parameter may change, with one value each: a point of the full setting
 * space. Immutable and serializable.
 *
 * @param epochs        epochs trained
 * @param batchSize     minibatch size
 * @param learningRate  initial learning rate
 * @param cells         nb201 cells per stage
 * @param channels      nb201 C (macro width unit)
 * @param imageSize     input size in pixels
 * @param trainFraction fraction of the dataset's training subset used
 */
public record TrainingSetting(int epochs, int batchSize, double learningRate, int cells, int channels, int imageSize,
                              double trainFraction) implements Serializable {

    /** The setting a run spec trains with. */
    public static TrainingSetting of(RunSpec s) {
        return new TrainingSetting(s.epochs(), s.batchSize(), s.learningRate(), s.cells(), s.channels(), s.imageSize(),
                s.trainFraction());
    }

    public double get(BudgetParameter p) {
        return switch (p) {
            case EPOCHS -> epochs;
            case BATCH_SIZE -> batchSize;
            case LEARNING_RATE -> learningRate;
            case CELLS -> cells;
            case CHANNELS -> channels;
            case IMAGE_SIZE -> imageSize;
            case TRAIN_FRACTION -> trainFraction;
        };
    }

    /** This setting with one parameter changed. */
    public TrainingSetting with(BudgetParameter p, double v) {
        int i = (int) Math.round(v);
        return switch (p) {
            case EPOCHS -> new TrainingSetting(i, batchSize, learningRate, cells, channels, imageSize, trainFraction);
            case BATCH_SIZE -> new TrainingSetting(epochs, i, learningRate, cells, channels, imageSize, trainFraction);
            case LEARNING_RATE -> new TrainingSetting(epochs, batchSize, v, cells, channels, imageSize, trainFraction);
            case CELLS -> new TrainingSetting(epochs, batchSize, learningRate, i, channels, imageSize, trainFraction);
            case CHANNELS -> new TrainingSetting(epochs, batchSize, learningRate, cells, i, imageSize, trainFraction);
            case IMAGE_SIZE -> new TrainingSetting(epochs, batchSize, learningRate, cells, channels, i, trainFraction);
            case TRAIN_FRACTION -> new TrainingSetting(epochs, batchSize, learningRate, cells, channels, imageSize, v);
        };
    }

    /** Canonical text, part of a pair's run id. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (BudgetParameter p : BudgetParameter.values()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(p.key()).append('=').append(p.format(get(p)));
        }
        return b.toString();
    }
}
