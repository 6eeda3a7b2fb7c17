package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class VectorSupportTest {
    /** Every JVM EarlyRank starts reads conf/java17-flags.txt; without the module the vector loops never run. */
    @Test
    void theFlagsEveryJvmGetsAddTheVectorModule() throws Exception {
        Path flags = Path.of(System.getProperty("user.dir")).getParent().resolve("conf/java17-flags.txt");
        assertTrue(Files.readString(flags).contains("--add-modules=" + VectorSupport.MODULE), flags.toString());
        assertTrue(VectorSupport.modulePresent(), "the test JVM gets the pom's jvm.flags, module included");
    }

    /**
     * The test JVMs run C1 only (the pom's test.jit), where vector operations are heap objects: the helpers must then
     * take the scalar loops, and say why.
     */
    @Test
    void withoutC2TheScalarLoopsRunAndTheReasonIsGiven() {
        assumeC1Only();
        assertFalse(VectorSupport.ENABLED);
        assertTrue(VectorSupport.describe().startsWith("scalar loops (the JVM runs without its C2 compiler"),
                VectorSupport.describe());
    }

    private static void assumeC1Only() {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.lang.management.ManagementFactory.getRuntimeMXBean()
                .getInputArguments().contains("-XX:TieredStopAtLevel=1"), "the test JVM runs with C2");
    }
}
