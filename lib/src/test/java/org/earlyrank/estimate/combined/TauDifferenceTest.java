package org.earlyrank.estimate.combined;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;

import org.earlyrank.rank.RankMetrics;
import org.junit.jupiter.api.Test;

class TauDifferenceTest {
    @Test
    void anEstimatorAgainstItselfDiffersByExactlyZero() {
        double[] y = {0.1, 0.5, 0.3, 0.9, 0.7, 0.2, 0.8};
        double[] a = {1, 4, 2, 7, 5, 3, 6};
        TauDifference d = TauDifference.bootstrap(a, a, y, 200, 0.95, 1);
        assertEquals(0, d.difference());
        assertEquals(0, d.low());
        assertEquals(0, d.high());
        assertEquals(0, d.probPositive());
    }

    @Test
    void theTruthBeatsNoiseWithAnIntervalAboveZeroAndThePointsAreTheTaus() {
        Random r = new Random(3);
        int n = 60;
        double[] y = new double[n];
        double[] noisy = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextDouble();
            noisy[i] = y[i] + r.nextGaussian();
        }
        TauDifference d = TauDifference.bootstrap(y, noisy, y, 500, 0.95, 7);
        assertEquals(1.0, d.tauA(), 1e-12);
        assertEquals(RankMetrics.kendallTauB(noisy, y), d.tauB(), 1e-12);
        assertTrue(d.low() > 0 && d.high() >= d.low(), d.toString());
        assertTrue(d.probPositive() > 0.99, d.toString());
        assertEquals(500, d.defined());
        assertEquals(d, TauDifference.bootstrap(y, noisy, y, 500, 0.95, 7), "same seed, same interval");
    }

    @Test
    void anUndefinedTauGivesNoComparison() {
        double[] y = {1, 2, 3, 4};
        assertNull(TauDifference.bootstrap(new double[]{5, 5, 5, 5}, y, y, 100, 0.95, 1));
    }
}
