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

    /**
     * Eq. 6: every parameter is a candidate at every node. On the full factorial of two values each, r_s =
     * epochs / 4: a root split on epochs leaves pure children, so no tree ever splits on a parameter that
     * cannot matter, and their importance is exactly 0 (with one random candidate per node, as Smile's p/3
     * default gives for 4 parameters, a root drawn on batch size splits on a bootstrap sample's imbalance).
     */
    @Test
    void everyParameterIsASplitCandidateSoAUselessOneNeverSplits() {
        List<BudgetSetting> d = new ArrayList<>();
        for (double e : new double[]{1, 4}) {
            for (double b : new double[]{64, 128}) {
                for (double c : new double[]{4, 8}) {
                    for (double f : new double[]{0.25, 1.0}) {
                        d.add(setting(e, b, c, f));
                    }
                }
            }
        }
        double[] rs = d.stream().mapToDouble(b -> b.get(BudgetParameter.EPOCHS) / 4).toArray();
        double[] raw = ImportanceForest.meanDecreaseInImpurity(PARAMS, d, rs, 100, 3);
        for (int j = 0; j < raw.length; j++) {
            if (PARAMS.get(j) == BudgetParameter.EPOCHS) {
                assertTrue(raw[j] > 0, java.util.Arrays.toString(raw));
            } else {
                assertEquals(0.0, raw[j], 0, PARAMS.get(j) + " cannot matter: " + java.util.Arrays.toString(raw));
            }
        }
    }

    /**
     * Eq. 8 worked by hand: a parameter's importance is its share of the whole forest's decrease in impurity,
     * pruned parameters' splits included: raw (3, 1, 0.5, 0.5) with the second pruned gives 3/5, 0.5/5, 0.5/5.
     */
    @Test
    void equationEightNormalisesOverTheWholeForest() {
        double[] n = ImportanceForest.normalise(new double[]{3, 1, 0.5, 0.5}, new boolean[]{true, false, true, true});
        assertEquals(0.6, n[0], 1e-12);
        assertTrue(Double.isNaN(n[1]), "a fixed parameter has no row");
        assertEquals(0.1, n[2], 1e-12);
        assertEquals(0.1, n[3], 1e-12);
    }

    static BudgetSetting setting(double epochs, double batch, double channels, double fraction) {
        return new BudgetSetting(java.util.Map.of(BudgetParameter.EPOCHS, epochs, BudgetParameter.BATCH_SIZE, batch,
                BudgetParameter.CHANNELS, channels, BudgetParameter.TRAIN_FRACTION, fraction));
    }

    @Test
    void importanceIsReproducibleAndNormalisedOverTheWholeForest() {
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
        assertTrue(Double.isNaN(n[1]), "a fixed parameter has no row");
        assertEquals(1.0, n[0] + n[2] + n[3] + a[1] / (a[0] + a[1] + a[2] + a[3]), 1e-12,
                "with the pruned parameter's share, the whole forest");
        assertArrayEquals(new double[]{0, Double.NaN, 0, Double.NaN},
                ImportanceForest.normalise(new double[4], new boolean[]{true, false, true, false}), 0,
                "no split: the forest explains nothing, every free parameter 0");
        assertArrayEquals(new double[4], ImportanceForest.meanDecreaseInImpurity(PARAMS, d.subList(0, 1),
                new double[]{0.3}, 10, 1), 0, "one trial cannot split");
    }
}
