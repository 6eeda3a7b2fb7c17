package org.earlyrank.train;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Java loops of batch norm, ReLU's gradient and average pooling that C2 in JDK 17 leaves scalar, written with
 * JDK 17's incubating Vector API (module {@code jdk.incubator.vector}). Only {@link VectorSupport} decides whether
 * they run; nothing may touch this class when the module is not in the JVM.
 *
 * <p>Why: C2 vectorises none of these loops by itself: not the reductions (batch norm's per-channel sums), not a
 * loop that reads one array at two offsets (pooling's 3-tap sums), and a loop over 16 or 49 values pays its
 * set-up per block (batch norm's writing passes on the 7x7 and 4x4 maps). Together they were about 21 % of a
 * training step of the slowest architecture against PyTorch (BENCHMARKS.md, issue 19, round 8).
 *
 * <p>Bit for bit: every kernel does the same float operations, in the same order, as the scalar loop it
 * replaces. The block sums keep the scalar loops' four interleaved accumulators as the four lanes of a 128-bit
 * vector (lane r sums values r, r + 4, r + 8, ...; the tail goes to lane 0; the lanes are combined as
 * {@code (s0 + s1) + (s2 + s3)}); throughput comes from summing four blocks at once, not from wider vectors,
 * which would change the order. Java never fuses a multiply and an add, and neither does the Vector API's
 * {@code mul} followed by {@code add}.
 */
final class VectorLoops {
    /**
     * The scalar loops' four accumulators, as lanes; and the one species of every kernel. With 256-bit vectors for
     * the element-wise kernels beside these, the Vector API's shared methods saw two vector classes, C2 compiled
     * them with polymorphic type checks and kept vectors as heap objects: a training step of A3 went from 34 to
     * 42 ms (BENCHMARKS.md, issue 19, round 8).
     */
    private static final VectorSpecies<Float> FOUR = FloatVector.SPECIES_128;

    private VectorLoops() {
    }

    /**
     * Whether this CPU has 256-bit vectors (AVX2). The kernels use 128-bit ones, but on older CPUs the gain was not
     * measured, and oneDNN's kernels need AVX2 anyway.
     */
    static boolean wideEnough() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 256;
    }

    static int bits() {
        return FOUR.vectorBitSize();
    }

    /** (s0 + s1) + (s2 + s3) of a four-accumulator sum whose lane 0 has taken the tail as {@code s0}. */
    private static float combine(float s0, FloatVector v) {
        return (s0 + v.lane(1)) + (v.lane(2) + v.lane(3));
    }

    /**
     * The sums of four blocks of {@code len} values, at f, f + next, f + 2 next and f + 3 next, into out[0..3]:
     * each as {@code JavaBatchNormHelper.blockSums} sums one block.
     */
    static void blockSums4(float[] x, int f, int next, int len, float[] out) {
        int f1 = f + next;
        int f2 = f1 + next;
        int f3 = f2 + next;
        FloatVector a = FloatVector.zero(FOUR);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            a = a.add(FloatVector.fromArray(FOUR, x, f + j));
            b = b.add(FloatVector.fromArray(FOUR, x, f1 + j));
            c = c.add(FloatVector.fromArray(FOUR, x, f2 + j));
            d = d.add(FloatVector.fromArray(FOUR, x, f3 + j));
        }
        float a0 = a.lane(0);
        float b0 = b.lane(0);
        float c0 = c.lane(0);
        float d0 = d.lane(0);
        for (; j < len; j++) {
            a0 += x[f + j];
            b0 += x[f1 + j];
            c0 += x[f2 + j];
            d0 += x[f3 + j];
        }
        out[0] = combine(a0, a);
        out[1] = combine(b0, b);
        out[2] = combine(c0, c);
        out[3] = combine(d0, d);
    }

    /** The sums of (x - m)^2 over four blocks, as {@link #blockSums4} (and {@code JavaBatchNormHelper.blockSquares}). */
    static void blockSquares4(float[] x, int f, int next, int len, float m, float[] out) {
        int f1 = f + next;
        int f2 = f1 + next;
        int f3 = f2 + next;
        FloatVector a = FloatVector.zero(FOUR);
        FloatVector b = a;
        FloatVector c = a;
        FloatVector d = a;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            FloatVector da = FloatVector.fromArray(FOUR, x, f + j).sub(m);
            FloatVector db = FloatVector.fromArray(FOUR, x, f1 + j).sub(m);
            FloatVector dc = FloatVector.fromArray(FOUR, x, f2 + j).sub(m);
            FloatVector dd = FloatVector.fromArray(FOUR, x, f3 + j).sub(m);
            a = a.add(da.mul(da));
            b = b.add(db.mul(db));
            c = c.add(dc.mul(dc));
            d = d.add(dd.mul(dd));
        }
        float a0 = a.lane(0);
        float b0 = b.lane(0);
        float c0 = c.lane(0);
        float d0 = d.lane(0);
        for (; j < len; j++) {
            float da = x[f + j] - m;
            float db = x[f1 + j] - m;
            float dc = x[f2 + j] - m;
            float dd = x[f3 + j] - m;
            a0 += da * da;
            b0 += db * db;
            c0 += dc * dc;
            d0 += dd * dd;
        }
        out[0] = combine(a0, a);
        out[1] = combine(b0, b);
        out[2] = combine(c0, c);
        out[3] = combine(d0, d);
    }

    /**
     * Batch norm's backward sums over two blocks (at f and f + next) of upstream gradient c and input a: out[0] and
     * out[2] the sums of dy, out[1] and out[3] the sums of dy * (x - m), each with four accumulators as
     * {@code JavaBatchNormHelper.Nchw.gradient} sums one block.
     */
    static void gradientSums2(float[] c, float[] a, int f, int next, int len, float m, float[] out) {
        int g = f + next;
        FloatVector s = FloatVector.zero(FOUR);
        FloatVector d = s;
        FloatVector t = s;
        FloatVector e = s;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            FloatVector cf = FloatVector.fromArray(FOUR, c, f + j);
            FloatVector cg = FloatVector.fromArray(FOUR, c, g + j);
            s = s.add(cf);
            t = t.add(cg);
            d = d.add(cf.mul(FloatVector.fromArray(FOUR, a, f + j).sub(m)));
            e = e.add(cg.mul(FloatVector.fromArray(FOUR, a, g + j).sub(m)));
        }
        float s0 = s.lane(0);
        float d0 = d.lane(0);
        float t0 = t.lane(0);
        float e0 = e.lane(0);
        for (; j < len; j++) {
            s0 += c[f + j];
            d0 += c[f + j] * (a[f + j] - m);
            t0 += c[g + j];
            e0 += c[g + j] * (a[g + j] - m);
        }
        out[0] = combine(s0, s);
        out[1] = combine(d0, d);
        out[2] = combine(t0, t);
        out[3] = combine(e0, e);
    }

    /** b[j] = (a[j] - m) * scale + shift for j in [from, from + len): batch norm's forward writing pass on one block. */
    static void normalize(float[] a, float[] b, int from, int len, float m, float scale, float shift) {
        int j = from;
        int end = from + len;
        for (int up = from + FOUR.loopBound(len); j < up; j += FOUR.length()) {
            FloatVector.fromArray(FOUR, a, j).sub(m).mul(scale).add(shift).intoArray(b, j);
        }
        for (; j < end; j++) {
            b[j] = (a[j] - m) * scale + shift;
        }
    }

    /** b[j] = p * (c[j] - q - (a[j] - m) * r) for j in [from, from + len): batch norm's input gradient on one block. */
    static void gradient(float[] a, float[] c, float[] b, int from, int len, float m, float p, float q, float r) {
        int j = from;
        int end = from + len;
        for (int up = from + FOUR.loopBound(len); j < up; j += FOUR.length()) {
            FloatVector xr = FloatVector.fromArray(FOUR, a, j).sub(m).mul(r);
            FloatVector.fromArray(FOUR, c, j).sub(q).sub(xr).mul(p).intoArray(b, j);
        }
        for (; j < end; j++) {
            b[j] = p * (c[j] - q - (a[j] - m) * r);
        }
    }

    /**
     * ReLU's gradient in place: g[i] stays where x[i]'s bits, read as an int, are positive (x > 0, positive NaNs
     * included, as {@code ReluActivation} decides) and becomes +0 elsewhere.
     */
    static void reluGradient(float[] x, float[] g, int n) {
        int i = 0;
        for (int up = FOUR.loopBound(n); i < up; i += FOUR.length()) {
            VectorMask<Integer> off = FloatVector.fromArray(FOUR, x, i).reinterpretAsInts().compare(VectorOperators.LE, 0);
            FloatVector.fromArray(FOUR, g, i).reinterpretAsInts().blend(0, off).reinterpretAsFloats().intoArray(g, i);
        }
        for (; i < n; i++) {
            int keep = Float.floatToRawIntBits(x[i]) > 0 ? -1 : 0;
            g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
        }
    }

    /**
     * dst[i] = (src[i - d] + src[i]) + src[i + d] for i in [from, to): average pooling's 3-tap sums along a row
     * (d = 1) or a column (d = the row's width), as {@code JavaAvgPoolHelper.box3} adds them.
     */
    static void threeTap(float[] src, float[] dst, int from, int to, int d) {
        int i = from;
        for (int up = from + FOUR.loopBound(to - from); i < up; i += FOUR.length()) {
            FloatVector.fromArray(FOUR, src, i - d).add(FloatVector.fromArray(FOUR, src, i))
                    .add(FloatVector.fromArray(FOUR, src, i + d)).intoArray(dst, i);
        }
        for (; i < to; i++) {
            dst[i] = src[i - d] + src[i] + src[i + d];
        }
    }
}
