package org.earlyrank.train;

import java.util.Map;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch normalisation of NCHW float activations in plain Java loops, as a DL4J layer helper (CPU backend).
 *
 * <p>Why: with DL4J 1.0.0-M2.1 on the oneDNN build, batch norm was the largest cost of a training step on
 * EarlyRank's small networks (about 40% of a step, more than the convolutions; BENCHMARKS.md, "Where the
 * time goes"). DL4J's oneDNN helper computes the batch variance with ND4J's summary-statistics op over
 * non-contiguous axes, and libnd4j's oneDNN {@code batchnorm_bp} runs oneDNN with global statistics and
 * then adds the terms through the batch mean and variance with about ten more whole-array ND4J operations.
 * Here the forward pass is two reading passes (mean, then the centred second moment) and one writing pass;
 * the backward pass is one reading pass (per-channel sums of dy and dy * x-hat) and one writing pass, the
 * textbook closed form of the training-mode gradient (Ioffe and Szegedy 2015, Section 3, the chain rule
 * through the batch statistics): dx = gamma / sigma * (dy - mean(dy) - x-hat * mean(dy * x-hat)).
 *
 * <p>Same function as DL4J's built-in layer and its oneDNN helper: biased batch variance, gamma and beta
 * per channel, the batch statistics cached for the layer's running-mean update. Sums run in float
 * within each H x W block and in double across blocks; results agree with the other implementations to
 * float rounding, not bit for bit (closer to a double-precision reference than DL4J's float batch norm:
 * SpeedSettingsKeepNumericsTest). Anything
 * other than a rank-4 NCHW float array (or the locked gamma/beta variant) is declined, and DL4J then uses its
 * built-in path.
 */
public final class JavaBatchNormHelper implements BatchNormalizationHelper, PerCallHelper {
    /** Whether the loops run on the Vector API ({@link VectorLoops}; the same results bit for bit). */
    private final boolean vectors;
    private INDArray meanCache;
    private INDArray varCache;
    /** The last training forward pass's batch statistics, for the backward pass that follows it. */
    private float[] lastMean;
    private float[] lastVar;
    /** Scratch arrays reused across calls: input, output or gradient, and the upstream gradient. */
    private float[] a = new float[0];
    private float[] b = new float[0];
    private float[] c = new float[0];

    /** The helper NetworkBuilder's networks get: the vector loops where {@link VectorSupport} says they run. */
    public JavaBatchNormHelper() {
        this(VectorSupport.ENABLED);
    }

    /** With {@code vectors}, the Vector API loops, which need the module in the JVM (tests force them here). */
    JavaBatchNormHelper(boolean vectors) {
        this.vectors = vectors;
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    private static boolean usable(INDArray x, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW && x.length() <= Integer.MAX_VALUE;
    }

    /**
     * One call's NCHW sizes (n examples of ch channels, each channel of an example a contiguous block of hw
     * values, at (i * ch + k) * hw) and the per-channel loops over those blocks that the forward and backward
     * passes run, as scalar loops or, with {@code vectors}, through {@link VectorLoops} (bit for bit the same).
     */
    private record Nchw(int n, int ch, int hw, boolean vectors) {
        static Nchw of(INDArray x, boolean vectors) {
            return new Nchw((int) x.size(0), (int) x.size(1), (int) (x.size(2) * x.size(3)), vectors);
        }

        int len() {
            return n * ch * hw;
        }

        /**
         * Per-channel mean and biased variance: two passes, each contiguous H x W block summed in float with
         * four interleaved accumulators (so the CPU overlaps the additions), the block sums added up in double.
         * Two examples' blocks are summed at once (eight accumulator chains: 1.1-1.4x faster than one block
         * at a time, bench/BatchNormSums.java); each block's sum and the order of the double additions are
         * unchanged. With vectors, four examples' blocks at a time, the rest as above.
         */
        void statistics(float[] x, float[] mu, float[] sigma2) {
            double count = (double) n * hw;
            float[] pair = new float[2];
            float[] four = new float[4];
            for (int k = 0; k < ch; k++) {
                float m = (float) (channelSum(x, k, false, 0f, pair, four) / count);
                mu[k] = m;
                sigma2[k] = (float) (channelSum(x, k, true, m, pair, four) / count);
            }
        }

        /**
         * Channel k's sum of x (squares false) or of (x - m)^2 (squares true): each block summed in float, the block
         * sums added in double in block order; four blocks at a time with vectors, then two at a time (an odd
         * batch's last block summed as both blocks and counted once).
         */
        private double channelSum(float[] x, int k, boolean squares, float m, float[] pair, float[] four) {
            int next = ch * hw;
            int byFour = vectors ? n / 4 * 4 : 0;
            double s = 0;
            for (int i = 0; i < byFour; i += 4) {
                int f = (i * ch + k) * hw;
                if (squares) {
                    VectorLoops.blockSquares4(x, f, next, hw, m, four);
                } else {
                    VectorLoops.blockSums4(x, f, next, hw, four);
                }
                s += four[0];
                s += four[1];
                s += four[2];
                s += four[3];
            }
            for (int i = byFour; i < n; i += 2) {
                int f = (i * ch + k) * hw;
                boolean two = i + 1 < n;
                int g = two ? f + next : f;
                if (squares) {
                    blockSquares(x, f, g, hw, m, pair);
                } else {
                    blockSums(x, f, g, hw, pair);
                }
                s += pair[0];
                if (two) {
                    s += pair[1];
                }
            }
            return s;
        }

        /** b = gamma * (a - mean) / sqrt(var + eps) + beta, channel by channel. */
        void normalize(float[] a, float[] b, float[] mu, float[] sigma2, float[] g, float[] bt, double eps) {
            for (int k = 0; k < ch; k++) {
                // (x - mean) first, as oneDNN does: folding the mean into an offset loses digits when |mean| >> sigma
                float scale = (float) (g[k] / Math.sqrt(sigma2[k] + eps));
                float m = mu[k];
                float shift = bt[k];
                for (int i = 0; i < n; i++) {
                    int from = (i * ch + k) * hw;
                    if (vectors) {
                        VectorLoops.normalize(a, b, from, hw, m, scale, shift);
                        continue;
                    }
                    for (int j = from; j < from + hw; j++) {
                        b[j] = (a[j] - m) * scale + shift;
                    }
                }
            }
        }

        /**
         * The training-mode gradient for input a and upstream gradient c: dx into b, and the gradients of gamma
         * and beta per channel. The sums of dy and of dy * (x - mean) share one reading pass (1.3-1.7x faster
         * than a pass each: eight independent accumulator chains keep the CPU busier than four), each block
         * summed with four interleaved accumulators per sum, as {@link #blockSums} does. With vectors, two
         * examples' blocks at a time (the same sums, added in the same order).
         */
        void gradient(float[] a, float[] c, float[] b, float[] mu, float[] sigma2, float[] g, double eps,
                      float[] dGamma, float[] dBeta) {
            double count = (double) n * hw;
            float[] sums = new float[4];
            int next = ch * hw;
            int byTwo = vectors ? n / 2 * 2 : 0;
            for (int k = 0; k < ch; k++) {
                double inv = 1.0 / Math.sqrt(sigma2[k] + eps);
                float m = mu[k];
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int i = 0; i < byTwo; i += 2) {
                    VectorLoops.gradientSums2(c, a, (i * ch + k) * hw, next, hw, m, sums);
                    sumDy += sums[0];
                    sumDyXhat += sums[1];
                    sumDy += sums[2];
                    sumDyXhat += sums[3];
                }
                for (int i = byTwo; i < n; i++) {
                    int j = (i * ch + k) * hw;
                    int end = j + hw;
                    float s0 = 0f;
                    float s1 = 0f;
                    float s2 = 0f;
                    float s3 = 0f;
                    float d0 = 0f;
                    float d1 = 0f;
                    float d2 = 0f;
                    float d3 = 0f;
                    for (; j + 3 < end; j += 4) {
                        s0 += c[j];
                        s1 += c[j + 1];
                        s2 += c[j + 2];
                        s3 += c[j + 3];
                        d0 += c[j] * (a[j] - m);
                        d1 += c[j + 1] * (a[j + 1] - m);
                        d2 += c[j + 2] * (a[j + 2] - m);
                        d3 += c[j + 3] * (a[j + 3] - m);
                    }
                    for (; j < end; j++) {
                        s0 += c[j];
                        d0 += c[j] * (a[j] - m);
                    }
                    sumDy += (s0 + s1) + (s2 + s3);
                    sumDyXhat += (d0 + d1) + (d2 + d3);
                }
                sumDyXhat *= inv;
                dGamma[k] = (float) sumDyXhat;
                dBeta[k] = (float) sumDy;
                // dx = gamma * inv * (dy - sumDy / count - xhat * sumDyXhat / count), with xhat = (x - m) * inv
                float p = (float) (g[k] * inv);
                float q = (float) (sumDy / count);
                float r = (float) (sumDyXhat / count * inv);
                for (int i = 0; i < n; i++) {
                    int from = (i * ch + k) * hw;
                    if (vectors) {
                        VectorLoops.gradient(a, c, b, from, hw, m, p, q, r);
                        continue;
                    }
                    for (int j = from; j < from + hw; j++) {
                        b[j] = p * (c[j] - q - (a[j] - m) * r);
                    }
                }
            }
        }
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, format)) {
            return null;
        }
        Nchw nchw = Nchw.of(x, vectors);
        int ch = nchw.ch();
        a = DenseFloats.read(x, a, nchw.len());
        float[] g = vector(gamma, ch);
        float[] bt = vector(beta, ch);
        float[] mu;
        float[] sigma2;
        if (training) {
            mu = new float[ch];
            sigma2 = new float[ch];
            nchw.statistics(a, mu, sigma2);
            cacheStatistics(mu, sigma2);
            lastMean = mu;
            lastVar = sigma2;
        } else {
            mu = vector(mean, ch);
            sigma2 = vector(var, ch);
        }
        b = DenseFloats.grow(b, nchw.len());
        nchw.normalize(a, b, mu, sigma2, g, bt, eps);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        DenseFloats.write(out, b, nchw.len());
        return out;
    }

    /**
     * The sums of two blocks of {@code len} values, from f into out[0] and from g into out[1], each with four
     * interleaved accumulators (so the CPU overlaps the additions; two blocks make eight independent chains).
     */
    static void blockSums(float[] x, int f, int g, int len, float[] out) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += x[f + j];
            s1 += x[f + j + 1];
            s2 += x[f + j + 2];
            s3 += x[f + j + 3];
            t0 += x[g + j];
            t1 += x[g + j + 1];
            t2 += x[g + j + 2];
            t3 += x[g + j + 3];
        }
        for (; j < len; j++) {
            s0 += x[f + j];
            t0 += x[g + j];
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    /** The sums of (x - m)^2 over two blocks, as {@link #blockSums}. */
    static void blockSquares(float[] x, int f, int g, int len, float m, float[] out) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        float t0 = 0f;
        float t1 = 0f;
        float t2 = 0f;
        float t3 = 0f;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            float d0 = x[f + j] - m;
            float d1 = x[f + j + 1] - m;
            float d2 = x[f + j + 2] - m;
            float d3 = x[f + j + 3] - m;
            float e0 = x[g + j] - m;
            float e1 = x[g + j + 1] - m;
            float e2 = x[g + j + 2] - m;
            float e3 = x[g + j + 3] - m;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            t0 += e0 * e0;
            t1 += e1 * e1;
            t2 += e2 * e2;
            t3 += e3 * e3;
        }
        for (; j < len; j++) {
            float d = x[f + j] - m;
            float e = x[g + j] - m;
            s0 += d * d;
            t0 += e * e;
        }
        out[0] = (s0 + s1) + (s2 + s3);
        out[1] = (t0 + t1) + (t2 + t3);
    }

    private void cacheStatistics(float[] mu, float[] sigma2) {
        if (meanCache == null || meanCache.length() != mu.length) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.createUninitialized(DataType.FLOAT, mu.length);
                varCache = Nd4j.createUninitialized(DataType.FLOAT, mu.length);
            }
        }
        DenseFloats.write(meanCache, mu, mu.length);
        DenseFloats.write(varCache, sigma2, sigma2.length);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, format) || !usable(epsilon, format) || meanCache == null) {
            return null;
        }
        Nchw nchw = Nchw.of(x, vectors);
        int ch = nchw.ch();
        a = DenseFloats.read(x, a, nchw.len());
        c = DenseFloats.read(epsilon, c, nchw.len());
        float[] g = vector(gamma, ch);
        float[] mu = lastMean != null && lastMean.length == ch ? lastMean : vector(meanCache, ch);
        float[] sigma2 = lastVar != null && lastVar.length == ch ? lastVar : vector(varCache, ch);
        float[] dGamma = new float[ch];
        float[] dBeta = new float[ch];
        b = DenseFloats.grow(b, nchw.len());
        nchw.gradient(a, c, b, mu, sigma2, g, eps, dGamma, dBeta);
        writeVector(dGammaView, dGamma);
        writeVector(dBetaView, dBeta);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        DenseFloats.write(dx, b, nchw.len());
        Gradient grad = new DefaultGradient();
        grad.gradientForVariable().put(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        grad.gradientForVariable().put(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(grad, dx);
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of("scratch", 4L * (a.length + b.length + c.length));
    }

    /** A per-channel parameter (any shape holding {@code ch} values) as a heap array. */
    private static float[] vector(INDArray v, int ch) {
        if (v.length() != ch) {
            throw new IllegalStateException("expected " + ch + " per-channel values, got " + v.length());
        }
        return DenseFloats.read(v, null, ch);
    }

    private static void writeVector(INDArray view, float[] values) {
        if (DenseFloats.dense(view)) {
            DenseFloats.write(view, values, values.length);
        } else {
            view.assign(Nd4j.createFromArray(values).reshape(view.shape()));
        }
    }
}
