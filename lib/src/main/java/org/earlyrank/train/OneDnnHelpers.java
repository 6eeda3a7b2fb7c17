package org.earlyrank.train;

import java.lang.reflect.Field;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Switches DL4J's native oneDNN layer helpers on for a network.
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
 * <p>Only for ND4J's CPU backend built with oneDNN; on other backends nothing is attached.
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

    /** True when ND4J runs on the CPU backend (where the oneDNN helpers apply). */
    public static boolean cpuBackend() {
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        return "CPU".equalsIgnoreCase(backend);
    }

    /**
     * Attaches helpers to every convolution, pooling and batch-norm layer that has none.
     *
     * @return how many layers are eligible and how many now have a helper
     */
    public static Status attach(ComputationGraph net) {
        if (!cpuBackend()) {
            return status(net);
        }
        for (Layer l : net.getLayers()) {
            org.nd4j.linalg.api.buffer.DataType dt = net.getConfiguration().getDataType();
            if (l instanceof ConvolutionLayer) {
                setIfNull(l, ConvolutionLayer.class, new MKLDNNConvHelper(dt));
            } else if (l instanceof SubsamplingLayer) {
                setIfNull(l, SubsamplingLayer.class, new MKLDNNSubsamplingHelper(dt));
            } else if (l instanceof BatchNormalization) {
                setIfNull(l, BatchNormalization.class, new MKLDNNBatchNormHelper(dt));
            }
        }
        return status(net);
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
