package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;

import org.earlyrank.estimate.zc.ProxyBatch;
import org.earlyrank.space.RunSampler;
import org.junit.jupiter.api.Test;

/** The zero-cost proxies read the images a run's first updates read: the same epoch order as RunTrainer. */
class ProxyBatchOrderTest {
    @Test
    void theProxiesSeeTheRunsEpochOrder() {
        for (long seed : new long[]{3, 42, RunSampler.mix(42, 7)}) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                assertArrayEquals(org.earlyrank.base.Shuffle.permutation(2000, new Random(RunSampler.mix(seed, epoch))),
                        ProxyBatch.epochOrder(2000, seed, epoch));
            }
        }
    }
}
