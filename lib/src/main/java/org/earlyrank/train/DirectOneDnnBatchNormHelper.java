package org.earlyrank.train;

import java.util.LinkedHashMap;
import java.util.Map;

import org.bytedeco.dnnl.IntMemoryMap;
import org.bytedeco.dnnl.batch_normalization_backward;
import org.bytedeco.dnnl.batch_normalization_forward;
import org.bytedeco.dnnl.engine;
import org.bytedeco.dnnl.global.dnnl;
import org.bytedeco.dnnl.memory;
import org.bytedeco.dnnl.primitive;
import org.bytedeco.dnnl.stream;
import org.bytedeco.javacpp.Pointer;
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
 * Batch normalisation of NCHW float activations through oneDNN directly (JavaCPP's {@code dnnl} preset), on the
 * plain layout, with each layer's primitives built once per input shape; a DL4J layer helper for the CPU backend.
 *
 * <p>Why: after the convolutions went direct ({@link DirectOneDnnConvHelper}), batch norm in EarlyRank's Java
 * loops ({@link JavaBatchNormHelper}) was the next largest cost of a training step (about 15 % on the slowest
 * architectures). oneDNN runs a training-mode forward and backward pass on these shapes 1.7-2.1x faster than
 * the Java loops, with no copy in or out of the JVM's heap (BENCHMARKS.md, issue 19, round 6). Its blocked
 * layout ({@code bnorm_jit:avx2}) was faster still, 4-5x, but accumulates the batch statistics in float: gradients
 * 2e-5 to 9e-5 from a double-precision reference and ReLUs flipped in 4 of 9 checked batches. On the plain
 * layout ({@code ncsp_bnorm}) oneDNN's gradients are as close to that reference as the Java loops' (2e-6 to 6e-6,
 * no flips), so this helper stays on the plain layout. DL4J's own oneDNN helper was slower than the Java loops
 * because libnd4j's {@code batchnorm_bp} adds the batch-statistics terms with about ten more whole-array ND4J
 * operations; here oneDNN's training-mode backward computes them itself.
 *
 * <p>The function is the one DL4J's layer, its oneDNN helper and the Java loops compute (Ioffe and Szegedy
 * 2015, Algorithm 1 and Section 3): biased batch variance, gamma and beta per channel, the batch statistics
 * kept for DL4J's running-mean update, global statistics at inference. oneDNN sums in another order than the
 * Java loops, so results agree with them to float rounding, not bit for bit; both are compared with a
 * double-precision reference in SpeedSettingsKeepNumericsTest and DirectOneDnnBatchNormHelperTest. Anything
 * but a rank-4 NCHW float array (or the locked gamma/beta variant) is declined, and DL4J then uses its
 * built-in path. Plans are freed by {@link #release} when a run ends.
 */
public final class DirectOneDnnBatchNormHelper implements BatchNormalizationHelper, PerCallHelper {
    private final Map<Key, Plan> plans = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Plan> eldest) {
            if (size() > DirectOneDnnConvHelper.MAX_PLANS) {
                eldest.getValue().natives.close();
                return true;
            }
            return false;
        }
    };
    private stream stream;
    /**
     * The last training forward pass's batch statistics (outside any workspace), as oneDNN wrote them: the
     * backward pass uses these. DL4J gets copies ({@code meanCache}, {@code varCache}) because its layer adds
     * eps to the variance cache in place for its running-variance update.
     */
    private INDArray batchMean;
    private INDArray batchVar;
    private INDArray meanCache;
    private INDArray varCache;

    /** True when JavaCPP's dnnl preset loads here. */
    public static boolean available() {
        return OneDnn.available();
    }

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta && available();
    }

    private static boolean usable(INDArray x, CNN2DFormat format) {
        return x.dataType() == DataType.FLOAT && x.rank() == 4 && format == CNN2DFormat.NCHW;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta, INDArray mean,
                              INDArray var, double decay, double eps, CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, format)) {
            return null;
        }
        Plan p = plan(x, eps);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        if (training) {
            statisticsFor(p.channels);
            p.forwardTraining(stream, OneDnn.plain(x), OneDnn.plain(gamma), OneDnn.plain(beta), batchMean, batchVar, out);
            meanCache.assign(batchMean);
            varCache.assign(batchVar);
        } else {
            p.forwardInference(stream, OneDnn.plain(x), OneDnn.plain(gamma), OneDnn.plain(beta), floats(mean), floats(var), out);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray x, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView, double eps,
                                                     CNN2DFormat format, LayerWorkspaceMgr mgr) {
        if (!usable(x, format) || !usable(epsilon, format) || batchMean == null || batchMean.length() != x.size(1)) {
            return null;
        }
        Plan p = plan(x, eps);
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, x.shape(), 'c');
        INDArray dGamma = OneDnn.contiguous(dGammaView) ? dGammaView : Nd4j.createUninitialized(DataType.FLOAT, dGammaView.shape(), 'c');
        INDArray dBeta = OneDnn.contiguous(dBetaView) ? dBetaView : Nd4j.createUninitialized(DataType.FLOAT, dBetaView.shape(), 'c');
        p.backward(stream, OneDnn.plain(x), OneDnn.plain(epsilon), OneDnn.plain(gamma), OneDnn.plain(beta), batchMean,
                batchVar, dx, dGamma, dBeta);
        if (dGamma != dGammaView) {
            dGammaView.assign(dGamma);
        }
        if (dBeta != dBetaView) {
            dBetaView.assign(dBeta);
        }
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

    /** Frees every plan's native objects now; the helper stays usable (as DirectOneDnnConvHelper#release). */
    public void release() {
        for (Plan p : plans.values()) {
            p.natives.close();
        }
        plans.clear();
    }

    /** How many input shapes this layer has primitives for. */
    int planCount() {
        return plans.size();
    }

    private Plan plan(INDArray x, double eps) {
        if (stream == null) {
            stream = new stream(OneDnn.engine());
        }
        return plans.computeIfAbsent(new Key(x.size(0), x.size(1), x.size(2), x.size(3), (float) eps), Plan::new);
    }

    private void statisticsFor(long channels) {
        if (batchMean == null || batchMean.length() != channels) {
            try (MemoryWorkspace ws = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                batchMean = Nd4j.create(DataType.FLOAT, channels);
                batchVar = Nd4j.create(DataType.FLOAT, channels);
                meanCache = Nd4j.create(DataType.FLOAT, channels);
                varCache = Nd4j.create(DataType.FLOAT, channels);
            }
        }
    }

    /** A per-channel array as contiguous floats (DL4J may hand the running statistics in another type). */
    private static INDArray floats(INDArray v) {
        return OneDnn.plain(v.dataType() == DataType.FLOAT ? v : v.castTo(DataType.FLOAT));
    }

    private record Key(long n, long channels, long h, long w, float eps) {
    }

    /**
     * A layer's oneDNN objects for one input shape: training and inference forward primitives, the backward
     * primitive, and the memories (data, scale, shift, mean, variance and their gradients) pointed at the call's
     * arrays.
     */
    private static final class Plan {
        final OneDnn.Natives natives = new OneDnn.Natives();
        final long channels;
        private final primitive forwardTraining;
        private final primitive forwardInference;
        private final primitive backward;
        private final memory src;
        private final memory dst;
        private final memory diffDst;
        private final memory diffSrc;
        private final memory scale;
        private final memory shift;
        private final memory mean;
        private final memory variance;
        private final memory diffScale;
        private final memory diffShift;
        private final IntMemoryMap trainingArgs;
        private final IntMemoryMap inferenceArgs;
        private final IntMemoryMap backwardArgs;

        Plan(Key k) {
            channels = k.channels();
            engine e = OneDnn.engine();
            OneDnn.Natives n = natives;
            long[] dims = {k.n(), k.channels(), k.h(), k.w()};
            memory.data_type f32 = memory.data_type.f32;
            memory.desc plain = n.own(new memory.desc(dims, f32, memory.format_tag.nchw));
            memory.desc perChannel = n.own(new memory.desc(new long[]{k.channels()}, f32, memory.format_tag.x));
            int scaleShift = dnnl.normalization_flags.use_scale.value | dnnl.normalization_flags.use_shift.value;
            var training = n.own(new batch_normalization_forward.primitive_desc(n.own(new batch_normalization_forward.desc(
                    dnnl.prop_kind.forward_training.value, plain, k.eps(), scaleShift)), e));
            var inference = n.own(new batch_normalization_forward.primitive_desc(n.own(new batch_normalization_forward.desc(
                    dnnl.prop_kind.forward_inference.value, plain, k.eps(),
                    scaleShift | dnnl.normalization_flags.use_global_stats.value)), e));
            var back = n.own(new batch_normalization_backward.primitive_desc(n.own(new batch_normalization_backward.desc(
                    dnnl.prop_kind.backward.value, plain, plain, k.eps(), scaleShift)), e, training));
            forwardTraining = n.own(new batch_normalization_forward(training));
            forwardInference = n.own(new batch_normalization_forward(inference));
            backward = n.own(new batch_normalization_backward(back));
            src = n.own(new memory(plain, e, (Pointer) null));
            dst = n.own(new memory(plain, e, (Pointer) null));
            diffDst = n.own(new memory(plain, e, (Pointer) null));
            diffSrc = n.own(new memory(plain, e, (Pointer) null));
            scale = n.own(new memory(perChannel, e, (Pointer) null));
            shift = n.own(new memory(perChannel, e, (Pointer) null));
            mean = n.own(new memory(perChannel, e, (Pointer) null));
            variance = n.own(new memory(perChannel, e, (Pointer) null));
            diffScale = n.own(new memory(perChannel, e, (Pointer) null));
            diffShift = n.own(new memory(perChannel, e, (Pointer) null));
            trainingArgs = n.own(new IntMemoryMap());
            inferenceArgs = n.own(new IntMemoryMap());
            backwardArgs = n.own(new IntMemoryMap());
            for (IntMemoryMap m : new IntMemoryMap[]{trainingArgs, inferenceArgs}) {
                m.put(dnnl.DNNL_ARG_SRC, src);
                m.put(dnnl.DNNL_ARG_DST, dst);
                m.put(dnnl.DNNL_ARG_SCALE, scale);
                m.put(dnnl.DNNL_ARG_SHIFT, shift);
                m.put(dnnl.DNNL_ARG_MEAN, mean);
                m.put(dnnl.DNNL_ARG_VARIANCE, variance);
            }
            backwardArgs.put(dnnl.DNNL_ARG_SRC, src);
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_DST, diffDst);
            backwardArgs.put(dnnl.DNNL_ARG_SCALE, scale);
            backwardArgs.put(dnnl.DNNL_ARG_SHIFT, shift);
            backwardArgs.put(dnnl.DNNL_ARG_MEAN, mean);
            backwardArgs.put(dnnl.DNNL_ARG_VARIANCE, variance);
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SRC, diffSrc);
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SCALE, diffScale);
            backwardArgs.put(dnnl.DNNL_ARG_DIFF_SHIFT, diffShift);
        }

        private void bindChannels(INDArray gamma, INDArray beta, INDArray mu, INDArray sigma2) {
            scale.set_data_handle(OneDnn.address(gamma));
            shift.set_data_handle(OneDnn.address(beta));
            mean.set_data_handle(OneDnn.address(mu));
            variance.set_data_handle(OneDnn.address(sigma2));
        }

        /** Normalises with the batch's statistics, which it writes into {@code mu} and {@code sigma2}. */
        void forwardTraining(stream s, INDArray x, INDArray gamma, INDArray beta, INDArray mu, INDArray sigma2, INDArray out) {
            run(s, forwardTraining, trainingArgs, x, gamma, beta, mu, sigma2, out);
        }

        /** Normalises with the given (running) statistics. */
        void forwardInference(stream s, INDArray x, INDArray gamma, INDArray beta, INDArray mu, INDArray sigma2, INDArray out) {
            run(s, forwardInference, inferenceArgs, x, gamma, beta, mu, sigma2, out);
        }

        private void run(stream s, primitive p, IntMemoryMap args, INDArray x, INDArray gamma, INDArray beta,
                         INDArray mu, INDArray sigma2, INDArray out) {
            bindChannels(gamma, beta, mu, sigma2);
            src.set_data_handle(OneDnn.address(x));
            dst.set_data_handle(OneDnn.address(out));
            p.execute(s, args);
        }

        void backward(stream s, INDArray x, INDArray dy, INDArray gamma, INDArray beta, INDArray mu, INDArray sigma2,
                      INDArray dx, INDArray dGamma, INDArray dBeta) {
            bindChannels(gamma, beta, mu, sigma2);
            src.set_data_handle(OneDnn.address(x));
            diffDst.set_data_handle(OneDnn.address(dy));
            diffSrc.set_data_handle(OneDnn.address(dx));
            diffScale.set_data_handle(OneDnn.address(dGamma));
            diffShift.set_data_handle(OneDnn.address(dBeta));
            backward.execute(s, backwardArgs);
        }
    }
}
