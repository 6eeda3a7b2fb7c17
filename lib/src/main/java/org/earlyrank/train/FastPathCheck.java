package org.earlyrank.train;

import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.space.RunSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * Trains a few minibatches of an nb201 network that has every layer type of the search space (3x3 and 1x1
 * convolutions, batch norm, 3x3 and 2x2 average pooling, ReLU, sums) with EarlyRank's layer helpers
 * attached, and says which implementation each layer type used and whether any helper fell back to DL4J's
 * built-in path. {@code bin/check-fast-path} runs it with the native libraries' own logging switched on
 * (oneDNN's {@code DNNL_VERBOSE} on CPU, cuDNN's API log on CUDA) and counts the kernels they report
 * between the two marker lines this prints, which no Java-side check can see.
 *
 * <p>Then it checks the Java loops: that they run on the Vector API ({@link VectorSupport}) and give the scalar
 * loops' results bit for bit once C2 has compiled them ({@link VectorLoopsCheck}).
 *
 * <p>Exit status: 0 when every eligible layer has a helper, none fell back and the Java loops run vectorised
 * and equal; 1 otherwise.
 */
public final class FastPathCheck {
    public static final String BEGIN = "== fast-path check: training begins ==";
    public static final String END = "== fast-path check: training ends ==";
    static final String ARCH = "|conv_3x3~0|+|avg_pool_3x3~0|conv_1x1~1|+|skip_connect~0|none~1|conv_3x3~2|";

    private FastPathCheck() {
    }

    /** What the check found. */
    public record Result(String backend, OneDnnHelpers.Status status, Map<String, String> helpers, double finalLoss) {
    }

    /** Builds the network, attaches the helpers, trains {@code steps} minibatches of 32 random images. */
    public static Result run(int steps) {
        RunSpec s = new RunSpec("fast-path-check", ARCH, "nb201", 1, 1, 8, 14, 1, 32, 0.05, 0.9, 5e-4, "linear", 1.0);
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, new InputShape(1, 14, 14, 10),
                new FixedSchedule(0.05)));
        net.init();
        OneDnnHelpers.attach(net);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        System.out.println(BEGIN);
        System.out.flush();
        for (int i = 0; i < steps; i++) {
            net.fit(new DataSet(x, y));
        }
        net.output(x);
        System.out.flush();
        System.out.println(END);
        System.out.flush();
        Map<String, String> helpers = new TreeMap<>();
        for (Layer l : net.getLayers()) {
            Object h = l.getHelper();
            helpers.merge(l.getClass().getSimpleName(), h == null ? "DL4J built-in" : h.getClass().getSimpleName(),
                    (a, b) -> a.equals(b) ? a : a + ", " + b);
        }
        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        return new Result(backend, OneDnnHelpers.status(net), helpers, net.score());
    }

    public static void main(String[] args) {
        Result r = run(3);
        System.out.println("ND4J backend: " + r.backend());
        r.helpers().forEach((layer, helper) -> System.out.println("  " + layer + ": " + helper));
        System.out.println("helpers: " + r.status().attached() + " of " + r.status().eligible()
                + " eligible layers, " + r.status().fallbacks() + " fell back to DL4J's built-in path");
        System.out.println("loss after 3 minibatches: " + r.finalLoss());
        boolean loops = javaLoops();
        System.out.println("Java-side fast path: " + (r.status().fastPath() && loops ? "yes" : "NO"));
        System.exit(r.status().fastPath() && loops ? 0 : 1);
    }

    /**
     * Says what the Java loops of batch norm, ReLU's gradient and average pooling run on and, on the Vector API,
     * that its C2-compiled loops give the scalar loops' results bit for bit ({@link VectorLoopsCheck}); true
     * when they run vectorised and equal.
     */
    private static boolean javaLoops() {
        if (!OneDnnHelpers.cpuBackend()) {
            System.out.println("Java loops: not used on this backend (its layers run native kernels)");
            return true;
        }
        System.out.println("Java loops (batch norm, ReLU's gradient, average pooling): " + VectorSupport.describe());
        if (!VectorSupport.ENABLED) {
            return false;
        }
        boolean equal = true;
        for (VectorLoopsCheck.Pass p : VectorLoopsCheck.run(200)) {
            System.out.printf("  %s: %s, %.2fx the scalar loops' speed%n", p.name(),
                    p.equal() ? "equal to the scalar loops bit for bit" : "DIFFERENT from the scalar loops", p.speedup());
            equal &= p.equal();
        }
        return equal;
    }
}
