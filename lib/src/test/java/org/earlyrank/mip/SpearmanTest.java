package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class SpearmanTest {
    @Test
    void tiesGetAverageRanksAsInScipy() {
        // scipy.stats.spearmanr (SciPy, Debian python3-scipy) of these vectors: 0.7841896995149691
        double[] x = {1, 2, 2, 3, 5, 5, 5, 8};
        double[] y = {2, 1, 4, 4, 6, 3, 7, 9};
        assertEquals(0.7841896995149691, Spearman.rho(x, y), 1e-12);
        // scipy.stats.spearmanr: 0.9705882352941178
        assertEquals(0.9705882352941178, Spearman.rho(new double[]{0.81, 0.79, 0.85, 0.85, 0.70, 0.92},
                new double[]{0.75, 0.75, 0.80, 0.83, 0.60, 0.88}), 1e-12);
        assertArrayEquals(new double[]{1, 2.5, 2.5, 4, 6, 6, 6, 8}, Spearman.ranks(x), 0);
    }

    @Test
    void perfectAndReversedOrdersGiveOneAndMinusOne() {
        double[] x = {0.1, 0.5, 0.3, 0.9};
        assertEquals(1.0, Spearman.rho(x, new double[]{1, 3, 2, 4}), 1e-12);
        assertEquals(-1.0, Spearman.rho(x, new double[]{4, 2, 3, 1}), 1e-12);
    }

    @Test
    void constantInputOrFewerThanThreePairsIsUndefined() {
        assertNull(Spearman.rho(new double[]{1, 2, 3}, new double[]{0.5, 0.5, 0.5}));
        assertNull(Spearman.rho(new double[]{1, 2}, new double[]{1, 2}));
        assertThrows(IllegalArgumentException.class, () -> Spearman.rho(new double[]{1, 2, 3}, new double[]{1, 2}));
    }
}
