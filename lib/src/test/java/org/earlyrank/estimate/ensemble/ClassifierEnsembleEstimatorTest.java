package org.earlyrank.estimate.ensemble;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.SmokeSweep;
import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator.Estimate;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator.RunScores;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feature-history estimators on the real smoke sweep (trained once per JVM; read only here). */
class ClassifierEnsembleEstimatorTest {
    private static final Map<String, FeatureHistory> HISTORIES = new HashMap<>();
    private static final Map<String, Double> VAL_ACC = new HashMap<>();

    @BeforeAll
    static void readTheSmokeSweep() {
        SweepFolder sweep = SmokeSweep.get();
        for (RunRow r : sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList()) {
            if (r.epochsDone() > 0) {
                HISTORIES.put(r.runId(), load(sweep, r.runId()));
            }
        }
        for (CurveRow c : sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList()) {
            VAL_ACC.put(c.runId() + "@" + c.epoch(), c.valAcc());
        }
        assertTrue(HISTORIES.size() >= 6, "most smoke runs train: " + HISTORIES.keySet());
    }

    /** One run's history from the published tables: the readers keep only the run's rows. */
    static FeatureHistory load(SweepFolder sweep, String runId) {
        return FeatureHistory.read(runId, sweep.partFiles(FeaturesTable.TABLE, "train"),
                sweep.partFiles(HeadsTable.TABLE, "train"), sweep.conf());
    }

    private static FitEnsembleOptions options(int window, int epochs, int batch, long seed) {
        return new FitEnsembleOptions(window, 1, epochs, 0.05, 0.9, 5e-4, batch, seed);
    }

    private static Map<String, Double> byKey(List<Estimate> es) {
        Map<String, Double> m = new HashMap<>();
        for (Estimate e : es) {
            m.put(e.estimator() + "@" + e.budgetEpoch(), e.score());
        }
        return m;
    }

    @Test
    void theStoredHeadOnTheStoredFeaturesReproducesTheRecordedValidationAccuracy() {
        // K = 1 and no optimisation: all three estimators are the network's own validation accuracy at t,
        // recomputed from the features and heads tables. Equality shows the capture is faithful.
        ClassifierEnsembleEstimator est = ClassifierEnsembleEstimator.of(options(1, 0, 1024, 0));
        int checked = 0;
        for (FeatureHistory h : HISTORIES.values()) {
            List<Integer> budgets = ClassifierEnsembleEstimator.budgets(h, 1);
            assertEquals(h.epochs(), budgets);
            for (Estimate e : est.scoreRun(h, budgets).estimates()) {
                Double recorded = VAL_ACC.get(h.runId() + "@" + e.budgetEpoch());
                assertNotNull(recorded, h.runId() + " epoch " + e.budgetEpoch());
                assertEquals(recorded, e.score(), 1e-12, e.estimator() + " of " + h.runId() + " at " + e.budgetEpoch());
                checked++;
            }
        }
        assertTrue(checked >= 3 * 6 * 4, "every run, epoch and estimator: " + checked);
    }

    @Test
    void theOptimiserLowersTheTrainingLossOfEveryStoredHead() {
        HeadOptimizer opt = new HeadOptimizer(5, 0.05, 0.9, 5e-4, 1024);
        for (FeatureHistory h : HISTORIES.values()) {
            for (int e : h.epochs()) {
                FeatureHistory.Epoch ep = h.epoch(e).orElseThrow();
                double before = ep.head().crossEntropy(ep.train());
                double after = opt.fit(ep.head(), ep.train(), 1).crossEntropy(ep.train());
                assertTrue(after < before, h.runId() + " epoch " + e + ": " + before + " -> " + after);
            }
        }
    }

    @Test
    void everyRunGetsThreeScoresInTheUnitIntervalAtEveryBudget() {
        ClassifierEnsembleEstimator est = ClassifierEnsembleEstimator.of(options(10, 5, 1024, 0));
        for (FeatureHistory h : HISTORIES.values()) {
            List<Integer> budgets = ClassifierEnsembleEstimator.budgets(h, 1);
            RunScores s = est.scoreRun(h, budgets);
            assertNull(s.note());
            assertEquals(3 * budgets.size(), s.estimates().size());
            for (Estimate e : s.estimates()) {
                assertTrue(e.score() >= 0 && e.score() <= 1, e.toString());
                assertTrue(e.costSeconds() > 0, e.toString());
            }
            assertEquals(budgets.size(), s.headFits(), "each epoch's head is fitted once");
            // Windows 1, 2, 3, 4 epochs at budgets 1..4 (K = 10 clips at epoch 1).
            assertEquals(budgets.size() * (budgets.size() + 1) / 2, s.headFitsUncached());
        }
    }

    @Test
    void cachingAndHidingLaterEpochsChangeNoScore() {
        ClassifierEnsembleEstimator est = ClassifierEnsembleEstimator.of(options(2, 5, 100, 3));
        for (FeatureHistory h : HISTORIES.values()) {
            Map<String, Double> all = byKey(est.scoreRun(h, ClassifierEnsembleEstimator.budgets(h, 1)).estimates());
            for (int t : h.epochs()) {
                Map<String, Double> alone = byKey(est.scoreAt(h.upTo(t), t));
                for (Map.Entry<String, Double> e : alone.entrySet()) {
                    assertEquals(all.get(e.getKey()), e.getValue(), 0.0, h.runId() + " " + e.getKey());
                }
            }
            assertThrows(IllegalArgumentException.class, () -> h.upTo(1).epoch(2), "epoch 2 is after budget 1");
        }
    }

    @Test
    void theSameSeedGivesTheSameScoresAndAnotherSeedAnotherFit() {
        FeatureHistory h = HISTORIES.values().iterator().next();
        List<Integer> budgets = ClassifierEnsembleEstimator.budgets(h, 1);
        List<Estimate> a = ClassifierEnsembleEstimator.of(options(10, 5, 50, 7)).scoreRun(h, budgets).estimates();
        List<Estimate> b = ClassifierEnsembleEstimator.of(options(10, 5, 50, 7)).scoreRun(h, budgets).estimates();
        assertEquals(byKey(a), byKey(b));
        // Batches of 50 out of 500 samples: the seed decides which samples share a step.
        FeatureHistory.Epoch last = h.epoch(h.lastEpoch()).orElseThrow();
        HeadOptimizer opt = new HeadOptimizer(5, 0.05, 0.9, 5e-4, 50);
        assertNotEquals(opt.fit(last.head(), last.train(), 1).crossEntropy(last.train()),
                opt.fit(last.head(), last.train(), 2).crossEntropy(last.train()));
    }

    @Test
    void withoutTrainingFeaturesOnlyTheOriginalHeadIsScored(@TempDir java.nio.file.Path dir) {
        SweepFolder sweep = SmokeSweep.get();
        String runId = HISTORIES.keySet().iterator().next();
        String part = "part-train-" + runId + ".parquet";
        // The run's features as train.train_features = 0 records them: validation rows only.
        List<Row> valOnly = new ArrayList<>();
        for (Path f : sweep.partFiles(FeaturesTable.TABLE, "train")) {
            ParquetTableReader.forEachOfRun(f, FeaturesTable.TABLE, sweep.conf(), runId, r -> {
                if (FeatureRow.fromRow(r).split().equals(FeaturesTable.SPLIT_VAL)) {
                    valOnly.add(r);
                }
            });
        }
        Path file = new Path(dir.resolve(part).toString());
        ParquetTableWriter.writeFile(file, FeaturesTable.TABLE, valOnly, sweep.conf());
        FeatureHistory h = FeatureHistory.read(runId, List.of(file), sweep.partFiles(HeadsTable.TABLE, "train"),
                sweep.conf());
        List<Integer> budgets = ClassifierEnsembleEstimator.budgets(h, 1);
        RunScores s = ClassifierEnsembleEstimator.of(options(10, 5, 1024, 0)).scoreRun(h, budgets);
        assertNotNull(s.note());
        assertTrue(s.note().contains("train.train_features"), s.note());
        assertEquals(budgets.size(), s.estimates().size());
        assertTrue(s.estimates().stream().allMatch(e -> e.estimator().equals(ClassifierEnsembleEstimator.ORIGINAL)));
    }
}
