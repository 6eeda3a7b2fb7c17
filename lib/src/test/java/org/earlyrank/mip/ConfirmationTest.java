package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.earlyrank.mip.PairTraining.PairResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The chosen setting's r_s on architectures outside G, with the Fisher-z interval, worked by hand. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ConfirmationTest {

    /** Seven architectures: full training's validation accuracy 0.70, 0.60, ..., 0.10 (a best). */
    private static List<PairResult> full() {
        List<PairResult> out = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            out.add(new PairResult("f" + i, "arch" + i, "ok", 0.70 - 0.1 * i, 0.5, 40.0 + i));
        }
        return out;
    }

    @Test
    void oneSwappedPairOfSevenGivesTheFisherIntervalWithFiellersVariance() {
        List<PairResult> budget = new ArrayList<>();
        double[] val = {0.40, 0.45, 0.30, 0.25, 0.20, 0.15, 0.10}; // arch0 and arch1 swapped
        for (int i = 0; i < 7; i++) {
            budget.add(new PairResult("b" + i, "arch" + i, "ok", val[i], null, 2.0 + i));
        }

        Confirmation c = Confirmation.of(budget, full(), 0.95);

        // sum d^2 = 2, r_s = 1 - 6 x 2 / (7 x 48) = 0.964286; z = atanh(r_s) = 0.5 ln 55 = 2.003577,
        // half-width 1.959964 x sqrt(1.06 / 4) = 1.008956, tanh of z -+ that: 0.759365 and 0.995178.
        assertEquals(7, c.architectures());
        assertEquals(1 - 12.0 / 336, c.spearman(), 1e-12);
        assertEquals(0.759365, c.ciLow(), 1e-6);
        assertEquals(0.995178, c.ciHigh(), 1e-6);
        assertEquals(5.0, c.costSeconds(), 1e-12, "mean of 2..8 s under the setting");
        assertEquals(43.0, c.fullCostSeconds(), 1e-12, "mean of 40..46 s under full training");
    }

    @Test
    void aPerfectRankingOrTooFewArchitecturesHasNoInterval() {
        List<PairResult> same = full().stream().map(r -> new PairResult("b" + r.runId(), r.archId(), "ok", r.valAcc() / 2,
                null, 1.0)).toList();
        Confirmation perfect = Confirmation.of(same, full(), 0.95);
        assertEquals(1.0, perfect.spearman(), 1e-12);
        assertNull(perfect.ciLow(), "atanh(1) is infinite: no interval");
        assertNull(Confirmation.interval(0.5, 3, 0.95), "n - 3 = 0: no interval");
        assertNotNull(Confirmation.interval(0.5, 4, 0.95));
    }

    @Test
    void aDivergedPairRanksLastAndAFailedFullTrainingIsLeftOut() {
        List<PairResult> fullRuns = new ArrayList<>(full());
        fullRuns.set(6, new PairResult("f6", "arch6", "failed", null, null, null));
        List<PairResult> budget = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            budget.add(i == 5 ? new PairResult("b5", "arch5", "diverged", null, null, 1.0)
                    : new PairResult("b" + i, "arch" + i, "ok", 0.9 - 0.1 * i, null, 1.0));
        }
        Confirmation c = Confirmation.of(budget, fullRuns, 0.95);
        assertEquals(6, c.architectures(), "arch6 has no R_f");
        // arch5, diverged, ranks last as it does in R_f among the six: still a perfect ranking.
        assertEquals(1.0, c.spearman(), 1e-12);
        assertEquals(42.5, c.fullCostSeconds(), 1e-12, "mean of 40..45 s: the failed run has no cost");
    }
}
