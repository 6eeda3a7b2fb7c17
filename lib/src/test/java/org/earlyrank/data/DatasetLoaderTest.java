package org.earlyrank.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.DatasetOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLoaderTest {
    @TempDir
    Path dir;

    /** Writes tiny MNIST-format files: image i has every pixel equal to i, label i % 10. */
    private void writeIdx(Path d, int train, int test, boolean gzip) throws IOException {
        Files.createDirectories(d);
        write(d, "train-images-idx3-ubyte", IdxFormat.images(pixels(train, 28 * 28), train, 28, 28), gzip);
        write(d, "train-labels-idx1-ubyte", IdxFormat.labels(labels(train)), gzip);
        write(d, "t10k-images-idx3-ubyte", IdxFormat.images(pixels(test, 28 * 28), test, 28, 28), gzip);
        write(d, "t10k-labels-idx1-ubyte", IdxFormat.labels(labels(test)), gzip);
    }

    private static byte[] pixels(int n, int per) {
        byte[] b = new byte[n * per];
        for (int i = 0; i < n; i++) {
            Arrays.fill(b, i * per, (i + 1) * per, (byte) i);
        }
        return b;
    }

    private static int[] labels(int n) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % 10;
        }
        return l;
    }

    private static void write(Path d, String name, byte[] data, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(d.resolve(name + ".gz")))
                : Files.newOutputStream(d.resolve(name))) {
            out.write(data);
        }
    }

    private static DatasetOptions opts(String name, Path path, int train, int val, int test, int size, String norm) {
        return new DatasetOptions(name, path == null ? null : path.toString(), train, val, test, size, norm, 5);
    }

    @Test
    void idxFilesAreSplitSeededAndDownSampled() throws IOException {
        writeIdx(dir, 60, 20, true);
        DatasetSplits s = DatasetLoader.loadUncached(opts("mnist", dir, 30, 10, 5, 14, "none"), new Configuration());
        assertEquals(30, s.train().count());
        assertEquals(10, s.val().count());
        assertEquals(5, s.test().count());
        assertEquals(14, s.train().height());
        // every pixel of image i is i, so 2x2 average pooling keeps i and the label is i % 10
        for (int k = 0; k < s.train().count(); k++) {
            float v = s.train().pixels()[k * 196];
            assertEquals(s.train().labels()[k], Math.round(v) % 10);
        }
        // trainIndices name each training image's place in the training file (image i has pixels i)
        assertEquals(30, s.trainIndices().length);
        for (int k = 0; k < s.train().count(); k++) {
            assertEquals(s.trainIndices()[k], s.train().pixels()[k * 196], 1e-6);
        }
        // disjoint train and validation images
        java.util.Set<Float> train = new java.util.HashSet<>();
        for (int k = 0; k < 30; k++) {
            train.add(s.train().pixels()[k * 196]);
        }
        for (int k = 0; k < 10; k++) {
            assertFalse(train.contains(s.val().pixels()[k * 196]));
        }
        DatasetSplits again = DatasetLoader.loadUncached(opts("mnist", dir, 30, 10, 5, 14, "none"), new Configuration());
        assertArrayEquals(s.train().labels(), again.train().labels(), "same seed, same split");
        assertEquals(4, s.checksums().size());
    }

    @Test
    void theFinalTestSetIsTheWholeTestFileAndTheCurveSubsetItsHead() throws IOException {
        writeIdx(dir, 60, 20, false);
        DatasetSplits s = DatasetLoader.loadUncached(opts("mnist", dir, 30, 10, 5, 14, "none"), new Configuration());
        assertEquals(5, s.test().count(), "the per-epoch curve keeps test_size images");
        assertEquals(20, s.finalTest().count(), "final_test_size 0: every image of the test file");
        assertArrayEquals(Arrays.copyOf(s.finalTest().labels(), 5), s.test().labels());
        assertArrayEquals(Arrays.copyOf(s.finalTest().pixels(), 5 * 196), s.test().pixels());
        java.util.Set<Float> all = new java.util.HashSet<>();
        for (int k = 0; k < 20; k++) {
            all.add(s.finalTest().pixels()[k * 196]);
        }
        assertEquals(20, all.size(), "each test image once");

        DatasetOptions some = new DatasetOptions("mnist", dir.toString(), 30, 10, 5, 14, "none", 5, 12);
        DatasetSplits t = DatasetLoader.loadUncached(some, new Configuration());
        assertEquals(12, t.finalTest().count());
        assertArrayEquals(s.test().labels(), t.test().labels(), "final_test_size does not change the curve's images");

        DatasetOptions tooMany = new DatasetOptions("mnist", dir.toString(), 30, 10, 5, 14, "none", 5, 21);
        DatasetException e = assertThrows(DatasetException.class, () -> DatasetLoader.loadUncached(tooMany, new Configuration()));
        assertTrue(e.getMessage().contains("dataset.final_test_size 21 exceeds the 20 images"), e.getMessage());
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> new DatasetOptions("mnist", null, 30, 10, 5, 14, "none", 5, 4));
        assertTrue(below.getMessage().contains("dataset.final_test_size 4 is below dataset.test_size 5"), below.getMessage());
    }

    @Test
    void rawIdxAndStandardisation() throws IOException {
        writeIdx(dir, 40, 10, false);
        DatasetSplits s = DatasetLoader.loadUncached(opts("mnist", dir, 0, 10, 0, 0, "standardize"), new Configuration());
        assertEquals(30, s.train().count(), "train_size 0 takes all the rest");
        assertNull(s.test());
        assertNull(s.finalTest(), "test_size 0: no test split at all");
        double mean = 0;
        for (float v : s.train().pixels()) {
            mean += v;
        }
        assertEquals(0, mean / s.train().pixels().length, 1e-4);
    }

    @Test
    void cifarBinaryFormatIsRead() throws IOException {
        int n = 12;
        byte[] px = new byte[n * 3 * 32 * 32];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            Arrays.fill(px, i * 3072, i * 3072 + 1024, (byte) 10);      // red
            Arrays.fill(px, i * 3072 + 1024, i * 3072 + 2048, (byte) 20); // green
            Arrays.fill(px, i * 3072 + 2048, (i + 1) * 3072, (byte) 30);  // blue
        }
        Files.write(dir.resolve("data_batch_1.bin"), Cifar10Format.encode(px, labels));
        Files.write(dir.resolve("test_batch.bin"), Cifar10Format.encode(px, labels));
        DatasetSplits s = DatasetLoader.loadUncached(opts("cifar10", dir, 8, 4, 4, 16, "none"), new Configuration());
        assertEquals(3, s.train().channels());
        assertEquals(16, s.train().height());
        assertEquals(10f, s.train().pixels()[0]);
        assertEquals(20f, s.train().pixels()[256]);
        assertEquals(30f, s.train().pixels()[512]);
    }

    @Test
    void missingDatasetNamesPackageOrPath() {
        DatasetException mnist = assertThrows(DatasetException.class,
                () -> DatasetLoader.loadUncached(opts("mnist", dir.resolve("none"), 10, 5, 5, 0, "none"), new Configuration()));
        assertTrue(mnist.getMessage().contains("train-images-idx3-ubyte"), mnist.getMessage());
        assertTrue(mnist.getMessage().contains("check dataset.path"), mnist.getMessage());
        DatasetException cifar = assertThrows(DatasetException.class,
                () -> DatasetLoader.loadUncached(opts("cifar10", null, 10, 5, 5, 0, "none"), new Configuration()));
        assertTrue(cifar.getMessage().contains("cifar10 needs dataset.path"), cifar.getMessage());
    }

    @Test
    void truncatedFileIsReported() throws IOException {
        writeIdx(dir, 20, 5, false);
        byte[] full = Files.readAllBytes(dir.resolve("train-images-idx3-ubyte"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), Arrays.copyOf(full, 100));
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.loadUncached(opts("mnist", dir, 10, 5, 5, 0, "none"), new Configuration()));
        assertTrue(e.getMessage().contains("is truncated"), e.getMessage());
    }

    @Test
    void badImageSizeIsAConfigError() throws IOException {
        writeIdx(dir, 20, 5, false);
        DatasetException e = assertThrows(DatasetException.class,
                () -> DatasetLoader.loadUncached(opts("mnist", dir, 10, 5, 5, 10, "none"), new Configuration()));
        assertTrue(e.getMessage().contains("dataset.image_size 10 must divide the native size 28x28"), e.getMessage());
    }

    @Test
    void realFashionMnistFromTheDebianPackage() {
        DatasetSplits s = DatasetLoader.load(opts("fashion-mnist", null, 300, 100, 100, 14, "standardize"),
                new Configuration());
        assertEquals(300, s.train().count());
        assertEquals(10, Arrays.stream(s.train().labels()).distinct().count(), "all ten classes present");
        assertTrue(s.checksums().containsKey("train-images-idx3-ubyte.gz"));
    }
}
