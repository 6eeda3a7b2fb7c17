package org.earlyrank.rank;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.earlyrank.rank.PairedTauBootstrap.Difference;
import org.earlyrank.rank.PairedTauBootstrap.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The paired bootstrap of tau differences on hand-made scorings. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PairedTauBootstrapTest {
    private static final double[] TRUTH = {0.10, 0.35, 0.20, 0.80, 0.55, 0.40, 0.90, 0.15, 0.60, 0.70};

    private static double[] noisy(double amount, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] s = TRUTH.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] += amount * r.nextGaussian();
        }
        return s;
    }

    @Test
    void identicalScoringsDifferByZeroOnEveryResampleAndPointTausMatchKendallTau() {
        double[] s = noisy(0.2, 1);
        PairedTauBootstrap b = PairedTauBootstrap.of(TRUTH.length,
                List.of(Sample.all(s, TRUTH), Sample.all(s.clone(), TRUTH)), 300, 7);
        Difference d = b.difference(0, 1, 0.95);
        assertEquals(0, d.difference(), 0);
        assertEquals(0, d.low(), 0);
        assertEquals(0, d.high(), 0);
        assertEquals(0.5, d.pBetter(), 0, "every resample a tie");
        assertFalse(d.significant());
        assertEquals(RankMetrics.kendallTauB(s, TRUTH), b.tau(0), 1e-12);
        assertEquals(300, d.defined());
    }

    @Test
    void aPerfectRankingBeatsItsReverseOnEveryResampleAndTheSameSeedRepeats() {
        double[] reverse = TRUTH.clone();
        for (int i = 0; i < reverse.length; i++) {
            reverse[i] = -reverse[i];
        }
        List<Sample> samples = List.of(Sample.all(TRUTH, TRUTH), Sample.all(reverse, TRUTH), Sample.all(noisy(0.3, 2), TRUTH));
        PairedTauBootstrap b = PairedTauBootstrap.of(TRUTH.length, samples, 200, 11);
        Difference d = b.difference(0, 1, 0.95);
        assertEquals(2.0, d.difference(), 1e-12);
        assertTrue(d.significant() && d.pBetter() == 1.0, d.toString());
        Difference noisy = b.difference(0, 2, 0.9);
        assertTrue(noisy.low() <= noisy.difference() && noisy.difference() <= noisy.high(), noisy.toString());
        assertArrayEquals(b.resampledTaus(2), PairedTauBootstrap.of(TRUTH.length, samples, 200, 11).resampledTaus(2),
                "deterministic given the seed");
    }

    @Test
    void aSampleOfSomeItemsSeesOnlyThoseAndBadArgumentsAreRefused() {
        int[] items = {0, 2, 4, 6, 8};
        double[] s = new double[items.length];
        double[] t = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            s[i] = TRUTH[items[i]];
            t[i] = TRUTH[items[i]];
        }
        PairedTauBootstrap b = PairedTauBootstrap.of(TRUTH.length, List.of(new Sample(items, s, t), Sample.all(TRUTH, TRUTH)), 100, 3);
        for (double tau : b.resampledTaus(0)) {
            assertTrue(Double.isNaN(tau) || Math.abs(tau - 1) < 1e-12, "a perfect ranking of the items it scores: " + tau);
        }
        assertThrows(IllegalArgumentException.class, () -> PairedTauBootstrap.of(3, List.of(new Sample(new int[]{0, 1, 5},
                new double[3], new double[3])), 10, 1), "an item outside [0, n)");
        assertThrows(IllegalArgumentException.class, () -> new Sample(new int[]{0}, new double[2], new double[2]));
        assertThrows(IllegalArgumentException.class, () -> b.difference(0, 1, 1.0));
    }
}
