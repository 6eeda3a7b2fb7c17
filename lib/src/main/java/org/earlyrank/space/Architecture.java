package org.earlyrank.space;

import java.io.Serializable;

/**
 * An architecture of a search space, identified by its canonical string. Immutable and serializable
 * (sent to executors inside run specs).
 */
public interface Architecture extends Serializable {
    /** The space's name: {@code nb201} or {@code macro}. */
    String space();

    /** Canonical string: equal architectures have equal strings. */
    String canonical();

    /**
     * The canonical string of the network actually built, with operations that cannot affect the output
     * (edges from or into dead nodes) removed; two architectures with the same effective string compute
     * the same function family.
     */
    String effective();
}
