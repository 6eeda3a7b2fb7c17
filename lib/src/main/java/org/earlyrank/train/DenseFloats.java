package org.earlyrank.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;

/**
 * Bulk copies between dense float ND4J arrays (CPU backend) and reused heap arrays, for the layer code
 * that runs in Java loops ({@link JavaBatchNormHelper}, {@link JavaAvgPoolHelper}, {@link ReluActivation}).
 * One copy each way costs less than the per-element work it replaces, and heap arrays let the JIT compile
 * plain loops.
 */
final class DenseFloats {
    private DenseFloats() {
    }

    /** True when the array is float, C order with default strides: one contiguous block from its offset. */
    static boolean dense(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a)
                && a.length() <= Integer.MAX_VALUE;
    }

    /** A heap array of at least {@code len} values: {@code buf} itself when large enough. */
    static float[] grow(float[] buf, int len) {
        return buf != null && buf.length >= len ? buf : new float[len];
    }

    /** The first {@code len} values of the array (C order) into {@code buf}, grown when needed. */
    static float[] read(INDArray x, float[] buf, int len) {
        float[] dst = grow(buf, len);
        INDArray src = dense(x) ? x : x.dup('c');
        src.data().asNioFloat().get((int) src.offset(), dst, 0, len);
        return dst;
    }

    /** Writes {@code len} values into a dense array, at its offset. */
    static void write(INDArray out, float[] src, int len) {
        if (!dense(out)) {
            throw new IllegalArgumentException("not a dense float array: " + out.shapeInfoToString());
        }
        out.data().asNioFloat().put((int) out.offset(), src, 0, len);
    }
}
