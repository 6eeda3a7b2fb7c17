package org.earlyrank.train;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Switches DL4J's native layer helpers on for a network: oneDNN on the CPU backend, cuDNN on CUDA.
 *
 * <p>Why this exists: in DL4J 1.0.0-M2.1 the helpers are silently off. The system property
 * {@code org.eclipse.deeplearning4j.helpers.disable} defaults to true, and even when it is false
 * {@code BaseMKLDNNHelper.mklDnnEnabled()} looks for {@code org.nd4j.nativeblas.Nd4jCpu$Environment},
 * a class M2.1 ships under another package, so the check fails and every convolution runs DL4J's Java
 * im2col path (about 7x slower here; ../shared/STACK.md). This class sets the layers' {@code helper}
 * fields after {@code init()}, which is what the helper factory would have done. A layer falls back to
 * the Java path on its own when a helper call throws; {@link #status} counts those fallbacks so tests
 * and benchmarks can check the fast path is really taken.
 *
 * <p>What each layer type gets (measured per type, the faster kept; BENCHMARKS.md, "Training speed"):
 * <ul>
 * <li>CPU backend (the {@code onednn-avx2} build): convolutions get {@link DirectOneDnnConvHelper}, which calls
 * oneDNN itself with primitives built once per layer and shape (bit for bit DL4J's {@code MKLDNNConvHelper},
 * which runs libnd4j's {@code conv2d} and {@code conv2d_bp} ops and stays the fallback when JavaCPP's dnnl
 * library cannot load); max pooling gets DL4J's oneDNN helper ({@code MKLDNNSubsamplingHelper}, libnd4j's
 * {@code maxpool2d}); batch norm and average pooling get EarlyRank's Java-loop helpers {@link JavaBatchNormHelper}
 * and {@link JavaAvgPoolHelper}, faster here than libnd4j's oneDNN ops on these small plain-layout arrays. (oneDNN's
 * own batch norm called directly was measured and not kept: in its blocked layout its float statistics cost the
 * precision the Java loops have, and in the plain layout it was as precise but no faster in a training step;
 * BENCHMARKS.md, issue 19, round 6.)</li>
 * <li>CUDA backend: DL4J's oneDNN helper classes for all three types. They contain no oneDNN code: they execute the same
 * libnd4j ops, and the {@code linux-x86_64-cudnn} build of libnd4j has cuDNN implementations of exactly
 * those ops ({@code conv2d}, {@code conv2d_bp}, {@code batchnorm}, {@code batchnorm_bp}, {@code avgpool2d},
 * {@code maxpool2d} and their backward ops), which libnd4j picks when they accept the arguments. Without
 * the helpers DL4J M2.1 runs convolutions as im2col plus cuBLAS and batch norm as many small kernels,
 * because its own cuDNN helper module was never published for M2.1. docs/cluster.md says what is verified
 * and {@code bin/check-fast-path --cuda} confirms it on a GPU node.</li>
 * </ul>
 * On the CPU backend it also installs {@link ShapeInfoCache} (ND4J's shape-information cache, which M2.1
 * bypasses for every array it creates). On any other backend nothing is attached. The class keeps its name (from when it attached oneDNN only)
 * because train-final's worker hook and the tables refer to it.
 */
public final class OneDnnHelpers {
    private OneDnnHelpers() {
    }

    /** Layers with a helper attached and layers whose helper has failed at least once. */
    public record Status(int eligible, int attached, int fallbacks) {
        public boolean fastPath() {
            return eligible == attached && fallbacks == 0;
        }
    }

    /** True when ND4J runs on the CPU backend. */
    public static boolean cpuBackend() {
        return "CPU".equalsIgnoreCase(backend());
    }

    /** True when ND4J runs on the CUDA backend. */
    public static boolean cudaBackend() {
        return "CUDA".equalsIgnoreCase(backend());
    }

    private static String backend() {
        return Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
    }

    /**
     * Attaches helpers to every convolution, pooling and batch-norm layer that has none (and, on the CPU
     * backend, installs {@link ShapeInfoCache} for the JVM).
     *
     * @return how many layers are eligible and how many now have a helper
     */
    public static Status attach(ComputationGraph net) {
        boolean cpu = cpuBackend();
        if (!cpu && !cudaBackend()) {
            return status(net);
        }
        if (cpu) {
            ShapeInfoCache.install();
        }
        for (Layer l : net.getLayers()) {
            org.nd4j.linalg.api.buffer.DataType dt = net.getConfiguration().getDataType();
            if (l instanceof ConvolutionLayer) {
                boolean bias = ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) l.conf().getLayer()).hasBias();
                setIfNull(l, ConvolutionLayer.class, cpu && DirectOneDnnConvHelper.available()
                        ? new DirectOneDnnConvHelper(bias) : new MKLDNNConvHelper(dt));
            } else if (l instanceof SubsamplingLayer) {
                boolean avg = ((org.deeplearning4j.nn.conf.layers.SubsamplingLayer) l.conf().getLayer()).getPoolingType()
                        == org.deeplearning4j.nn.conf.layers.PoolingType.AVG;
                setIfNull(l, SubsamplingLayer.class, cpu && avg ? new JavaAvgPoolHelper() : new MKLDNNSubsamplingHelper(dt));
            } else if (l instanceof BatchNormalization) {
                setIfNull(l, BatchNormalization.class, cpu ? new JavaBatchNormHelper() : new MKLDNNBatchNormHelper(dt));
            }
        }
        return status(net);
    }

    /**
     * Frees the native objects EarlyRank's helpers keep for a network whose run is over (the direct oneDNN
     * convolutions' primitives and blocked-layout memories, which the garbage collector cannot size). The
     * network stays usable; its helpers rebuild what they need on the next call.
     */
    public static void release(ComputationGraph net) {
        for (Layer l : net.getLayers()) {
            if (l instanceof ConvolutionLayer && l.getHelper() instanceof DirectOneDnnConvHelper h) {
                h.release();
            }
        }
    }

    /** Counts eligible layers, attached helpers and helper failures (fallbacks to the Java path). */
    public static Status status(ComputationGraph net) {
        int eligible = 0;
        int attached = 0;
        int fallbacks = 0;
        for (Layer l : net.getLayers()) {
            Class<?> owner = l instanceof ConvolutionLayer ? ConvolutionLayer.class
                    : l instanceof SubsamplingLayer ? SubsamplingLayer.class
                    : l instanceof BatchNormalization ? BatchNormalization.class : null;
            if (owner == null) {
                continue;
            }
            eligible++;
            if (get(l, owner, "helper") != null) {
                attached++;
            }
            if ((Integer) get(l, owner, "helperCountFail") > 0) {
                fallbacks++;
            }
        }
        return new Status(eligible, attached, fallbacks);
    }

    /**
     * Replaces the helper of a convolution, pooling or batch-norm layer (null: DL4J's built-in path). For
     * benchmarks and tests that compare implementations layer type by layer type.
     */
    public static void setHelper(Layer layer, LayerHelper helper) {
        Class<?> owner = layer instanceof ConvolutionLayer ? ConvolutionLayer.class
                : layer instanceof SubsamplingLayer ? SubsamplingLayer.class
                : layer instanceof BatchNormalization ? BatchNormalization.class : null;
        if (owner == null) {
            throw new IllegalArgumentException(layer.getClass().getSimpleName() + " takes no helper");
        }
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            f.set(layer, helper);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot set the helper of " + owner.getSimpleName()
                    + " (DL4J version changed?)", e);
        }
    }

    private static void setIfNull(Object layer, Class<?> owner, Object helper) {
        try {
            Field f = owner.getDeclaredField("helper");
            f.setAccessible(true);
            if (f.get(layer) == null) {
                f.set(layer, helper);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot attach oneDNN helper to " + owner.getSimpleName()
                    + " (DL4J version changed?)", e);
        }
    }

    private static Object get(Object layer, Class<?> owner, String field) {
        try {
            Field f = owner.getDeclaredField(field);
            f.setAccessible(true);
            return f.get(layer);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
