package org.earlyrank.train;

import java.lang.management.ManagementFactory;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * Whether this JVM runs EarlyRank's Java loops (batch norm, ReLU's gradient, average pooling) on the incubating
 * Vector API ({@link VectorLoops}) or as the plain scalar loops. Both give the same results bit for bit; the
 * vector loops are faster only where C2 compiles them on a CPU with 256-bit vectors.
 *
 * <p>They run when all of these hold, else the scalar loops do and {@link #describe()} says why:
 * <ul>
 * <li>the JVM was started with {@code --add-modules=jdk.incubator.vector} (conf/java17-flags.txt, which bin/, the
 * Spark executors and the tests use, has it; the JVM then prints a one-line warning about incubator modules);
 * <li>{@code -Dearlyrank.vector=false} is not set (the switch to measure the lever, or to rule it out);
 * <li>the JVM has its C2 compiler: without it (for example {@code -XX:TieredStopAtLevel=1}, the test suite's
 * setting) every vector operation is an object on the heap, many times slower than a scalar loop;
 * <li>the CPU has 256-bit vectors (AVX2), as oneDNN's kernels need too.
 * </ul>
 */
public final class VectorSupport {
    /** The system property that switches the vector loops off: {@code -Dearlyrank.vector=false}. */
    public static final String PROPERTY = "earlyrank.vector";
    static final String MODULE = "jdk.incubator.vector";
    private static final String WHY_NOT = whyNot();
    /** True when the helpers EarlyRank attaches run the vector loops. */
    public static final boolean ENABLED = WHY_NOT == null;

    private VectorSupport() {
    }

    /** What the Java loops run on here, and why when it is the scalar loops. */
    public static String describe() {
        return ENABLED ? "Vector API (" + MODULE + ", " + VectorLoops.bits() + "-bit vectors)"
                : "scalar loops (" + WHY_NOT + ")";
    }

    /** Whether the module is in this JVM at all (then {@link VectorLoops} can run, fast or not). */
    static boolean modulePresent() {
        return ModuleLayer.boot().findModule(MODULE).isPresent();
    }

    private static String whyNot() {
        if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))) {
            return "switched off with -D" + PROPERTY + "=false";
        }
        if (!modulePresent()) {
            return "the JVM was started without --add-modules=" + MODULE + "; add it as conf/java17-flags.txt does";
        }
        if (!c2()) {
            return "the JVM runs without its C2 compiler (-XX:TieredStopAtLevel below 4, or -Xint), where vector "
                    + "operations are slower than scalar loops";
        }
        if (!VectorLoops.wideEnough()) {
            return "this CPU has no 256-bit vectors (AVX2)";
        }
        return null;
    }

    private static boolean c2() {
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            boolean interpreted = !Boolean.parseBoolean(vm.getVMOption("UseCompiler").getValue());
            boolean tiered = Boolean.parseBoolean(vm.getVMOption("TieredCompilation").getValue());
            int stopAt = Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue());
            return !interpreted && (!tiered || stopAt >= 4);
        } catch (RuntimeException e) {
            // not HotSpot: no way to tell, and no incubator module to worry about either
            return true;
        }
    }
}
