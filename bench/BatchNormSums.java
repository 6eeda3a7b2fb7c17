/**
 * The batch-norm backward pass's two per-channel sums (of dy and of dy * (x - mean)) over NCHW float arrays of the
 * default sweep's three layer shapes, batch 128: one pass per sum with four accumulators each (JavaBatchNormHelper
 * until round 7) against both sums in one pass (eight accumulator chains, the same additions in the same order);
 * and the gradient's writing loop per H x W block against one loop per example with the per-channel factors
 * spread over it (slower: C2 does not vectorise it, not kept); and the forward pass's per-channel sum a block at a
 * time against two examples' blocks at once (the same sums). Plain Java, no ND4J. BENCHMARKS.md, issue 19,
 * round 7.
 *   java bench/BatchNormSums.java
 */
public class BatchNormSums {
    static float blockSum(float[] x, int from, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = from, end = from + len;
        for (; j + 3 < end; j += 4) { s0 += x[j]; s1 += x[j + 1]; s2 += x[j + 2]; s3 += x[j + 3]; }
        for (; j < end; j++) s0 += x[j];
        return (s0 + s1) + (s2 + s3);
    }

    static float blockDot(float[] dy, float[] x, int from, int len, float m) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = from, end = from + len;
        for (; j + 3 < end; j += 4) {
            s0 += dy[j] * (x[j] - m); s1 += dy[j + 1] * (x[j + 1] - m); s2 += dy[j + 2] * (x[j + 2] - m); s3 += dy[j + 3] * (x[j + 3] - m);
        }
        for (; j < end; j++) s0 += dy[j] * (x[j] - m);
        return (s0 + s1) + (s2 + s3);
    }

    static double passPerSum(float[] a, float[] c, int n, int ch, int hw) {
        double t = 0;
        for (int k = 0; k < ch; k++) {
            double sd = 0, sx = 0;
            for (int i = 0; i < n; i++) { int f = (i * ch + k) * hw; sd += blockSum(c, f, hw); sx += blockDot(c, a, f, hw, 0.1f); }
            t += sd + sx;
        }
        return t;
    }

    static double onePass(float[] a, float[] c, int n, int ch, int hw) {
        double t = 0;
        float m = 0.1f;
        for (int k = 0; k < ch; k++) {
            double sumDy = 0, sumDyXhat = 0;
            for (int i = 0; i < n; i++) {
                int j = (i * ch + k) * hw, end = j + hw;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
                for (; j + 3 < end; j += 4) {
                    s0 += c[j]; s1 += c[j + 1]; s2 += c[j + 2]; s3 += c[j + 3];
                    d0 += c[j] * (a[j] - m); d1 += c[j + 1] * (a[j + 1] - m); d2 += c[j + 2] * (a[j + 2] - m); d3 += c[j + 3] * (a[j + 3] - m);
                }
                for (; j < end; j++) { s0 += c[j]; d0 += c[j] * (a[j] - m); }
                sumDy += (s0 + s1) + (s2 + s3);
                sumDyXhat += (d0 + d1) + (d2 + d3);
            }
            t += sumDy + sumDyXhat;
        }
        return t;
    }

    static double sumBlockAtATime(float[] x, int n, int ch, int hw) {
        double t = 0;
        for (int k = 0; k < ch; k++) {
            double s = 0;
            for (int i = 0; i < n; i++) s += blockSum(x, (i * ch + k) * hw, hw);
            t += s;
        }
        return t;
    }

    static double sumTwoBlocks(float[] x, int n, int ch, int hw, float[] out) {
        double t = 0;
        for (int k = 0; k < ch; k++) {
            double s = 0;
            int i = 0;
            for (; i + 1 < n; i += 2) {
                int f = (i * ch + k) * hw, g = ((i + 1) * ch + k) * hw;
                float s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
                int j = 0;
                for (; j + 3 < hw; j += 4) {
                    s0 += x[f + j]; s1 += x[f + j + 1]; s2 += x[f + j + 2]; s3 += x[f + j + 3];
                    t0 += x[g + j]; t1 += x[g + j + 1]; t2 += x[g + j + 2]; t3 += x[g + j + 3];
                }
                for (; j < hw; j++) { s0 += x[f + j]; t0 += x[g + j]; }
                out[0] = (s0 + s1) + (s2 + s3);
                out[1] = (t0 + t1) + (t2 + t3);
                s += out[0];
                s += out[1];
            }
            if (i < n) s += blockSum(x, (i * ch + k) * hw, hw);
            t += s;
        }
        return t;
    }

    static void writePerBlock(float[] a, float[] c, float[] b, int n, int ch, int hw) {
        for (int k = 0; k < ch; k++) {
            float p = 1.1f, q = 0.2f, r = 0.3f, m = 0.1f;
            for (int i = 0; i < n; i++) { int f = (i * ch + k) * hw; for (int j = f; j < f + hw; j++) b[j] = p * (c[j] - q - (a[j] - m) * r); }
        }
    }

    static void writeSpread(float[] a, float[] c, float[] b, int n, int ch, int hw, float[] p, float[] q, float[] m, float[] r) {
        int w = ch * hw;
        for (int i = 0; i < n; i++) { int base = i * w; for (int j = 0; j < w; j++) b[base + j] = p[j] * (c[base + j] - q[j] - (a[base + j] - m[j]) * r[j]); }
    }

    public static void main(String[] args) {
        int[][] shapes = {{128, 8, 196}, {128, 16, 49}, {128, 32, 16}};
        for (int round = 0; round < 4; round++) {
            for (int[] s : shapes) {
                int n = s[0], ch = s[1], hw = s[2], len = n * ch * hw;
                float[] a = new float[len], c = new float[len], b = new float[len];
                for (int i = 0; i < len; i++) { a[i] = (float) Math.sin(i); c[i] = (float) Math.cos(i); }
                float[] p = new float[ch * hw], q = new float[ch * hw], m = new float[ch * hw], r = new float[ch * hw];
                int it = 500;
                double sink = 0;
                long t0 = System.nanoTime(); for (int i = 0; i < it; i++) sink += passPerSum(a, c, n, ch, hw);
                long t1 = System.nanoTime(); for (int i = 0; i < it; i++) sink += onePass(a, c, n, ch, hw);
                long t2 = System.nanoTime(); for (int i = 0; i < it; i++) writePerBlock(a, c, b, n, ch, hw);
                long t3 = System.nanoTime(); for (int i = 0; i < it; i++) writeSpread(a, c, b, n, ch, hw, p, q, m, r);
                long t4 = System.nanoTime();
                float[] pair = new float[2];
                double one = 0, two = 0;
                for (int i = 0; i < it; i++) one += sumBlockAtATime(a, n, ch, hw);
                long t5 = System.nanoTime();
                for (int i = 0; i < it; i++) two += sumTwoBlocks(a, n, ch, hw, pair);
                long t6 = System.nanoTime();
                if (round == 3) {
                    System.out.printf("[%d,%d,%d values] forward sum: a block at a time %.3f ms, two blocks at once %.3f ms (same sums: %b)%n",
                            n, ch, hw, (t5 - t4) / 1e6 / it, (t6 - t5) / 1e6 / it, one == two);
                    System.out.printf("[%d,%d,%d values] sums: a pass each %.3f ms, one pass %.3f ms; write: per block %.3f ms, spread %.3f ms%s%n",
                            n, ch, hw, (t1 - t0) / 1e6 / it, (t2 - t1) / 1e6 / it, (t3 - t2) / 1e6 / it, (t4 - t3) / 1e6 / it, sink == 0.123 ? "!" : "");
                }
            }
        }
    }
}
