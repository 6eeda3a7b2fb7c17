package org.earlyrank.data;

/**
 * CIFAR-10's binary format: records of 1 label byte followed by 3072 pixel bytes (1024 red, 1024
 * green, 1024 blue, each 32x32 row-major).
 */
public final class Cifar10Format {
    public static final int SIZE = 32;
    public static final int RECORD = 1 + 3 * SIZE * SIZE;

    private Cifar10Format() {
    }

    static RawImages parse(byte[] data) {
        int n = data.length / RECORD;
        byte[] px = new byte[n * 3 * SIZE * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data[i * RECORD] & 0xff;
            if (labels[i] > 9) {
                throw new DatasetException("CIFAR-10 record " + i + " has label " + labels[i] + "; expected 0..9");
            }
            System.arraycopy(data, i * RECORD + 1, px, i * (RECORD - 1), RECORD - 1);
        }
        return new RawImages(px, labels, 3, SIZE, SIZE);
    }

    /** Encodes records (for tests and tools): pixels n x 3 x 32 x 32. */
    public static byte[] encode(byte[] pixels, int[] labels) {
        byte[] out = new byte[labels.length * RECORD];
        for (int i = 0; i < labels.length; i++) {
            out[i * RECORD] = (byte) labels[i];
            System.arraycopy(pixels, i * (RECORD - 1), out, i * RECORD + 1, RECORD - 1);
        }
        return out;
    }
}
