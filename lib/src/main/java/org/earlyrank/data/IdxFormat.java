package org.earlyrank.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (big-endian header: magic 0x00000803 for images with count,
 * rows, cols; 0x00000801 for labels with count; then unsigned bytes), gzipped or not.
 */
public final class IdxFormat {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    private IdxFormat() {
    }

    /** Opens a stream, un-gzipping it when it starts with the gzip magic bytes. */
    static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /** Reads an images file: returns pixels (n x rows x cols) and sets dims[0..2] = n, rows, cols. */
    static byte[] readImages(InputStream raw, int[] dims, String name) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(raw));
        int magic = in.readInt();
        if (magic != IMAGES_MAGIC) {
            throw new DatasetException(name + " is not an IDX images file (magic " + Integer.toHexString(magic)
                    + ", expected 803)");
        }
        int n = in.readInt();
        int rows = in.readInt();
        int cols = in.readInt();
        if (n < 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE) {
            throw new DatasetException(name + " has an implausible IDX header: " + n + " x " + rows + " x " + cols);
        }
        byte[] px = new byte[n * rows * cols];
        try {
            in.readFully(px);
        } catch (EOFException e) {
            throw new DatasetException(name + " is truncated: its header promises " + n + " images of " + rows + "x"
                    + cols, e);
        }
        dims[0] = n;
        dims[1] = rows;
        dims[2] = cols;
        return px;
    }

    static int[] readLabels(InputStream raw, String name) throws IOException {
        DataInputStream in = new DataInputStream(maybeGunzip(raw));
        int magic = in.readInt();
        if (magic != LABELS_MAGIC) {
            throw new DatasetException(name + " is not an IDX labels file (magic " + Integer.toHexString(magic)
                    + ", expected 801)");
        }
        int n = in.readInt();
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new DatasetException(name + " is truncated: its header promises " + n + " labels", e);
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    /** Writes an images file (for tests and tools). */
    public static byte[] images(byte[] pixels, int n, int rows, int cols) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(16 + pixels.length);
        buf.putInt(IMAGES_MAGIC).putInt(n).putInt(rows).putInt(cols).put(pixels);
        return buf.array();
    }

    /** Writes a labels file (for tests and tools). */
    public static byte[] labels(int[] labels) {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8 + labels.length);
        buf.putInt(LABELS_MAGIC).putInt(labels.length);
        for (int l : labels) {
            buf.put((byte) l);
        }
        return buf.array();
    }
}
