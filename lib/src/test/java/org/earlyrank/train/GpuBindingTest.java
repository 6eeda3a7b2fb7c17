package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.Optional;

import org.apache.spark.resource.ResourceInformation;
import org.junit.jupiter.api.Test;

class GpuBindingTest {
    @Test
    void theFirstAssignedGpuIsChosen() {
        Map<String, ResourceInformation> r = Map.of("gpu", new ResourceInformation("gpu", new String[]{"3", "4"}));
        assertEquals(Optional.of(3), GpuBinding.chooseDevice(r));
    }

    @Test
    void noGpuMeansNoBinding() {
        assertEquals(Optional.empty(), GpuBinding.chooseDevice(Map.of()));
        assertEquals(Optional.empty(), GpuBinding.chooseDevice(null));
        assertEquals(Optional.empty(),
                GpuBinding.chooseDevice(Map.of("gpu", new ResourceInformation("gpu", new String[0]))));
    }

    @Test
    void aNonNumericAddressIsExplained() {
        Map<String, ResourceInformation> r = Map.of("gpu", new ResourceInformation("gpu", new String[]{"GPU-abc"}));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> GpuBinding.chooseDevice(r));
        assertTrue(e.getMessage().contains("gpu-discovery.sh"), e.getMessage());
    }

    @Test
    void onTheCpuBackendOutsideATaskNothingIsBound() {
        assertFalse(GpuBinding.cudaBackendPresent());
        assertEquals(Optional.empty(), GpuBinding.bindCurrentTask());
    }
}
