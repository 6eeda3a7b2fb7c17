package org.earlyrank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.store.SweepFolder;

/**
 * The smoke sweep (conf/smoke.yaml: 8 runs, real Fashion-MNIST, real DL4J training), trained once per
 * test JVM and shared by the test classes that read a trained sweep. Tests that change a sweep work on
 * a {@link #copy}.
 *
 * <p>When the system property {@value #SHARED_DIR} names a folder (bin/test sets one for the whole suite:
 * both lib JVMs, the jobs JVMs and the notebook check), the sweep is trained once there: the first JVM to
 * need it trains it while holding a file lock, the others wait on the lock and read what it trained. The
 * folder must be fresh for each suite run (a sweep trained by older code would be reused otherwise).
 */
public final class SmokeSweep {
    /** System property: a folder where every test JVM of one suite run finds (or trains) the one smoke sweep. */
    public static final String SHARED_DIR = "earlyrank.smoke.dir";
    private static SweepFolder trained;
    private static SweepConfig config;

    private SmokeSweep() {
    }

    /** conf/smoke.yaml of this repository. */
    public static Path confFile() {
        Path p = Path.of("..", "conf", "smoke.yaml");
        if (!Files.exists(p)) {
            p = Path.of("conf", "smoke.yaml");
        }
        return p;
    }

    public static synchronized SweepConfig config() {
        if (config == null) {
            config = ConfigLoader.load(confFile(), Map.of());
        }
        return config;
    }

    /** The trained smoke sweep (read-only by convention). */
    public static synchronized SweepFolder get() {
        if (trained == null) {
            try {
                String shared = System.getProperty(SHARED_DIR, "");
                trained = shared.isBlank() ? train(Files.createTempDirectory("earlyrank-smoke")) : shared(Path.of(shared));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
    }

    private static SweepFolder train(Path out) {
        SweepFolder sweep = SweepFolder.at(out.toString(), config().sweepId(), new Configuration());
        Pipeline.run(Stages.TRAIN, TestSpark.session(), config(), sweep, false);
        return sweep;
    }

    /**
     * The sweep under the suite's shared folder, trained here unless another JVM finished it first. The marker
     * file is written after the train stage published, so a JVM that died mid-training leaves no marker and the
     * next one resumes the stage (it is resumable) instead of reading half a sweep.
     */
    private static SweepFolder shared(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path marker = dir.resolve("trained");
        try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = ch.lock()) {
            if (Files.exists(marker)) {
                return SweepFolder.at(dir.resolve("sweep").toString(), config().sweepId(), new Configuration());
            }
            SweepFolder sweep = train(dir.resolve("sweep"));
            Files.createFile(marker);
            return sweep;
        }
    }

    /** A private copy of the trained smoke sweep under {@code dir}. */
    public static SweepFolder copy(Path dir) {
        SweepFolder src = get();
        try {
            Path from = Path.of(src.root().toUri());
            Path target = dir.resolve(src.sweepId());
            try (java.util.stream.Stream<Path> files = Files.walk(from)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path t = target.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            return SweepFolder.at(target.toString(), new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
