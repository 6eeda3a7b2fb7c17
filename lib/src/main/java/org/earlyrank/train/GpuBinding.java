package org.earlyrank.train;

import java.util.Map;
import java.util.Optional;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds a training task to the GPU Spark assigned it (Spark resource scheduling:
 * {@code spark.task.resource.gpu.amount=1}), before ND4J allocates anything on a device in this thread.
 * On the CPU backend, or without an assignment, nothing happens.
 */
public final class GpuBinding {
    public static final String RESOURCE = "gpu";
    private static final String CUDA_BACKEND = "org.nd4j.linalg.jcublas.JCublasBackend";

    private GpuBinding() {
    }

    /**
     * The device index to use, from a task's resources: the first address of the {@code gpu} resource.
     *
     * @throws IllegalStateException when an address is not a device index
     */
    public static Optional<Integer> chooseDevice(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources == null ? null : resources.get(RESOURCE);
        if (gpu == null || gpu.addresses().length == 0) {
            return Optional.empty();
        }
        String addr = gpu.addresses()[0].trim();
        try {
            return Optional.of(Integer.parseInt(addr));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("Spark assigned GPU address '" + addr + "', which is not a device index; "
                    + "the discovery script (conf/gpu-discovery.sh) must report CUDA device ordinals", e);
        }
    }

    /** True when the CUDA backend is on the classpath (without initialising ND4J). */
    public static boolean cudaBackendPresent() {
        try {
            Class.forName(CUDA_BACKEND, false, GpuBinding.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * Binds the current thread to the task's GPU when running on the CUDA backend inside a Spark task.
     *
     * @return the device bound, if any
     */
    public static Optional<Integer> bindCurrentTask() {
        TaskContext tc = TaskContext.get();
        if (tc == null || !cudaBackendPresent()) {
            return Optional.empty();
        }
        Optional<Integer> dev = chooseDevice(scala.collection.JavaConverters.mapAsJavaMap(tc.resources()));
        dev.ifPresent(d -> Nd4j.getAffinityManager().unsafeSetDevice(d));
        return dev;
    }
}
