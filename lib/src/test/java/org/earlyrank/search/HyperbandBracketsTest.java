package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.earlyrank.config.ConfigException;
import org.junit.jupiter.api.Test;

/** Hyperband's brackets against Li et al.'s table, the whole-epoch rounding, and the bad inputs. */
class HyperbandBracketsTest {
    private static List<Integer> sizes(Bracket b) {
        return b.rungs().stream().map(Bracket.Rung::configurations).toList();
    }

    private static List<Integer> budgets(Bracket b) {
        return b.rungs().stream().map(Bracket.Rung::budgetEpoch).toList();
    }

    @Test
    void matchesLiEtAlTableOneForR81Eta3() {
        // Li et al. (JMLR 2018), Table 1: the values of n_i and r_i for R = 81, eta = 3.
        List<Bracket> b = HyperbandBrackets.of(1, 81, 3);
        assertEquals(List.of(4, 3, 2, 1, 0), b.stream().map(Bracket::s).toList());
        assertEquals(List.of(81, 27, 9, 3, 1), sizes(b.get(0)));
        assertEquals(List.of(1, 3, 9, 27, 81), budgets(b.get(0)));
        assertEquals(List.of(34, 11, 3, 1), sizes(b.get(1)));
        assertEquals(List.of(3, 9, 27, 81), budgets(b.get(1)));
        assertEquals(List.of(15, 5, 1), sizes(b.get(2)));
        assertEquals(List.of(9, 27, 81), budgets(b.get(2)));
        assertEquals(List.of(8, 2), sizes(b.get(3)));
        assertEquals(List.of(27, 81), budgets(b.get(3)));
        assertEquals(List.of(5), sizes(b.get(4)));
        assertEquals(List.of(81), budgets(b.get(4)));
        // Rounds keep floor(n_i / eta); the last round's result is its best one.
        assertEquals(List.of(27, 9, 3, 1, 1), b.get(0).rungs().stream().map(Bracket.Rung::promote).toList());
        assertEquals(List.of(11, 3, 1, 1), b.get(1).rungs().stream().map(Bracket.Rung::promote).toList());
    }

    @Test
    void theThesisSettingOnTheDefaultSweepRoundsHalfUp() {
        // Worked by hand: R = 12, eta = 2: s_max = floor(log2 12) = 3, B = 4 R.
        // s=3: n = ceil(4/4 * 8) = 8, r = 12/8 = 1.5 -> 2, then 3, 6, 12.
        // s=2: n = ceil(4/3 * 4) = 6, r = 3, 6, 12.  s=1: n = ceil(4/2 * 2) = 4, r = 6, 12.  s=0: n = 4, r = 12.
        List<Bracket> b = HyperbandBrackets.of(1, 12, 2);
        assertEquals(4, b.size());
        assertEquals(List.of(8, 4, 2, 1), sizes(b.get(0)));
        assertEquals(List.of(2, 3, 6, 12), budgets(b.get(0)), "1.5 epochs round half up to 2");
        assertEquals(List.of(6, 3, 1), sizes(b.get(1)));
        assertEquals(List.of(3, 6, 12), budgets(b.get(1)));
        assertEquals(List.of(4, 2), sizes(b.get(2)));
        assertEquals(List.of(6, 12), budgets(b.get(2)));
        assertEquals(List.of(4), sizes(b.get(3)));
        // Epochs: 8*2 + 4*1 + 2*3 + 1*6 = 32; 6*3 + 3*3 + 1*6 = 33; 4*6 + 2*6 = 36; 4*12 = 48.
        assertEquals(List.of(32L, 33L, 36L, 48L), b.stream().map(Bracket::epochs).toList());
        assertEquals(149, HyperbandBrackets.epochs(b));
    }

    @Test
    void aMinimumBudgetShortensTheLadderAndNoRungFallsBelowIt() {
        // R = 12 epochs in units of 2: R/r_min = 6, s_max = floor(log3 6) = 1; bracket 1: 12/3 = 4 epochs, then 12.
        List<Bracket> b = HyperbandBrackets.of(2, 12, 3);
        assertEquals(2, b.size());
        assertEquals(List.of(4, 12), budgets(b.get(0)));
        assertEquals(List.of(3, 1), sizes(b.get(0)), "n = ceil(2/2 * 3) = 3, then floor(3/3) = 1");
        for (Bracket x : HyperbandBrackets.of(3, 200, 2)) {
            for (Bracket.Rung r : x.rungs()) {
                assertTrue(r.budgetEpoch() >= 3, "rung " + r + " below the minimum budget");
            }
        }
    }

    @Test
    void roundsHalfUpExactly() {
        assertEquals(2, Budgets.roundHalfUp(3, 2), "1.5 -> 2");
        assertEquals(1, Budgets.roundHalfUp(4, 3), "1.33 -> 1");
        assertEquals(2, Budgets.roundHalfUp(5, 3), "1.67 -> 2");
        assertEquals(13, Budgets.roundHalfUp(25, 2), "12.5 -> 13 (the project's rule: round(0.25 * 50) = 13)");
        assertEquals(0, Budgets.roundHalfUp(0, 7));
        assertThrows(IllegalArgumentException.class, () -> Budgets.roundHalfUp(1, 0));
    }

    @Test
    void badBudgetsGiveOneMessageNamingTheValue() {
        ConfigException eta = assertThrows(ConfigException.class, () -> HyperbandBrackets.of(1, 12, 1));
        assertEquals("search.eta must be >= 2 (each round keeps 1/eta of the configurations), got 1", eta.getMessage());
        ConfigException min = assertThrows(ConfigException.class, () -> HyperbandBrackets.of(0, 12, 2));
        assertTrue(min.getMessage().startsWith("search.min_budget must be >= 1 epoch"), min.getMessage());
        assertTrue(min.getMessage().endsWith("got 0"), min.getMessage());
        ConfigException max = assertThrows(ConfigException.class, () -> HyperbandBrackets.of(1, 0, 2));
        assertTrue(max.getMessage().startsWith("search.max_budget must be >= 1 epoch"), max.getMessage());
        ConfigException order = assertThrows(ConfigException.class, () -> HyperbandBrackets.of(8, 4, 2));
        assertEquals("search.min_budget (8) must be <= search.max_budget (4)", order.getMessage());
    }
}
