package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Mean decrease in impurity from Smile's random forest (Eq. 7-8) on planted data. */
class ImportanceForestTest {
    static final List<BudgetParameter> PARAMS = CostAwareSamplerTest.space().parameters();

    @Test
    void evenFourTrialsSplitAndCreditThePlantedParameter() {
        // The first iteration of a small run has only T trials in D: the forest must still split.
        // Each other parameter takes each of its values once with epochs 1 and once with epochs 4: only
        // epochs separates the r_s values.
        List<BudgetSetting> d = List.of(setting(1, 64, 4, 0.25), setting(1, 128, 8, 1.0), setting(4, 64, 8, 0.25),
                setting(4, 128, 4, 1.0));
        double[] rs = d.stream().mapToDouble(b -> b.get(BudgetParameter.EPOCHS) / 4).toArray();
        double[] raw = ImportanceForest.meanDecreaseInImpurity(PARAMS, d, rs, 100, 1);
        int epochs = PARAMS.indexOf(BudgetParameter.EPOCHS);
        for (int j = 0; j < raw.length; j++) {
            assertTrue(raw[j] >= 0);
            if (j != epochs) {
                assertTrue(raw[epochs] > raw[j], "epochs drives r_s: " + java.util.Arrays.toString(raw));
            }
        }
    }

    static BudgetSetting setting(double epochs, double batch, double channels, double fraction) {
        return new BudgetSetting(java.util.Map.of(BudgetParameter.EPOCHS, epochs, BudgetParameter.BATCH_SIZE, batch,
                BudgetParameter.CHANNELS, channels, BudgetParameter.TRAIN_FRACTION, fraction));
    }

    @Test
    void importanceIsReproducibleAndNormalisedOverTheFreeParameters() {
        List<BudgetSetting> d = new ArrayList<>();
        Random rnd = new Random(4);
        List<BudgetSetting> all = CostAwareSamplerTest.space().all();
        for (int i = 0; i < 30; i++) {
            d.add(all.get(rnd.nextInt(all.size())));
        }
        double[] rs = d.stream().mapToDouble(b -> b.get(BudgetParameter.CHANNELS) / 8 + 0.05 * rnd.nextGaussian()).toArray();
        double[] a = ImportanceForest.meanDecreaseInImpurity(PARAMS, d, rs, 50, 9);
        double[] b = ImportanceForest.meanDecreaseInImpurity(PARAMS, d, rs, 50, 9);
        assertArrayEquals(a, b, 0, "same seed, same importances (Smile seeds each tree)");
        boolean[] free = {true, false, true, true};
        double[] n = ImportanceForest.normalise(a, free);
        assertTrue(Double.isNaN(n[1]), "a fixed parameter has no share");
        assertEquals(1.0, n[0] + n[2] + n[3], 1e-12);
        assertArrayEquals(new double[]{0.5, Double.NaN, 0.5, Double.NaN},
                ImportanceForest.normalise(new double[4], new boolean[]{true, false, true, false}), 0,
                "no split: uniform over the free parameters");
        assertArrayEquals(new double[4], ImportanceForest.meanDecreaseInImpurity(PARAMS, d.subList(0, 1),
                new double[]{0.3}, 10, 1), 0, "one trial cannot split");
    }
}
