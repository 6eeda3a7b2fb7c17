package org.earlyrank.estimate.tse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.RunsTable;
import org.junit.jupiter.api.Test;

/** The effective-budget rule (Algorithm 1) on curves with planted overfitting. */
class EffectiveBudgetTest {
    /** A 6-epoch run with the given validation and training losses per epoch. */
    private static RunHistory run(String id, double[] val, double[] train) {
        Histories.Builder b = Histories.of(id);
        for (int e = 0; e < val.length; e++) {
            b.epoch(val[e], 0.5, train[e]);
        }
        return b.build();
    }

    private static final double[] FALLING = {2.0, 1.6, 1.3, 1.1, 0.9, 0.8};

    @Test
    void aRunOverfitsAfterTheLastEpochBeforeItsValidationLossRisesTwiceWhileTrainingLossFalls() {
        // validation loss bottoms out at epoch 3, then rises at 4 and 5
        RunHistory over = run("a", new double[]{1.0, 0.8, 0.7, 0.75, 0.8, 0.9}, FALLING);
        assertEquals(3, EffectiveBudget.firstOverfitEpoch(over.view(), 2));
        assertEquals(3, EffectiveBudget.firstOverfitEpoch(over.view(), 3), "rises at 4, 5 and 6");
        assertNull(EffectiveBudget.firstOverfitEpoch(over.view(), 4), "only three rises");
        // a single rise is noise under patience 2
        RunHistory blip = run("b", new double[]{1.0, 0.8, 0.85, 0.7, 0.6, 0.5}, FALLING);
        assertNull(EffectiveBudget.firstOverfitEpoch(blip.view(), 2));
        assertEquals(2, EffectiveBudget.firstOverfitEpoch(blip.view(), 1));
        // validation loss rising while training loss rises too is not overfitting (e.g. a diverging run)
        RunHistory bothRise = run("c", new double[]{1.0, 0.8, 0.7, 0.75, 0.8, 0.9},
                new double[]{2.0, 1.6, 1.3, 1.4, 1.5, 1.6});
        assertNull(EffectiveBudget.firstOverfitEpoch(bothRise.view(), 2));
        // the rule only sees the visible epochs
        assertNull(EffectiveBudget.firstOverfitEpoch(over.view().upTo(4), 2));
    }

    @Test
    void toIsTheEarliestOverfittingEpochAmongTheRunsAndTheBudgetIsTheWholeEpochsOfNinetyPercent() {
        List<RunHistory> runs = List.of(
                run("r0", new double[]{1.0, 0.8, 0.7, 0.6, 0.65, 0.7}, FALLING),   // overfits after 4
                run("r1", new double[]{1.0, 0.8, 0.7, 0.75, 0.8, 0.9}, FALLING),   // after 3
                run("r2", new double[]{1.0, 0.9, 0.8, 0.7, 0.6, 0.5}, FALLING));   // never
        EffectiveBudget b = EffectiveBudget.of(runs, 8, 2, 0.9, 0);
        assertEquals(List.of("r0", "r1", "r2"), b.sampledRuns(), "fewer runs than n_s: all of them");
        assertEquals(4, b.overfitEpochs().get("r0"));
        assertEquals(3, b.overfitEpochs().get("r1"));
        assertNull(b.overfitEpochs().get("r2"));
        assertEquals(3, b.overfitEpoch());
        assertEquals(2, b.effectiveEpoch(), "floor(0.9 x 3) = floor(2.7) = 2");
        assertEquals(6, b.endEpoch());
    }

    /**
     * Algorithm 1, line 16: T_effective = 0.9 T_o, taken as whole epochs (floor), at least 1. Worked by hand:
     * T_o = 5 gives floor(4.5) = 4 (rounding half up would give 5 = T_o: no cut at all); T_o = 10 gives 9
     * (decimal arithmetic: 0.9 x 10 is exactly 9, not 8.999...); T_o = 1 gives floor(0.9) = 0, raised to 1.
     */
    @Test
    void theEffectiveBudgetIsFloorOfNinetyPercentOfToAtLeastOne() {
        assertEquals(4, EffectiveBudget.effective(5, 0.9));
        assertEquals(9, EffectiveBudget.effective(10, 0.9));
        assertEquals(10, EffectiveBudget.effective(12, 0.9), "floor(10.8)");
        assertEquals(1, EffectiveBudget.effective(1, 0.9), "at least 1");
        assertEquals(1, EffectiveBudget.effective(1, 0.1), "at least 1");
        // a run set whose T_o is 5: no run overfits within 5 planned epochs, so T_o = T_end = 5
        List<RunHistory> five = List.of(run("f", new double[]{1.0, 0.9, 0.8, 0.7, 0.6}, FALLING));
        EffectiveBudget b = EffectiveBudget.of(five, 8, 2, 0.9, 0);
        assertEquals(5, b.overfitEpoch());
        assertEquals(4, b.effectiveEpoch());
    }

    @Test
    void withoutOverfittingToIsTheEndOfTraining() {
        List<RunHistory> runs = List.of(run("r0", new double[]{1.0, 0.9, 0.8, 0.7, 0.6, 0.5}, FALLING));
        EffectiveBudget b = EffectiveBudget.of(runs, 8, 2, 0.9, 0);
        assertEquals(6, b.overfitEpoch());
        assertEquals(5, b.effectiveEpoch(), "floor(0.9 x 6) = floor(5.4) = 5");
        assertTrue(b.lossesSeen());
        RunHistory accuracyOnly = Histories.of("i").epoch(Double.NaN, 0.5).epoch(Double.NaN, 0.6).build();
        RunHistory noLoss = new RunHistory(accuracyOnly.run(), List.of(Histories.curve("i", 1, null, null, 0.5),
                Histories.curve("i", 2, null, null, 0.6)), null);
        EffectiveBudget imported = EffectiveBudget.of(List.of(noLoss), 8, 2, 0.9, 0);
        assertFalse(imported.lossesSeen());
        assertEquals(2, imported.overfitEpoch());
    }

    @Test
    void onlyFullyTrainedOkRunsCountAndTheChoiceOfNsIsSeeded() {
        List<RunHistory> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(run(String.format("r%02d", i), new double[]{1.0, 0.9, 0.8, 0.7, 0.6, 0.5}, FALLING));
        }
        // a diverged run overfitting early, and an ok run missing its last epoch, are not looked at
        runs.add(Histories.of("div").epoch(1.0, 0.5, 2).epoch(1.1, 0.5, 1).epoch(1.2, 0.5, 0.5)
                .status(RunsTable.STATUS_DIVERGED).planned(6).build());
        runs.add(Histories.of("short").epoch(1.0, 0.5, 2).epoch(1.1, 0.5, 1).epoch(1.2, 0.5, 0.5).planned(6).build());
        EffectiveBudget all = EffectiveBudget.of(runs, 100, 2, 0.9, 0);
        assertEquals(10, all.sampledRuns().size());
        assertEquals(6, all.overfitEpoch(), "the early overfitting of unfinished runs is ignored");
        EffectiveBudget a = EffectiveBudget.of(runs, 3, 2, 0.9, 11);
        assertEquals(a.sampledRuns(), EffectiveBudget.of(runs, 3, 2, 0.9, 11).sampledRuns(), "same seed, same runs");
        assertEquals(3, a.sampledRuns().size());
        Set<List<String>> choices = new HashSet<>();
        for (long seed = 0; seed < 5; seed++) {
            choices.add(EffectiveBudget.of(runs, 3, 2, 0.9, seed).sampledRuns());
        }
        assertTrue(choices.size() > 1, "the seed decides which runs: " + choices);
        assertNull(EffectiveBudget.of(List.of(), 8, 2, 0.9, 0).overfitEpoch(), "no run, no T_o");
    }
}
