package org.earlyrank.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small Hadoop FileSystem helpers with unchecked exceptions. Every sweep read and write goes through
 * Hadoop's FileSystem API, so a path may be local, HDFS, S3A or GCS.
 */
public final class Fs {
    private Fs() {
    }

    public static FileSystem of(Path p, Configuration conf) {
        try {
            FileSystem fs = p.getFileSystem(conf);
            if (fs instanceof org.apache.hadoop.fs.ChecksumFileSystem local) {
                // No hidden .crc files beside part files: table folders hold part files and _SUCCESS only.
                local.setWriteChecksum(false);
            }
            return fs;
        } catch (IOException e) {
            throw new UncheckedIOException("no file system for " + p + ": " + e.getMessage(), e);
        }
    }

    /** {@code p} made absolute in its file system, with that system's scheme and authority. */
    public static Path qualified(Path p, Configuration conf) {
        return of(p, conf).makeQualified(p);
    }

    public static boolean exists(FileSystem fs, Path p) {
        try {
            return fs.exists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static boolean isDirectory(FileSystem fs, Path p) {
        try {
            return fs.exists(p) && fs.getFileStatus(p).isDirectory();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void mkdirs(FileSystem fs, Path p) {
        try {
            if (!fs.mkdirs(p) && !fs.exists(p)) {
                throw new IOException("could not create " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void delete(FileSystem fs, Path p) {
        try {
            if (fs.exists(p)) {
                fs.delete(p, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + p + ": " + e.getMessage(), e);
        }
    }

    /** Renames; the target must not exist (Hadoop would move the source inside it). */
    public static void rename(FileSystem fs, Path from, Path to) {
        try {
            if (fs.exists(to)) {
                throw new IOException("rename target exists: " + to);
            }
            mkdirs(fs, to.getParent());
            if (!fs.rename(from, to)) {
                throw new IOException("could not rename " + from + " to " + to);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Children of a directory, sorted by name; empty when it does not exist. */
    public static List<FileStatus> list(FileSystem fs, Path dir) {
        try {
            if (!fs.exists(dir)) {
                return List.of();
            }
            FileStatus[] st = fs.listStatus(dir);
            Arrays.sort(st, (a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
            return new ArrayList<>(Arrays.asList(st));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String readString(FileSystem fs, Path p) {
        try (InputStream in = fs.open(p)) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            in.transferTo(buf);
            return buf.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    public static byte[] readBytes(FileSystem fs, Path p) {
        try (InputStream in = fs.open(p)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Writes a whole file (overwriting). */
    public static void writeBytes(FileSystem fs, Path p, byte[] data) {
        try (OutputStream out = fs.create(p, true)) {
            out.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + p + ": " + e.getMessage(), e);
        }
    }

    public static void writeString(FileSystem fs, Path p, String s) {
        writeBytes(fs, p, s.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Replaces a file's content so that readers see the old or the new content, never a partial one:
     * write a sibling temporary file, then swap it in. (On object stores the swap is a copy; see the
     * README's note on resume there.)
     */
    public static void replaceFile(FileSystem fs, Path p, byte[] data) {
        Path tmp = new Path(p.getParent(), "." + p.getName() + ".tmp-" + java.util.UUID.randomUUID());
        writeBytes(fs, tmp, data);
        try {
            if (fs.exists(p)) {
                fs.delete(p, false);
            }
            if (!fs.rename(tmp, p)) {
                throw new IOException("could not rename " + tmp + " to " + p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void copy(FileSystem fs, Path from, Path to) {
        writeBytes(fs, to, readBytes(fs, from));
    }
}
