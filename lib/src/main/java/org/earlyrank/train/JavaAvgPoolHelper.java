package org.earlyrank.train;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingHelper;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Average pooling of NCHW float activations in plain Java loops, as a DL4J layer helper (CPU backend).
 *
 * <p>Why: libnd4j's oneDNN {@code avgpool2d} on plain NCHW arrays took about 1 ms per call on EarlyRank's
 * 14x14 networks, and in cells made mostly of pooling, pooling was the largest cost of a training step
 * (BENCHMARKS.md, "Where the time goes"). A window average is separable: each row of the input is summed
 * over the window's columns once, then the output sums those row sums over the window's rows, so a k x k
 * window costs about 2k additions per output instead of k^2, and the backward pass spreads the gradient the
 * same way in reverse.
 *
 * <p>Same function as DL4J's average pooling with {@code avgPoolIncludePadInDivisor = false} (NetworkBuilder's
 * setting, and what DL4J's oneDNN helper always does): each output is the mean of the input values its
 * window covers, padding excluded from the count. Padding follows DL4J: Same mode pads at the bottom and
 * right first. Sums are in float, in another order than libnd4j's, so results agree to float rounding.
 * Max pooling, dilation, NHWC and non-float arrays are declined (the layer then uses its built-in path).
 */
public final class JavaAvgPoolHelper implements SubsamplingHelper, PerCallHelper {
    /** False: every shape takes the loops for any window (the reference the fast paths are tested against). */
    private final boolean fastPaths;
    /** Whether the 3x3 box's 3-tap sums run on the Vector API ({@link VectorLoops}; the same sums bit for bit). */
    private final boolean vectors;
    private float[] in;
    private float[] out;
    private float[] rows;
    private float[] scaled;
    /** Each output's window size (padding not counted), tiled over all planes, for the last plan's geometry. */
    private float[] count;
    private Plan countPlan;

    /** The helper NetworkBuilder's networks get: fast paths for the 3x3 stride-1 and 2x2 stride-2 windows. */
    public JavaAvgPoolHelper() {
        this(true, VectorSupport.ENABLED);
    }

    JavaAvgPoolHelper(boolean fastPaths, boolean vectors) {
        this.fastPaths = fastPaths;
        this.vectors = vectors;
    }

    /**
     * A helper that runs every window through the loops for any window: the reference the fast paths are tested
     * against, and the setting SpeedLevers measures them against.
     */
    public static JavaAvgPoolHelper withoutFastPaths() {
        return new JavaAvgPoolHelper(false, false);
    }

    /** Window bounds along one axis: output o covers inputs [from[o], to[o]). */
    private record Windows(int[] from, int[] to) {
        static Windows of(int in, int out, int k, int stride, int pad) {
            int[] from = new int[out];
            int[] to = new int[out];
            for (int o = 0; o < out; o++) {
                int start = o * stride - pad;
                from[o] = Math.max(0, start);
                to[o] = Math.min(in, start + k);
            }
            return new Windows(from, to);
        }
    }

    /** A 3x3 window, stride 1, one row and column of padding each side: output the size of the input. */
    private static boolean threeByThreeSame(int[] kernel, int[] strides, int[][] geo, int h, int w) {
        return kernel[0] == 3 && kernel[1] == 3 && strides[0] == 1 && strides[1] == 1 && geo[1][0] == 1 && geo[1][1] == 1
                && geo[0][0] == h && geo[0][1] == w && h >= 2 && w >= 2;
    }

    /**
     * A 2x2 window with stride 2 and no padding before the first row and column: windows that do not overlap
     * and cover every input once (a last odd row or column alone).
     */
    private static boolean twoByTwoHalving(int[] kernel, int[] strides, int[][] geo, int h, int w) {
        return kernel[0] == 2 && kernel[1] == 2 && strides[0] == 2 && strides[1] == 2 && geo[1][0] == 0 && geo[1][1] == 0
                && geo[0][0] == (h + 1) / 2 && geo[0][1] == (w + 1) / 2;
    }

    /**
     * How many input values each output's window covers (padding not counted), as floats for division, for
     * every output of every plane: one long loop divides a whole array (C2 vectorises it; per-plane loops
     * of 16 or 49 values it does not).
     */
    private float[] counts(Plan plan) {
        if (!plan.sameGeometry(countPlan)) {
            int plane = plan.oh() * plan.ow();
            count = new float[plan.outputLength()];
            for (int r = 0; r < plan.oh(); r++) {
                for (int c = 0; c < plan.ow(); c++) {
                    count[r * plan.ow() + c] = (plan.wr().to[r] - plan.wr().from[r]) * (plan.wc().to[c] - plan.wc().from[c]);
                }
            }
            for (int p = 1; p < plan.planes(); p++) {
                System.arraycopy(count, 0, count, p * plane, plane);
            }
            countPlan = plan;
        }
        return count;
    }

    /**
     * Sum over each 3x3 neighbourhood, clipped at the borders, of every h x w plane of src (n values in all):
     * dst[i] = sum of src around i. Separable: a horizontal 3-tap pass into {@code rows}, then a vertical
     * one. Each pass is one loop over all n values, as if the planes were one long row, so a loop's set-up is
     * paid once rather than once per 4-, 7- or 14-wide row (C2 in JDK 17 runs it scalar either way: it does not
     * vectorise a loop reading one array at several offsets; BENCHMARKS.md, issue 19, round 7); then the values
     * that crossed a row's or a plane's edge are recomputed as 2-tap sums. The additions are the same, in the same order,
     * as a plane-by-plane loop's, so the result is too, bit for bit. With vectors, the two long passes run as
     * {@link VectorLoops#threeTap}, the same additions (the whole 3x3 pass 1.30-1.45x faster,
     * bin/check-fast-path).
     */
    static void box3(float[] src, float[] dst, float[] rows, int n, int h, int w, boolean vectors) {
        if (vectors) {
            VectorLoops.threeTap(src, rows, 1, n - 1, 1);
        } else {
            for (int i = 1; i < n - 1; i++) {
                rows[i] = src[i - 1] + src[i] + src[i + 1];
            }
        }
        for (int a = 0; a < n; a += w) {
            rows[a] = src[a] + src[a + 1];
            rows[a + w - 1] = src[a + w - 2] + src[a + w - 1];
        }
        if (vectors) {
            VectorLoops.threeTap(rows, dst, w, n - w, w);
        } else {
            for (int i = w; i < n - w; i++) {
                dst[i] = rows[i - w] + rows[i] + rows[i + w];
            }
        }
        int plane = h * w;
        int last = (h - 1) * w;
        for (int p = 0; p < n; p += plane) {
            for (int c = p; c < p + w; c++) {
                dst[c] = rows[c] + rows[c + w];
                dst[c + last] = rows[c + last - w] + rows[c + last];
            }
        }
    }

    private static boolean usable(INDArray x, PoolingType type, int[] dilation, CNN2DFormat format) {
        return type == PoolingType.AVG && format == CNN2DFormat.NCHW && x.rank() == 4 && DenseFloats.dense(x)
                && dilation[0] == 1 && dilation[1] == 1;
    }

    /** Output size and the top-left padding DL4J uses for this mode. */
    private static int[][] geometry(INDArray x, int[] kernel, int[] strides, int[] pad, ConvolutionMode mode,
                                    int[] dilation, CNN2DFormat format) {
        int[] inSize = {(int) x.size(2), (int) x.size(3)};
        if (mode == ConvolutionMode.Same) {
            int[] outSize = ConvolutionUtils.getOutputSize(x, kernel, strides, null, mode, dilation, format);
            return new int[][]{outSize, ConvolutionUtils.getSameModeTopLeftPadding(outSize, inSize, kernel, strides, dilation)};
        }
        return new int[][]{ConvolutionUtils.getOutputSize(x, kernel, strides, pad, mode, dilation, format), pad};
    }

    /**
     * One call's plan, the same for the forward and the backward pass: planes of h x w inputs and oh x ow
     * outputs, each output's window along rows (wr) and columns (wc), and whether it is the 3x3 same-size case
     * that {@link JavaAvgPoolHelper#box3} serves or the non-overlapping 2x2 one; with the loops of each pass over
     * those planes.
     */
    private record Plan(int planes, int h, int w, int oh, int ow, Windows wr, Windows wc, boolean threeByThree,
                        boolean pairs, boolean vectors) {
        static Plan of(INDArray x, int[] kernel, int[] strides, int[] pad, ConvolutionMode mode, int[] dilation,
                       CNN2DFormat format, boolean fastPaths, boolean vectors) {
            int[][] geo = geometry(x, kernel, strides, pad, mode, dilation, format);
            int h = (int) x.size(2);
            int w = (int) x.size(3);
            int oh = geo[0][0];
            int ow = geo[0][1];
            return new Plan((int) (x.size(0) * x.size(1)), h, w, oh, ow,
                    Windows.of(h, oh, kernel[0], strides[0], geo[1][0]), Windows.of(w, ow, kernel[1], strides[1], geo[1][1]),
                    fastPaths && threeByThreeSame(kernel, strides, geo, h, w),
                    fastPaths && twoByTwoHalving(kernel, strides, geo, h, w), vectors);
        }

        /** Same planes, sizes and windows: the same per-output counts. */
        boolean sameGeometry(Plan o) {
            return o != null && planes == o.planes && h == o.h && w == o.w && oh == o.oh && ow == o.ow
                    && java.util.Arrays.equals(wr.from, o.wr.from) && java.util.Arrays.equals(wr.to, o.wr.to)
                    && java.util.Arrays.equals(wc.from, o.wc.from) && java.util.Arrays.equals(wc.to, o.wc.to);
        }

        int inputLength() {
            return planes * h * w;
        }

        int outputLength() {
            return planes * oh * ow;
        }

        /** Forward, 3x3 same-size window: box sums of in divided by each output's count (rows: n scratch). */
        void boxAverage(float[] in, float[] out, float[] rows, float[] count) {
            int n = inputLength();
            box3(in, out, rows, n, h, w, vectors);
            for (int i = 0; i < n; i++) {
                out[i] /= count[i];
            }
        }

        /**
         * Backward, 3x3 same-size window: the window is symmetric with stride 1, so input (r, c) gets the
         * gradient of the outputs whose windows cover it, which are the outputs in its own 3x3 neighbourhood,
         * and backward is the same box sum of the gradients divided by their counts (scaled, rows: n scratch).
         */
        void boxSpread(float[] out, float[] in, float[] rows, float[] scaled, float[] count) {
            int n = inputLength();
            for (int i = 0; i < n; i++) {
                scaled[i] = out[i] / count[i];
            }
            box3(scaled, in, rows, n, h, w, vectors);
        }

        /**
         * Forward, 2x2 window with stride 2 and no padding before the first row and column (the reduction
         * blocks' shortcut): each output averages its input pair of pairs; a last odd row or column has a
         * window of one. Rows of the input are summed pairwise into {@code rows} (planes x h x ow), then pairs
         * of those rows. The sums start from 0f and add in the loops for any window's order, so the result is
         * theirs bit for bit, without their per-output inner loops.
         */
        void pairAverage(float[] in, float[] out, float[] rows, float[] count) {
            int half = w / 2;
            for (int r = 0, a = 0, o = 0; r < planes * h; r++, a += w, o += ow) {
                for (int c = 0; c < half; c++) {
                    rows[o + c] = (0f + in[a + 2 * c]) + in[a + 2 * c + 1];
                }
                if (w % 2 == 1) {
                    rows[o + half] = 0f + in[a + w - 1];
                }
            }
            int halfRows = h / 2;
            for (int p = 0; p < planes; p++) {
                int src = p * h * ow;
                int dst = p * oh * ow;
                for (int r = 0; r < halfRows; r++) {
                    int top = src + 2 * r * ow;
                    for (int c = 0; c < ow; c++) {
                        out[dst + r * ow + c] = (0f + rows[top + c]) + rows[top + ow + c];
                    }
                }
                if (h % 2 == 1) {
                    int top = src + (h - 1) * ow;
                    for (int c = 0; c < ow; c++) {
                        out[dst + halfRows * ow + c] = 0f + rows[top + c];
                    }
                }
            }
            int len = outputLength();
            for (int i = 0; i < len; i++) {
                out[i] /= count[i];
            }
        }

        /**
         * Backward of {@link #pairAverage}: the windows do not overlap and cover every input once, so each
         * input's gradient is its output's gradient divided by the window's count (plus 0f, as the loops for
         * any window accumulate it: bit for bit theirs).
         */
        void pairSpread(float[] out, float[] in, float[] scaled, float[] count) {
            int len = outputLength();
            for (int i = 0; i < len; i++) {
                scaled[i] = 0f + out[i] / count[i];
            }
            int half = w / 2;
            for (int r = 0, a = 0; r < planes * h; r++, a += w) {
                int o = ((r / h) * oh + (r % h) / 2) * ow;
                for (int c = 0; c < half; c++) {
                    float g = scaled[o + c];
                    in[a + 2 * c] = g;
                    in[a + 2 * c + 1] = g;
                }
                if (w % 2 == 1) {
                    in[a + w - 1] = scaled[o + half];
                }
            }
        }

        /** Forward, any window: out = the mean of in over each output's window (rows: h x ow scratch). */
        void average(float[] in, float[] out, float[] rows) {
            for (int p = 0; p < planes; p++) {
                int src = p * h * w;
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < ow; c++) {
                        float s = 0f;
                        for (int j = wc.from[c]; j < wc.to[c]; j++) {
                            s += in[src + r * w + j];
                        }
                        rows[r * ow + c] = s;
                    }
                }
                int dst = p * oh * ow;
                for (int o = 0; o < oh; o++) {
                    int nr = wr.to[o] - wr.from[o];
                    for (int c = 0; c < ow; c++) {
                        float s = 0f;
                        for (int i = wr.from[o]; i < wr.to[o]; i++) {
                            s += rows[i * ow + c];
                        }
                        out[dst + o * ow + c] = s / (nr * (wc.to[c] - wc.from[c]));
                    }
                }
            }
        }

        /** Backward, any window: each output's gradient out, divided by its count, spread over its window in in. */
        void spread(float[] out, float[] in, float[] rows) {
            for (int p = 0; p < planes; p++) {
                java.util.Arrays.fill(rows, 0, h * ow, 0f);
                int src = p * oh * ow;
                for (int o = 0; o < oh; o++) {
                    int nr = wr.to[o] - wr.from[o];
                    for (int c = 0; c < ow; c++) {
                        float g = out[src + o * ow + c] / (nr * (wc.to[c] - wc.from[c]));
                        for (int i = wr.from[o]; i < wr.to[o]; i++) {
                            rows[i * ow + c] += g;
                        }
                    }
                }
                int dst = p * h * w;
                java.util.Arrays.fill(in, dst, dst + h * w, 0f);
                for (int r = 0; r < h; r++) {
                    for (int c = 0; c < ow; c++) {
                        float g = rows[r * ow + c];
                        for (int j = wc.from[c]; j < wc.to[c]; j++) {
                            in[dst + r * w + j] += g;
                        }
                    }
                }
            }
        }
    }

    @Override
    public INDArray activate(INDArray x, boolean training, int[] kernel, int[] strides, int[] pad, PoolingType type,
                             ConvolutionMode mode, int[] dilation, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, type, dilation, format)) {
            return null;
        }
        Plan plan = Plan.of(x, kernel, strides, pad, mode, dilation, format, fastPaths, vectors);
        in = DenseFloats.read(x, in, plan.inputLength());
        out = DenseFloats.grow(out, plan.outputLength());
        rows = DenseFloats.grow(rows, plan.planes() * plan.h() * plan.ow());
        if (plan.threeByThree()) {
            plan.boxAverage(in, out, rows, counts(plan));
        } else if (plan.pairs()) {
            plan.pairAverage(in, out, rows, counts(plan));
        } else {
            plan.average(in, out, rows);
        }
        INDArray z = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                new long[]{x.size(0), x.size(1), plan.oh(), plan.ow()}, 'c');
        DenseFloats.write(z, out, plan.outputLength());
        return z;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, int[] kernel, int[] strides, int[] pad,
                                                     PoolingType type, ConvolutionMode mode, int[] dilation,
                                                     CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, type, dilation, format) || !DenseFloats.dense(epsilon)) {
            return null;
        }
        Plan plan = Plan.of(x, kernel, strides, pad, mode, dilation, format, fastPaths, vectors);
        if (epsilon.size(2) != plan.oh() || epsilon.size(3) != plan.ow()) {
            return null;
        }
        out = DenseFloats.read(epsilon, out, plan.outputLength());
        in = DenseFloats.grow(in, plan.inputLength());
        rows = DenseFloats.grow(rows, plan.planes() * plan.h() * plan.ow());
        if (plan.threeByThree()) {
            scaled = DenseFloats.grow(scaled, plan.inputLength());
            plan.boxSpread(out, in, rows, scaled, counts(plan));
        } else if (plan.pairs()) {
            scaled = DenseFloats.grow(scaled, plan.outputLength());
            plan.pairSpread(out, in, scaled, counts(plan));
        } else {
            plan.spread(out, in, rows);
        }
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        DenseFloats.write(dx, in, plan.inputLength());
        return new Pair<>(new DefaultGradient(), dx);
    }
}
