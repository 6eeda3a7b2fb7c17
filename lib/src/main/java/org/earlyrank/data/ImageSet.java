package org.earlyrank.data;

import java.util.Arrays;

/**
 * Images in NCHW float layout with integer labels. Immutable by convention (arrays are shared, never
 * written after construction).
 *
 * @param pixels     count x channels x height x width values, row-major
 * @param labels     class of each image, 0..numClasses-1
 * @param numClasses number of classes
 */
public record ImageSet(float[] pixels, int[] labels, int channels, int height, int width, int numClasses) {

    public ImageSet {
        if (pixels.length != (long) labels.length * channels * height * width) {
            throw new IllegalArgumentException("pixels hold " + pixels.length + " values, expected "
                    + labels.length + " x " + channels + " x " + height + " x " + width);
        }
    }

    public int count() {
        return labels.length;
    }

    public int imageValues() {
        return channels * height * width;
    }

    /** The first {@code n} images (shares nothing mutable). */
    public ImageSet head(int n) {
        if (n >= count()) {
            return this;
        }
        return new ImageSet(Arrays.copyOf(pixels, n * imageValues()), Arrays.copyOf(labels, n), channels, height,
                width, numClasses);
    }

    /** Images at the given indices, in that order. */
    public ImageSet select(int[] indices) {
        int v = imageValues();
        float[] px = new float[indices.length * v];
        int[] lb = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(pixels, indices[i] * v, px, i * v, v);
            lb[i] = labels[indices[i]];
        }
        return new ImageSet(px, lb, channels, height, width, numClasses);
    }
}
