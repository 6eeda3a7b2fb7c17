package org.earlyrank.jobs;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition another process brings about (a commit marker, a port, a registered worker) by
 * checking it every {@code every}, sleeping in between: the condition is the synchronisation, the sleep
 * only keeps the wait from burning a core.
 */
final class Await {
    private Await() {
    }

    /** @return whether the condition held before the deadline */
    static boolean until(BooleanSupplier condition, Duration timeout, Duration every) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(every.toMillis());
        }
        return true;
    }
}
