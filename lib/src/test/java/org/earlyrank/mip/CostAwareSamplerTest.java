package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Eq. 2: p(v) proportional to exp(-normalised cost / temperature), checked against sampled frequencies. */
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
        assertArrayEquals(new double[]{0.25, 0.5, 1.0}, s.normalisedCosts(BudgetParameter.EPOCHS), 1e-12);
        // exp(-c/0.5) normalised, c = 0.25, 0.5, 1 (numpy): 0.54654939, 0.33149896, 0.12195165
        assertArrayEquals(new double[]{0.54654939, 0.33149896, 0.12195165}, s.probabilities(BudgetParameter.EPOCHS), 1e-8);
        assertArrayEquals(new double[]{0.5, 0.5}, s.probabilities(BudgetParameter.BATCH_SIZE), 1e-12,
                "a parameter the cost model ignores is uniform");
        assertTrue(s.probabilities(BudgetParameter.CHANNELS)[0] > s.probabilities(BudgetParameter.CHANNELS)[1],
                "cheaper values are likelier");
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
