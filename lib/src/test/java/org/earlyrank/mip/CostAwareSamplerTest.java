package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Eq. 2: p(v) proportional to exp(-cost / temperature), cost in multiples of the cheapest setting's, checked against sampled frequencies. */
class CostAwareSamplerTest {
    static final TrainingSetting FULL = new TrainingSetting(4, 128, 0.1, 1, 8, 14, 1.0);

    static BudgetSpace space() {
        Map<BudgetParameter, List<Double>> v = new LinkedHashMap<>();
        v.put(BudgetParameter.EPOCHS, List.of(1.0, 2.0, 4.0));
        v.put(BudgetParameter.BATCH_SIZE, List.of(64.0, 128.0));
        v.put(BudgetParameter.CHANNELS, List.of(4.0, 8.0));
        v.put(BudgetParameter.TRAIN_FRACTION, List.of(0.25, 0.5, 1.0));
        return new BudgetSpace(v, FULL);
    }

    /** FLOPs-like model: epochs x samples x channels^2; batch size costs nothing. */
    static double cost(TrainingSetting s) {
        return s.epochs() * s.trainFraction() * s.channels() * s.channels();
    }

    @Test
    void probabilitiesFollowEquationTwo() {
        CostAwareSampler s = new CostAwareSampler(space(), CostAwareSamplerTest::cost, 0.5);
        // Cheapest setting: epochs 1, fraction 0.25, channels 4: 4 units; epochs 1, 2, 4 cost 4, 8, 16.
        assertArrayEquals(new double[]{1, 2, 4}, s.normalisedCosts(BudgetParameter.EPOCHS), 1e-12);
        // exp(-c/0.5) normalised, c = 1, 2, 4 (numpy): 0.87887824, 0.11894324, 0.00217852
        assertArrayEquals(new double[]{0.87887824, 0.11894324, 0.00217852}, s.probabilities(BudgetParameter.EPOCHS), 1e-8);
        assertArrayEquals(new double[]{0.5, 0.5}, s.probabilities(BudgetParameter.BATCH_SIZE), 1e-12,
                "a parameter the cost model ignores is uniform");
        assertTrue(s.probabilities(BudgetParameter.CHANNELS)[0] > s.probabilities(BudgetParameter.CHANNELS)[1],
                "cheaper values are likelier");
    }

    /** Not separable: an epoch costs a fixed 4 units (evaluation) plus the training images' share. */
    static double additiveCost(TrainingSetting s) {
        return s.epochs() * (s.trainFraction() * s.channels() * s.channels() + 4);
    }

    /**
     * Eq. 2 worked by hand: each value's cost is taken with the other parameters at their cheapest values
     * (epochs 1, channels 4, fraction 0.25: 1 x (0.25 x 16 + 4) = 8 units, the unit of c). Epochs 1, 2, 4
     * cost 8, 16, 32 (c = 1, 2, 4); channels 4, 8 cost 8, 20 (c = 1, 2.5; with the others at the full
     * setting they would cost 80 and 272); fractions 0.25, 0.5, 1 cost 8, 12, 20 (c = 1, 1.5, 2.5).
     * p = exp(-c / 1) normalised (numpy).
     */
    @Test
    void equationTwoCostsEachValueWithTheOtherParametersAtTheirCheapest() {
        CostAwareSampler s = new CostAwareSampler(space(), CostAwareSamplerTest::additiveCost, 1.0);
        assertArrayEquals(new double[]{1, 2, 4}, s.normalisedCosts(BudgetParameter.EPOCHS), 1e-12);
        assertArrayEquals(new double[]{1, 2.5}, s.normalisedCosts(BudgetParameter.CHANNELS), 1e-12);
        assertArrayEquals(new double[]{1, 1.5, 2.5}, s.normalisedCosts(BudgetParameter.TRAIN_FRACTION), 1e-12);
        assertArrayEquals(new double[]{0.70538451, 0.25949646, 0.03511903}, s.probabilities(BudgetParameter.EPOCHS), 1e-8);
        assertArrayEquals(new double[]{0.81757448, 0.18242552}, s.probabilities(BudgetParameter.CHANNELS), 1e-8);
        assertArrayEquals(new double[]{0.54654939, 0.33149896, 0.12195165},
                s.probabilities(BudgetParameter.TRAIN_FRACTION), 1e-8);
        assertArrayEquals(new double[]{0.5, 0.5}, s.probabilities(BudgetParameter.BATCH_SIZE), 1e-12);
    }

    @Test
    void sampledFrequenciesMatchTheExactProbabilities() {
        CostAwareSampler s = new CostAwareSampler(space(), CostAwareSamplerTest::cost, 0.5);
        int n = 20_000;
        Random rnd = new Random(2020);
        Map<BudgetParameter, int[]> counts = new LinkedHashMap<>();
        for (BudgetParameter p : s.space().parameters()) {
            counts.put(p, new int[s.space().values(p).size()]);
        }
        for (int i = 0; i < n; i++) {
            BudgetSetting b = s.sample(rnd, Map.of());
            for (BudgetParameter p : s.space().parameters()) {
                counts.get(p)[s.space().values(p).indexOf(b.get(p))]++;
            }
        }
        for (BudgetParameter p : s.space().parameters()) {
            double[] prob = s.probabilities(p);
            int[] c = counts.get(p);
            double chi2 = 0;
            for (int k = 0; k < prob.length; k++) {
                double expected = n * prob[k];
                chi2 += (c[k] - expected) * (c[k] - expected) / expected;
                // 5 standard errors of a frequency from 20000 draws: a sampler off by more is wrong, not unlucky.
                double se = Math.sqrt(prob[k] * (1 - prob[k]) / n);
                assertEquals(prob[k], c[k] / (double) n, 5 * se, p.key() + " value " + k);
            }
            // chi-square critical values at alpha = 0.001 (scipy.stats.chi2.ppf(0.999, df)): df 1 -> 10.8276, df 2 -> 13.8155
            double critical = prob.length == 2 ? 10.8276 : 13.8155;
            assertTrue(chi2 < critical, p.key() + ": chi-square " + chi2 + " >= " + critical);
        }
    }

    @Test
    void fixedParametersKeepTheirValueAndTemperatureFlattens() {
        CostAwareSampler s = new CostAwareSampler(space(), CostAwareSamplerTest::cost, 0.5);
        Random rnd = new Random(1);
        for (int i = 0; i < 200; i++) {
            assertEquals(2.0, s.sample(rnd, Map.of(BudgetParameter.EPOCHS, 2.0)).get(BudgetParameter.EPOCHS));
        }
        double[] hot = new CostAwareSampler(space(), CostAwareSamplerTest::cost, 100).probabilities(BudgetParameter.EPOCHS);
        assertEquals(1.0 / 3, hot[2], 0.01, "a high temperature is nearly uniform");
        assertThrows(IllegalArgumentException.class, () -> new CostAwareSampler(space(), CostAwareSamplerTest::cost, 0));
    }
}
