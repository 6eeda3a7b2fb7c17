package org.earlyrank.data;

import java.util.Map;

/**
 * The prepared splits every run of a sweep uses.
 *
 * @param name      dataset name
 * @param train     training subset
 * @param val       validation images held out of the training file
 * @param test      test subset, or null when the sweep has no test split
 * @param checksums SHA-256 of every file read, by file name
 */
public record DatasetSplits(String name, ImageSet train, ImageSet val, ImageSet test, Map<String, String> checksums) {
    public boolean hasTest() {
        return test != null && test.count() > 0;
    }
}
