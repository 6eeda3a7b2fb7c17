package org.earlyrank.train;

import java.util.Map;

import org.deeplearning4j.nn.layers.LayerHelper;

/**
 * A DL4J layer helper of EarlyRank's own (the Java pooling and batch norm): it is supported wherever it is
 * attached and decides per call instead, returning null to hand a call it cannot run back to the layer's
 * built-in path; by default it holds no memory of its own.
 */
public interface PerCallHelper extends LayerHelper {
    @Override
    default boolean checkSupported() {
        return true;
    }

    @Override
    default Map<String, Long> helperMemoryUse() {
        return Map.of();
    }
}
