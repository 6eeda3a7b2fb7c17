package org.earlyrank.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What bin/bench records of the machine: the garbage collectors among it, since training speed depends on them. */
@Timeout(30)
class MachineTest {
    @Test
    void describeNamesThisJvmsCollectors() {
        Map<String, Object> m = Machine.describe();
        String running = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        assertFalse(running.isBlank());
        assertEquals(running, m.get("gc"));
        assertTrue(m.get("cores") instanceof Integer c && c >= 1, m.toString());
    }
}
