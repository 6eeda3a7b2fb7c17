package org.earlyrank.data;

import java.util.Map;

/**
 * The prepared splits every run of a sweep uses.
 *
 * @param name      dataset name
 * @param train     training subset
 * @param val       validation images held out of the training file
 * @param test      test subset of the per-epoch test curve, or null when the sweep has no test split
 * @param finalTest test images of the final test accuracy (the truth; dataset.final_test_size, by default
 *                  the whole test file, in the same seeded order, so {@code test} is its head), or null
 * @param checksums SHA-256 of every file read, by file name
 * @param trainIndices where each training image comes from: its index in the dataset's training file (so
 *                  another framework can train on exactly these images; bin/bench's PyTorch peer does)
 */
public record DatasetSplits(String name, ImageSet train, ImageSet val, ImageSet test, ImageSet finalTest,
                            Map<String, String> checksums, int[] trainIndices) {
    public boolean hasTest() {
        return test != null && test.count() > 0;
    }
}
