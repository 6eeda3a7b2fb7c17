package org.earlyrank.train;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * ReLU whose backward pass is one loop over the arrays instead of libnd4j's {@code relu_bp}.
 *
 * <p>Why: in ND4J 1.0.0-M2.1, {@link ActivationReLU#backprop} allocates a result array and runs
 * {@code relu_bp}, which libnd4j evaluates through a {@code std::function} call per element; on EarlyRank's
 * small networks that was about 7% of a training step (BENCHMARKS.md, "Where the time goes"). The forward
 * pass is ActivationReLU's own (a SIMD transform). Same function: the gradient passes where the input is
 * positive and is zero elsewhere, bit for bit as relu_bp for every input that is not NaN. Arrays other than dense float, and every array on
 * a backend other than the CPU, go to ActivationReLU.
 */
public final class ReluActivation extends ActivationReLU {
    /** Scratch arrays reused across calls (a layer's activation runs on one thread). */
    private transient float[] x;
    private transient float[] g;

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        if (!Backend.CPU || !DenseFloats.dense(in) || !DenseFloats.dense(epsilon) || in.length() != epsilon.length()) {
            return super.backprop(in, epsilon);
        }
        int n = (int) in.length();
        x = DenseFloats.read(in, x, n);
        g = DenseFloats.read(epsilon, g, n);
        if (VectorSupport.ENABLED) {
            VectorLoops.reluGradient(x, g, n);
        } else {
            gradient(x, g, n);
        }
        // like ActivationReLU, the gradient is returned in the input array (the layer passes a copy)
        DenseFloats.write(in, g, n);
        return new Pair<>(in, null);
    }

    /** g[i] where x[i] > 0, else +0, in place: the scalar loop {@link VectorLoops#reluGradient} does 8 at a time. */
    static void gradient(float[] x, float[] g, int n) {
        for (int i = 0; i < n; i++) {
            // g if x > 0 else +0, without a branch (random signs defeat branch prediction: 8x slower): a float
            // is > 0 exactly when its bits, read as an int, are > 0 (-0.0 and negatives have the sign bit)
            int keep = Float.floatToRawIntBits(x[i]) > 0 ? -1 : 0;
            g[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & keep);
        }
    }

    /** Host-memory loops are for the CPU backend only; on CUDA the arrays live on the device. */
    private static final class Backend {
        static final boolean CPU = OneDnnHelpers.cpuBackend();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReluActivation && super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode() * 31 + 1;
    }

    @Override
    public String toString() {
        return "relu";
    }
}
