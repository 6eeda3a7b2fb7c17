package org.earlyrank.estimate.tse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.OptionalDouble;

import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.junit.jupiter.api.Test;

/**
 * The honesty rule: a score at budget t does not change when what the run produced after epoch t
 * changes, through the estimator interface and through the stage's shared-losses path; and both paths
 * give the same scores.
 */
class HonestyTest {
    private static final ScoreTseOptions OPTS = new ScoreTseOptions(ScoreTseOptions.ESTIMATORS, 1.5, 0.9, 0.99, 8, 2,
            0.9, 0);

    private static RunHistory original() {
        return Histories.of("r").epoch(1.0, 0.5, 4, 2, 3).epoch(0.8, 0.6, 2.5, 1.5, 2).epoch(0.7, 0.65, 1.5, 1, 0.5)
                .epoch(0.75, 0.7, 1, 0.9, 0.8).build();
    }

    /** Same first {@code t} epochs, everything after them different (and one epoch more). */
    private static RunHistory altered(int t) {
        double[][] steps = {{4, 2, 3}, {2.5, 1.5, 2}, {1.5, 1, 0.5}, {1, 0.9, 0.8}};
        double[] val = {1.0, 0.8, 0.7, 0.75};
        double[] acc = {0.5, 0.6, 0.65, 0.7};
        Histories.Builder b = Histories.of("r");
        for (int e = 0; e < 5; e++) {
            if (e < t) {
                b.epoch(val[e], acc[e], steps[e]);
            } else {
                b.epoch(9.0 + e, 0.01, 50, 60, 70, 80);
            }
        }
        return b.build();
    }

    @Test
    void scoresAtBudgetTIgnoreEverythingAfterEpochT() {
        List<PerformanceEstimator> all = TseEstimators.create(OPTS, 2);
        RunHistory h = original();
        for (int budget = 1; budget <= 4; budget++) {
            int t = budget;
            RunHistory other = altered(t);
            for (PerformanceEstimator e : all) {
                OptionalDouble a = e.score(h.upTo(t), t);
                OptionalDouble b = e.score(other.upTo(t), t);
                assertEquals(a, b, e.name() + " at budget " + t);
            }
            List<EstimateRow> rows = ScoreTseStage.scoreRun(h, all).stream().filter(r -> r.budgetEpoch() <= t).toList();
            List<EstimateRow> otherRows = ScoreTseStage.scoreRun(other, all).stream().filter(r -> r.budgetEpoch() <= t).toList();
            assertEquals(rows.size(), otherRows.size());
            for (int i = 0; i < rows.size(); i++) {
                assertEquals(rows.get(i).estimator(), otherRows.get(i).estimator());
                assertEquals(rows.get(i).score(), otherRows.get(i).score(), 0.0, rows.get(i).estimator() + " at " + t);
            }
        }
    }

    @Test
    void theStageScoresEveryBudgetAsTheEstimatorAloneWouldWithAMeasuredCost() {
        List<PerformanceEstimator> all = TseEstimators.create(OPTS, 2);
        RunHistory h = original();
        List<EstimateRow> rows = ScoreTseStage.scoreRun(h, all);
        // 9 estimators x 4 budgets, less tse-prev at budget 1
        assertEquals(9 * 4 - 1, rows.size());
        for (EstimateRow r : rows) {
            PerformanceEstimator e = all.stream().filter(x -> x.name().equals(r.estimator())).findFirst().orElseThrow();
            assertEquals(e.score(h.upTo(r.budgetEpoch()), r.budgetEpoch()).getAsDouble(), r.score(), 0.0,
                    r.estimator() + " at " + r.budgetEpoch());
            assertTrue(r.costSeconds() >= 0, "cost is a measured time");
            assertEquals("score-tse", r.stage());
        }
    }

    @Test
    void aDivergedRunIsScoredUpToItsLastEpochAndAFailedRunNotAtAll() {
        List<PerformanceEstimator> all = TseEstimators.create(OPTS, 2);
        RunHistory diverged = Histories.of("d").epoch(1.0, 0.5, 2, 1).epoch(0.9, 0.6, 1, 1)
                .stepsOnly(1, Double.NaN).status(RunsTable.STATUS_DIVERGED).planned(4).build();
        List<EstimateRow> rows = ScoreTseStage.scoreRun(diverged, all);
        assertEquals(2, rows.stream().mapToInt(EstimateRow::budgetEpoch).max().orElseThrow());
        assertEquals(9 * 2 - 1, rows.size(), "every estimator at budgets 1 and 2 (tse-prev from 2)");
        RunHistory failed = Histories.of("f").status(RunsTable.STATUS_FAILED).planned(4).build();
        assertEquals(List.of(), ScoreTseStage.scoreRun(failed, all));
        // a hole in the curves stops the scoring before it
        RunHistory h = original();
        RunHistory holed = new RunHistory(h.run(), List.of(h.curves().get(0), h.curves().get(2), h.curves().get(3)), null);
        assertEquals(1, ScoreTseStage.scoreRun(holed, List.of(new ValAccEstimator())).size());
    }
}
