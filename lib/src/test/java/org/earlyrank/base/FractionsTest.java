package org.earlyrank.base;

import static org.junit.jupiter.api.Assertions.*;

import java.math.BigDecimal;
import java.util.Random;

import org.earlyrank.report.BestAtBudget;
import org.junit.jupiter.api.Test;

/** The one rounding rule (DESIGN.md) and the one shuffle. */
class FractionsTest {
    @Test
    void aFractionOfABudgetRoundsHalfUpOnTheDecimalProduct() {
        assertEquals(13, Fractions.roundHalfUp(0.25, 50), "DESIGN.md: round(0.25 x 50) = 13");
        // 0.35 x 10 is 3.4999999999999996 in binary floating point: the report said 4, train-final 3
        assertEquals(4, Fractions.roundHalfUp(0.35, 10));
        assertEquals(4, Fractions.budget(0.35, 10));
        assertEquals(4, BestAtBudget.budgetOf(0.35, 10), "the report's budgets use the rule");
        assertEquals(3, Fractions.roundHalfUp(0.34, 10));
        assertEquals(1, Fractions.budget(0.01, 10), "a budget is at least 1 epoch");
        assertEquals(0, Fractions.roundHalfUp(0.01, 10), "a count may be 0");
        assertEquals(2, Fractions.roundHalfUp(new BigDecimal("0.15"), 10), "TSE-E's partial epoch: 1.5 -> 2");
    }

    @Test
    void theEffectiveBudgetsExceptionTakesWholeUnits() {
        assertEquals(4, Fractions.floor(0.9, 5));
        assertEquals(9, Fractions.floor(0.9, 10), "0.9 x 10 is 9 exactly, not 8.999...");
        assertEquals(0, Fractions.floor(0.9, 1));
    }

    @Test
    void theShuffleIsASeededPermutationLikeTheJdks() {
        int[] p = Shuffle.permutation(10, new Random(7));
        assertArrayEquals(Shuffle.permutation(10, new Random(7)), p, "same seed, same order");
        assertEquals(45, java.util.Arrays.stream(p).sum(), "a permutation of 0..9");
        assertEquals(10, java.util.Arrays.stream(p).distinct().count());
        java.util.List<Integer> list = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 10).boxed().toList());
        java.util.Collections.shuffle(list, new Random(7));
        assertArrayEquals(list.stream().mapToInt(Integer::intValue).toArray(), p, "Collections.shuffle's draws");
    }
}
