package org.earlyrank;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
public final class SmokeSweep {
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
                Path out = Files.createTempDirectory("earlyrank-smoke");
                SweepFolder sweep = SweepFolder.at(out.toString(), config().sweepId(), new Configuration());
                Pipeline.run(Stages.TRAIN, TestSpark.session(), config(), sweep, false);
                trained = sweep;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return trained;
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
