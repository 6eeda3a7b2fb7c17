package org.earlyrank.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;

/** Reads a finished sweep back and fingerprints folders, for the reliability tests. */
final class SweepFiles {
    private SweepFiles() {
    }

    static List<RunRow> runs(Path sweep) {
        return SweepFolder.at(sweep.toString(), new Configuration()).read(RunsTable.TABLE, "train").stream()
                .map(RunRow::fromRow).toList();
    }

    static List<CurveRow> curves(Path sweep) {
        return SweepFolder.at(sweep.toString(), new Configuration()).read(CurvesTable.TABLE, "train").stream()
                .map(CurveRow::fromRow).toList();
    }

    /** (run_id, epoch) pairs that appear more than once in curves. */
    static Map<String, Integer> duplicateEpochs(Path sweep) {
        Map<String, Integer> count = new HashMap<>();
        for (CurveRow c : curves(sweep)) {
            count.merge(c.runId() + "@" + c.epoch(), 1, Integer::sum);
        }
        count.values().removeIf(n -> n == 1);
        return count;
    }

    /** Every file under a folder with a hash of its content. */
    static Map<String, String> fingerprint(Path root) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(root)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                    out.put(root.relativize(p).toString(), HexFormat.of().formatHex(d));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Number of files in a folder, 0 when it does not exist. */
    static int count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            // visible files only: a commit marker is written through a hidden temporary file (and Hadoop's
            // local file system may add hidden .crc files)
            return (int) s.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
