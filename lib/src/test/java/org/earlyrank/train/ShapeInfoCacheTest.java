package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The shape-information cache changes how often ND4J asks libnd4j for a shape buffer, not what any array
 * holds: the same training steps give bit-identical losses and parameters with and without it, views get the
 * buffer libnd4j would have made, and a repeated request is served from the cache.
 */
@Timeout(120)
class ShapeInfoCacheTest {
    @AfterEach
    void putTheCacheBack() {
        ShapeInfoCache.install();
    }

    @Test
    void attachInstallsTheCacheOnTheCpuBackendAndUninstallRestoresNd4jsProvider() {
        ComputationGraph g = SpeedSettingsKeepNumericsTest.network(SpeedSettingsKeepNumericsTest.spec(
                "|skip_connect~0|+|none~0|conv_1x1~1|+|skip_connect~0|conv_3x3~1|conv_3x3~2|"));
        assertNotNull(g);
        assertTrue(ShapeInfoCache.installed(), "OneDnnHelpers.attach installs the cache on the CPU backend");
        ShapeInfoCache.uninstall();
        assertEquals(org.nd4j.linalg.cpu.nativecpu.DirectShapeInfoProvider.class, Nd4j.getShapeInfoProvider().getClass());
        assertTrue(ShapeInfoCache.install());
        assertTrue(ShapeInfoCache.install(), "idempotent");
    }

    @Test
    void cachedShapeBuffersHoldWhatLibnd4jMakesAndRepeatsAreHits() {
        assertTrue(ShapeInfoCache.install());
        ShapeInfoCache cache = (ShapeInfoCache) Nd4j.getShapeInfoProvider();
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 5, 4, 3);
        INDArray[] arrays = {x,
            x.get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.interval(1, 3), NDArrayIndex.all()),
            x.permute(3, 1, 0, 2), x.reshape('c', 30, 12), x.reshape('f', 12, 30), x.tensorAlongDimension(1, 1, 3),
            Nd4j.empty(DataType.FLOAT), Nd4j.scalar(3.5), Nd4j.create(DataType.INT, 7, 2)};
        ShapeInfoCache.uninstall();
        org.nd4j.linalg.api.ndarray.ShapeInfoProvider nd4j = Nd4j.getShapeInfoProvider();
        for (INDArray a : arrays) {
            long[] shape = a.shape();
            long[] stride = a.stride();
            long[] mine = cache.createShapeInformation(shape, stride, a.elementWiseStride(), a.ordering(), a.dataType(),
                    a.isEmpty()).getFirst().asLong();
            long[] theirs = nd4j.createShapeInformation(shape, stride, a.elementWiseStride(), a.ordering(), a.dataType(),
                    a.isEmpty()).getFirst().asLong();
            assertArrayEquals(theirs, mine, a.shapeInfoToString());
            assertArrayEquals(a.shapeInfoDataBuffer().asLong(), mine, "the array's own shape buffer");
        }
        assertTrue(ShapeInfoCache.install());
        INDArray a = x.reshape('c', 30, 12);
        int size = cache.size();
        INDArray b = x.reshape('c', 30, 12);
        assertSame(a.shapeInfoDataBuffer(), b.shapeInfoDataBuffer(), "the same request is served from the cache");
        assertEquals(size, cache.size());
        // x[1, 2, 3, 1] is element ((1 * 5 + 2) * 4 + 3) * 3 + 1 = 94 in C order: row 7, column 10 of the 30 x 12 view
        assertEquals(x.getDouble(1, 2, 3, 1), b.getDouble(7, 10), 0.0);
    }

    @Test
    void trainingIsBitForBitTheSameWithoutTheCache() {
        org.earlyrank.space.RunSpec s = SpeedSettingsKeepNumericsTest.spec(
                "|skip_connect~0|+|conv_1x1~0|skip_connect~1|+|conv_1x1~0|skip_connect~1|none~2|");
        ComputationGraph now = SpeedSettingsKeepNumericsTest.network(s);
        ComputationGraph old = now.clone();
        OneDnnHelpers.attach(old);
        for (int step = 0; step < 4; step++) {
            ShapeInfoCache.uninstall();
            old.fit(SpeedSettingsKeepNumericsTest.batch(step));
            assertTrue(ShapeInfoCache.install());
            now.fit(SpeedSettingsKeepNumericsTest.batch(step));
            assertEquals(old.score(), now.score(), 0.0, "loss at step " + (step + 1));
        }
        assertEquals(old.params(), now.params());
        assertEquals(old.getUpdater().getStateViewArray(), now.getUpdater().getStateViewArray());
    }
}
