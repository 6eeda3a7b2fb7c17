package org.earlyrank.estimate.tse;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;

import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunSettings;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.junit.jupiter.api.Test;

/**
 * The honesty rule: a score at budget t reads only the run's settings and what it produced by the end of
 * epoch t. The fixture's run has a truth an estimator could use (final accuracies, status, epochs done,
 * training time, in its runs row); the altered run has another truth and other epochs after t. Every
 * estimator of the score-tse family gives the same scores to both, through one score and through the bulk
 * path; and the view estimators receive has no way to reach the truth at all.
 */
class HonestyTest {
    private static final SweepConfig CFG = ConfigLoader.load(null, Map.of("score-tse.e", "1.5", "score-tse.gamma", "0.9"));

    /** Four epochs; truth 0.71 / 0.69 after 12.5 s. */
    private static RunHistory original() {
        return Histories.of("r").epoch(1.0, 0.5, 4, 2, 3).epoch(0.8, 0.6, 2.5, 1.5, 2).epoch(0.7, 0.65, 1.5, 1, 0.5)
                .epoch(0.75, 0.7, 1, 0.9, 0.8).truth(0.71, 0.69, 12.5).build();
    }

    /**
     * The same first {@code t} epochs; everything after them different (and one epoch more), and another
     * truth: the best final accuracies there are, and another training time.
     */
    private static RunHistory altered(int t) {
        double[][] steps = {{4, 2, 3}, {2.5, 1.5, 2}, {1.5, 1, 0.5}, {1, 0.9, 0.8}};
        double[] val = {1.0, 0.8, 0.7, 0.75};
        double[] acc = {0.5, 0.6, 0.65, 0.7};
        Histories.Builder b = Histories.of("r").truth(0.99, 0.98, 99.0);
        for (int e = 0; e < 5; e++) {
            if (e < t) {
                b.epoch(val[e], acc[e], steps[e]);
            } else {
                b.epoch(9.0 + e, 0.01, 50, 60, 70, 80);
            }
        }
        return b.build();
    }

    /** The family fitted once (T_eff = 2 from the original run), so both runs meet the same estimators. */
    private static Scorer scorer() {
        List<String> all = TseFamily.DEFAULT.resolve(List.of("all"));
        Scorer s = TseFamily.DEFAULT.fit(new FitInput(SweepData.of("s", List.of(original()), true), CFG, all, n -> { }));
        assertEquals(all, s.estimators(), "every estimator of the family takes part");
        return s;
    }

    @Test
    void scoresAtBudgetTIgnoreTheTruthAndEverythingAfterEpochT() {
        Scorer scorer = scorer();
        RunHistory h = original();
        assertNotEquals(h.run().finalTestAcc(), altered(1).run().finalTestAcc(), "the truths differ");
        for (int t = 1; t <= 4; t++) {
            RunHistory other = altered(t);
            for (String e : scorer.estimators()) {
                OptionalDouble a = scorer.score(e, h.view().upTo(t));
                OptionalDouble b = scorer.score(e, other.view().upTo(t));
                assertEquals(a, b, e + " at budget " + t);
            }
            int budget = t;
            List<Score> bulk = scorer.scoreRun(h.view().upTo(4), budgets(4)).scores().stream()
                    .filter(s -> s.budget() <= budget).toList();
            List<Score> otherBulk = scorer.scoreRun(other.view().upTo(5), budgets(5)).scores().stream()
                    .filter(s -> s.budget() <= budget).toList();
            assertEquals(values(bulk), values(otherBulk), "the bulk path at budgets up to " + t);
        }
    }

    @Test
    void theBulkPathGivesWhatEachScoreAloneGivesWithCostsThatAreItsOwnWork() {
        Scorer scorer = scorer();
        RunView v = original().view().upTo(4);
        long t0 = System.nanoTime();
        RunScores bulk = scorer.scoreRun(v, budgets(4));
        double wall = (System.nanoTime() - t0) / 1e9;
        // 10 estimators x 4 budgets, less tse-prev at budget 1
        assertEquals(10 * 4 - 1, bulk.scores().size());
        double costs = 0;
        for (Score s : bulk.scores()) {
            assertEquals(scorer.score(s.estimator(), v.upTo(s.budget())).getAsDouble(), s.value(), 0.0,
                    s.estimator() + " at " + s.budget());
            costs += s.costSeconds();
        }
        // Each cost times its own score inside the call: together they cannot exceed the call (a cost counted
        // per budget from the start of the run, or in the wrong unit, would).
        assertTrue(costs <= wall, "costs " + costs + " s within the call's " + wall + " s");
    }

    @Test
    void theViewAnEstimatorGetsCannotReachTheTruth() {
        Set<String> truth = Set.of("finalValAcc", "finalTestAcc", "status", "epochsDone", "error", "trainSeconds",
                "attempts", "captureSeconds", "ok", "run");
        for (RecordComponent c : RunSettings.class.getRecordComponents()) {
            assertFalse(truth.contains(c.getName()), "RunSettings." + c.getName());
        }
        for (Class<?> type : List.of(RunView.class, RunSettings.class)) {
            for (Method m : type.getMethods()) {
                assertFalse(truth.contains(m.getName()), type.getSimpleName() + "." + m.getName());
                assertNotEquals(RunRow.class, m.getReturnType(), type.getSimpleName() + "." + m.getName());
                assertNotEquals(RunHistory.class, m.getReturnType(), type.getSimpleName() + "." + m.getName());
            }
        }
        // and estimators are handed views, never histories or runs rows
        for (Method m : PerformanceEstimator.class.getMethods()) {
            for (Class<?> p : m.getParameterTypes()) {
                assertNotEquals(RunHistory.class, p, m.getName());
                assertNotEquals(RunRow.class, p, m.getName());
            }
        }
        for (Method m : Scorer.class.getMethods()) {
            for (Class<?> p : m.getParameterTypes()) {
                assertNotEquals(RunHistory.class, p, m.getName());
                assertNotEquals(RunRow.class, p, m.getName());
            }
        }
    }

    @Test
    void aDivergedRunIsScoredUpToItsLastEpochAndAFailedRunNotAtAll() {
        Scorer scorer = scorer();
        RunHistory diverged = Histories.of("d").epoch(1.0, 0.5, 2, 1).epoch(0.9, 0.6, 1, 1)
                .stepsOnly(1, Double.NaN).status(RunsTable.STATUS_DIVERGED).planned(4).build();
        List<EstimateRow> rows = ScoreTseStage.scoreRun(diverged, scorer);
        assertEquals(2, rows.stream().mapToInt(EstimateRow::budgetEpoch).max().orElseThrow());
        assertEquals(10 * 2 - 1, rows.size(), "every estimator at budgets 1 and 2 (tse-prev from 2)");
        rows.forEach(r -> assertEquals("score-tse", r.stage()));
        RunHistory failed = Histories.of("f").status(RunsTable.STATUS_FAILED).planned(4).build();
        assertEquals(List.of(), ScoreTseStage.scoreRun(failed, scorer));
        // a hole in the curves stops the scoring before it
        RunHistory h = original();
        RunHistory holed = new RunHistory(h.run(), List.of(h.curves().get(0), h.curves().get(2), h.curves().get(3)), null);
        List<EstimateRow> holedRows = ScoreTseStage.scoreRun(holed, scorer);
        assertEquals(List.of(1), holedRows.stream().map(EstimateRow::budgetEpoch).distinct().toList());
        assertEquals(List.of("val-acc", "sovl"), holedRows.stream().map(EstimateRow::estimator).toList(),
                "without steps only the curve-based estimators score");
    }

    private static List<Integer> budgets(int last) {
        return IntStream.rangeClosed(1, last).boxed().toList();
    }

    private static List<String> values(List<Score> scores) {
        List<String> out = new ArrayList<>();
        scores.forEach(s -> out.add(s.estimator() + "@" + s.budget() + "=" + s.value()));
        return out;
    }
}
