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
    private float[] in;
    private float[] out;
    private float[] rows;
    private float[] scaled;
    /** Per-output window sizes of the last 3x3 shape, reused while the shape stays the same. */
    private float[] count;
    private int countH = -1;
    private int countW = -1;

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

    /** How many input values each output's window covers (padding not counted), as floats for division. */
    private float[] counts(Windows wr, Windows wc) {
        int h = wr.from.length;
        int w = wc.from.length;
        if (h != countH || w != countW) {
            count = new float[h * w];
            for (int r = 0; r < h; r++) {
                for (int c = 0; c < w; c++) {
                    count[r * w + c] = (wr.to[r] - wr.from[r]) * (wc.to[c] - wc.from[c]);
                }
            }
            countH = h;
            countW = w;
        }
        return count;
    }

    /**
     * Sum over each 3x3 neighbourhood, clipped at the borders, of one h x w plane: dst[i] = sum of src around i.
     * Separable: a horizontal 3-tap pass into {@code rows}, then a vertical one; the inner loops run over
     * contiguous memory with fixed offsets, which the JIT compiles to vector code.
     */
    static void box3(float[] src, int s, float[] dst, int d, float[] rows, int h, int w) {
        for (int r = 0; r < h; r++) {
            int a = s + r * w;
            int o = r * w;
            rows[o] = src[a] + src[a + 1];
            for (int c = 1; c < w - 1; c++) {
                rows[o + c] = src[a + c - 1] + src[a + c] + src[a + c + 1];
            }
            rows[o + w - 1] = src[a + w - 2] + src[a + w - 1];
        }
        for (int c = 0; c < w; c++) {
            dst[d + c] = rows[c] + rows[w + c];
        }
        for (int r = 1; r < h - 1; r++) {
            int o = d + r * w;
            int up = (r - 1) * w;
            int mid = r * w;
            int down = (r + 1) * w;
            for (int c = 0; c < w; c++) {
                dst[o + c] = rows[up + c] + rows[mid + c] + rows[down + c];
            }
        }
        int last = (h - 1) * w;
        for (int c = 0; c < w; c++) {
            dst[d + last + c] = rows[last - w + c] + rows[last + c];
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
     * that {@link JavaAvgPoolHelper#box3} serves; with the loops of each pass over those planes.
     */
    private record Plan(int planes, int h, int w, int oh, int ow, Windows wr, Windows wc, boolean threeByThree) {
        static Plan of(INDArray x, int[] kernel, int[] strides, int[] pad, ConvolutionMode mode, int[] dilation,
                       CNN2DFormat format) {
            int[][] geo = geometry(x, kernel, strides, pad, mode, dilation, format);
            int h = (int) x.size(2);
            int w = (int) x.size(3);
            int oh = geo[0][0];
            int ow = geo[0][1];
            return new Plan((int) (x.size(0) * x.size(1)), h, w, oh, ow,
                    Windows.of(h, oh, kernel[0], strides[0], geo[1][0]), Windows.of(w, ow, kernel[1], strides[1], geo[1][1]),
                    threeByThreeSame(kernel, strides, geo, h, w));
        }

        int inputLength() {
            return planes * h * w;
        }

        int outputLength() {
            return planes * oh * ow;
        }

        /** Forward, 3x3 same-size window: box sums of in divided by each output's count. */
        void boxAverage(float[] in, float[] out, float[] rows, float[] count) {
            for (int p = 0; p < planes; p++) {
                box3(in, p * h * w, out, p * h * w, rows, h, w);
                int base = p * h * w;
                for (int i = 0; i < h * w; i++) {
                    out[base + i] /= count[i];
                }
            }
        }

        /**
         * Backward, 3x3 same-size window: the window is symmetric with stride 1, so input (r, c) gets the
         * gradient of the outputs whose windows cover it, which are the outputs in its own 3x3 neighbourhood,
         * and backward is the same box sum of the gradients divided by their counts (scaled: h x w scratch).
         */
        void boxSpread(float[] out, float[] in, float[] rows, float[] scaled, float[] count) {
            for (int p = 0; p < planes; p++) {
                int base = p * h * w;
                for (int i = 0; i < h * w; i++) {
                    scaled[i] = out[base + i] / count[i];
                }
                box3(scaled, 0, in, base, rows, h, w);
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
        Plan plan = Plan.of(x, kernel, strides, pad, mode, dilation, format);
        in = DenseFloats.read(x, in, plan.inputLength());
        out = DenseFloats.grow(out, plan.outputLength());
        rows = DenseFloats.grow(rows, plan.h() * plan.ow());
        if (plan.threeByThree()) {
            plan.boxAverage(in, out, rows, counts(plan.wr(), plan.wc()));
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
        Plan plan = Plan.of(x, kernel, strides, pad, mode, dilation, format);
        if (epsilon.size(2) != plan.oh() || epsilon.size(3) != plan.ow()) {
            return null;
        }
        out = DenseFloats.read(epsilon, out, plan.outputLength());
        in = DenseFloats.grow(in, plan.inputLength());
        rows = DenseFloats.grow(rows, plan.h() * plan.ow());
        if (plan.threeByThree()) {
            scaled = DenseFloats.grow(scaled, plan.h() * plan.w());
            plan.boxSpread(out, in, rows, scaled, counts(plan.wr(), plan.wc()));
        } else {
            plan.spread(out, in, rows);
        }
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        DenseFloats.write(dx, in, plan.inputLength());
        return new Pair<>(new DefaultGradient(), dx);
    }
}
