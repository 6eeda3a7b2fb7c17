package org.earlyrank.estimate.combined;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.earlyrank.RealCurves;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.estimate.tse.ValAccEstimator;
import org.earlyrank.rank.RankMetrics;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable.RunRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The combined estimator on real learning curves: the first 40 ResNets of Baker et al.'s CIFAR-10 file
 * (data/curves/deep_resnets_cifar10.csv), with the real val-acc estimator at budgets 1 and 2 and the
 * parameter count as a budget-0 input (what zc-params is).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CombinedEstimatorTest {
    private static List<RunRow> runs;
    private static List<EstimateRow> estimates;
    private static Map<String, Double> truth;

    @BeforeAll
    static void importCurves() throws Exception {
        Path dir = Files.createTempDirectory("combined");
        SweepConfig cfg = RealCurves.config(RealCurves.csv("deep_resnets_cifar10.csv"), Map.of());
        SweepData sweep = SweepData.read(RealCurves.importInto(dir, cfg));
        List<RunHistory> ok = sweep.okRuns().subList(0, 40);
        runs = ok.stream().map(RunHistory::run).toList();
        truth = new HashMap<>();
        estimates = new ArrayList<>();
        ValAccEstimator valAcc = new ValAccEstimator();
        for (RunHistory h : ok) {
            truth.put(h.runId(), h.run().finalValAcc());
            for (int t = 1; t <= 2; t++) {
                OptionalDouble s = valAcc.score(h.view().upTo(t), t);
                if (s.isPresent()) {
                    estimates.add(new EstimateRow("s", h.runId(), valAcc.name(), t, s.getAsDouble(), 0.01, "test"));
                }
            }
            estimates.add(new EstimateRow("s", h.runId(), "zc-params", 0, h.run().nParams(), 0.002, "test"));
        }
    }

    private static CombinedEstimator.Options quick(long seed) {
        return new CombinedEstimator.Options(4, 3, List.of(CombinedModelKind.values()), List.of(2, 0), seed);
    }

    private static Map<String, Double> scoresAt(CombinedEstimator.Result r, int budget) {
        Map<String, Double> m = new HashMap<>();
        r.estimates().stream().filter(e -> e.budget() == budget).forEach(e -> m.put(e.runId(), e.score()));
        return m;
    }

    @Test
    void theInputsOfABudgetAreItsEstimatesTheProxiesAndTheArchitecture() {
        List<CombinedInputs.Design> designs = CombinedInputs.build(runs, estimates, Set.of());
        assertEquals(List.of(0, 1, 2), designs.stream().map(CombinedInputs.Design::budget).toList());
        CombinedInputs.Design d2 = designs.get(2);
        assertEquals("val-acc@2", d2.columns().get(0));
        assertEquals("zc-params@0", d2.columns().get(1));
        assertTrue(d2.estimatorColumn()[1] && !d2.estimatorColumn()[2], d2.columns().toString());
        assertTrue(d2.columns().contains("n_params") && d2.columns().contains("hp_lr"), d2.columns().toString());
        assertEquals(0.012, d2.inputCost()[0], 1e-12, "val-acc@2 + zc-params@0");
        assertEquals(List.of("zc-params@0"), designs.get(0).columns().subList(0, 1));
        assertFalse(CombinedInputs.build(runs, estimates, Set.of("zc-params")).get(1).columns().contains("zc-params@0"));
    }

    @Test
    void aRunsScoreDoesNotChangeWhenItsOwnTruthChanges() {
        List<CombinedInputs.Design> all = CombinedInputs.build(runs, estimates, Set.of());
        List<CombinedInputs.Design> designs = List.of(all.get(2)); // val-acc@2, zc-params@0 and the architecture
        CombinedEstimator.Result base = CombinedEstimator.crossFit(designs, truth, quick(7));
        boolean othersMoved = false;
        Map<String, Double> fakes = Map.of(runs.get(3).runId(), 0.0, runs.get(17).runId(), 1.0);
        for (Map.Entry<String, Double> fake : fakes.entrySet()) {
            Map<String, Double> changed = new HashMap<>(truth);
            changed.put(fake.getKey(), fake.getValue());
            CombinedEstimator.Result r = CombinedEstimator.crossFit(designs, changed, quick(7));
            for (int t : new int[]{2}) {
                assertEquals(scoresAt(base, t).get(fake.getKey()), scoresAt(r, t).get(fake.getKey()), 0.0,
                        fake.getKey() + " at budget " + t + " with truth " + fake.getValue());
                othersMoved |= !scoresAt(base, t).equals(scoresAt(r, t));
            }
        }
        assertTrue(othersMoved, "the other runs' models do read that truth");
    }

    @Test
    void everyRunIsScoredOncePerBudgetByAModelChosenInsideItsFold() {
        List<CombinedInputs.Design> designs = CombinedInputs.build(runs, estimates, Set.of());
        CombinedEstimator.Result r = CombinedEstimator.crossFit(designs, truth, quick(7));
        assertEquals(runs.size() * 3, r.estimates().size());
        assertEquals(4 * 3, r.choices().size());
        for (CombinedEstimator.Choice c : r.choices()) {
            assertEquals(30, c.trainRuns(), "40 runs, 4 folds");
            assertEquals(6, c.innerTau().size(), "3 families x 2 input caps");
            assertTrue(c.innerTau().values().stream().allMatch(Double::isFinite), c.toString());
            assertEquals(c.innerTau().get(c.chosen()),
                    c.innerTau().values().stream().mapToDouble(d -> d).max().orElseThrow(), 0.0, "the best inner tau wins");
        }
        for (CombinedEstimator.Estimate e : r.estimates()) {
            double inputs = e.budget() == 0 ? 0.002 : 0.012;
            assertTrue(e.costSeconds() >= inputs && e.costSeconds() < inputs + 30, e.toString());
        }
        CombinedEstimator.Result again = CombinedEstimator.crossFit(designs, truth, quick(7));
        assertEquals(r.estimates(), again.estimates().stream()
                .map(e -> new CombinedEstimator.Estimate(e.runId(), e.budget(), e.score(),
                        r.estimates().get(again.estimates().indexOf(e)).costSeconds())).toList(), "deterministic per seed");
    }

    @Test
    void anOracleInputIsFound() {
        List<EstimateRow> withOracle = new ArrayList<>(estimates);
        for (RunRow run : runs) {
            withOracle.add(new EstimateRow("s", run.runId(), "oracle", 1, truth.get(run.runId()), 0, "test"));
        }
        List<CombinedInputs.Design> designs = CombinedInputs.build(runs, withOracle, Set.of()).subList(1, 2);
        CombinedEstimator.Result r = CombinedEstimator.crossFit(designs, truth, quick(3));
        double[] s = runs.stream().mapToDouble(run -> scoresAt(r, 1).get(run.runId())).toArray();
        double[] y = runs.stream().mapToDouble(run -> truth.get(run.runId())).toArray();
        assertTrue(RankMetrics.kendallTauB(s, y) > 0.8, "tau " + RankMetrics.kendallTauB(s, y));
    }

    @Test
    void badOptionsNameTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CombinedEstimator.Options(1, 5, List.of(CombinedModelKind.NU_SVR), List.of(0), 1));
        assertTrue(e.getMessage().contains("folds >= 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CombinedEstimator.Options(5, 5, List.of(), List.of(0), 1));
        assertTrue(e.getMessage().contains("gradient-boosting"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new CombinedEstimator.Options(5, 5, List.of(CombinedModelKind.NU_SVR), List.of(-1), 1));
        assertTrue(e.getMessage().contains("caps must be >= 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CombinedModelKind.of("xgboost"));
        assertTrue(e.getMessage().contains("random-forest"), e.getMessage());
    }
}
