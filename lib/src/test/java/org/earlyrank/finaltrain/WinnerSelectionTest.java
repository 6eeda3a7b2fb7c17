package org.earlyrank.finaltrain;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.TrainFinalOptions;
import org.earlyrank.finaltrain.WinnerSelection.Correlation;
import org.earlyrank.finaltrain.WinnerSelection.Selection;
import org.earlyrank.finaltrain.WinnerSelection.Winner;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.junit.jupiter.api.Test;

/** Which runs win, and how auto chooses the estimator and budget (no Spark, rows built in memory). */
class WinnerSelectionTest {
    /** Five ok runs of 12 epochs; a sixth that diverged. */
    private static List<RunRow> runs() {
        List<RunRow> out = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String status = i == 5 ? RunsTable.STATUS_DIVERGED : RunsTable.STATUS_OK;
            out.add(new RunRow("s", "r00" + i, "a" + i, "arch" + i, "nb201", "train", 1L, 12, 12, null, null, status,
                    null, null, 0.8, null, 0.1, 128, 5e-4, 8, 1, 14, 1.0, Map.of(), "fashion-mnist", 0.9, "linear",
                    null, 1, null));
        }
        return out;
    }

    /** tse-e and val-acc at budgets 1-4: tse-e ranks r003 > r001 = r004 > ...; val-acc the reverse of run order. */
    private static List<EstimateRow> estimates() {
        double[] tse = {0.1, 0.5, 0.2, 0.9, 0.5, 0.3};
        List<EstimateRow> out = new ArrayList<>();
        for (int b = 1; b <= 4; b++) {
            for (int i = 0; i < 6; i++) {
                out.add(new EstimateRow("s", "r00" + i, "tse-e", b, tse[i] + b, 0.01, "score-tse"));
                out.add(new EstimateRow("s", "r00" + i, "val-acc", b, -i, 0.01, "score-tse"));
            }
        }
        // a score of a run the runs table does not know: ignored
        out.add(new EstimateRow("s", "r999", "tse-e", 3, 100.0, 0.01, "score-tse"));
        return out;
    }

    private static TrainFinalOptions opts(String estimator, String budget, int k) {
        return ConfigLoader.load(null, Map.of("train-final.estimator", estimator, "train-final.budget", budget,
                "train-final.top_k", String.valueOf(k))).get(TrainFinalOptions.SECTION);
    }

    @Test
    void theTopKByScoreWinWithTiesBrokenByRunId() {
        Selection s = WinnerSelection.select("s", runs(), estimates(), List.of(), opts("tse-e", "3", 3));
        assertEquals(List.of("r003", "r001", "r004"), s.winners().stream().map(w -> w.run().runId()).toList(),
                "0.9 first; r001 and r004 tie at 0.5 and go in run_id order; r999 is not a run of the sweep");
        assertEquals(List.of(1, 2, 3), s.winners().stream().map(Winner::rank).toList());
        assertEquals(3.9, s.winners().get(0).score(), 1e-12);
        assertEquals(WinnerSelection.BY_CONFIG, s.picks().get(0).how());
        assertEquals(12, s.sweepEpochs());
    }

    @Test
    void aRunPickedByTwoEstimatorsIsOneTrainingWithTwoRows() {
        Selection s = WinnerSelection.select("s", runs(), estimates(), List.of(), opts("tse-e,val-acc", "2", 2));
        assertEquals(4, s.winners().size());
        assertEquals(List.of("r003", "r001", "r000"), s.runs().stream().map(RunRow::runId).toList(),
                "tse-e picks r003, r001; val-acc picks r000, r001: three trainings");
        assertEquals(2, s.of("r001").size());
    }

    @Test
    void autoTakesTheBestRankCorrelationAtAffordableBudgets() {
        List<Correlation> report = List.of(
                new Correlation("tse-e", 2, 0.61),
                new Correlation("val-acc", 3, 0.70),
                new Correlation("val-acc", 2, 0.70), // tie with budget 3: the cheaper budget wins
                new Correlation("tse-e", 4, 0.99), // above round(0.25 x 12) = 3: not affordable
                new Correlation("sovl", 1, 0.95)); // no estimates: ignored
        Selection both = WinnerSelection.select("s", runs(), estimates(), report, opts("auto", "auto", 1));
        assertEquals(new WinnerSelection.Pick("val-acc", 2, WinnerSelection.BY_REPORT), both.picks().get(0));
        Selection atBudget = WinnerSelection.select("s", runs(), estimates(), report, opts("auto", "2", 1));
        assertEquals("val-acc", atBudget.picks().get(0).estimator());
        Selection named = WinnerSelection.select("s", runs(), estimates(), report, opts("tse-e", "auto", 1));
        assertEquals(new WinnerSelection.Pick("tse-e", 2, WinnerSelection.BY_REPORT), named.picks().get(0));
    }

    @Test
    void withoutAReportAutoFallsBackToValAccAtAQuarterOfTheBudget() {
        Selection s = WinnerSelection.select("s", runs(), estimates(), List.of(), opts("auto", "auto", 2));
        assertEquals(new WinnerSelection.Pick("val-acc", 3, WinnerSelection.BY_FALLBACK), s.picks().get(0),
                "round(0.25 x 12) = 3");
        assertEquals(List.of("r000", "r001"), s.winners().stream().map(w -> w.run().runId()).toList());
    }

    @Test
    void anEstimatorOrBudgetWithoutScoresIsRefusedWithWhatExists() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> WinnerSelection.select("s", runs(), estimates(), List.of(), opts("tse-ema", "3", 2)));
        assertTrue(e.getMessage().contains("estimator 'tse-ema'"), e.getMessage());
        assertTrue(e.getMessage().contains("tse-e (budgets 1-4); val-acc (budgets 1-4)"), e.getMessage());
        ConfigException b = assertThrows(ConfigException.class,
                () -> WinnerSelection.select("s", runs(), estimates(), List.of(), opts("tse-e", "7", 2)));
        assertTrue(b.getMessage().contains("no scores at budget 7"), b.getMessage());
        assertTrue(b.getMessage().contains("its budgets: 1-4"), b.getMessage());
        assertTrue(b.getMessage().contains("--budget"), b.getMessage());
    }

    @Test
    void badOptionsNameTheKeyAndValue() {
        ConfigException k = assertThrows(ConfigException.class, () -> opts("tse-e", "3", 0));
        assertTrue(k.getMessage().contains("train-final.top_k must be >= 1, got 0"), k.getMessage());
        ConfigException b = assertThrows(ConfigException.class, () -> opts("tse-e", "three", 1));
        assertTrue(b.getMessage().contains("train-final.budget must be auto or an epoch >= 1, got 'three'"), b.getMessage());
        ConfigException a = assertThrows(ConfigException.class, () -> opts("auto,tse-e", "3", 1));
        assertTrue(a.getMessage().contains("either auto or a list"), a.getMessage());
    }

    @Test
    void budgetsPrintAsRanges() {
        assertEquals("1-4, 6, 8-9", WinnerSelection.ranges(new TreeSet<>(List.of(1, 2, 3, 4, 6, 8, 9))));
        assertEquals("5", WinnerSelection.ranges(new TreeSet<>(List.of(5))));
    }
}
