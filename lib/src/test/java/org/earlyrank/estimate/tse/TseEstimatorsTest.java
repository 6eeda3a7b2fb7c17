package org.earlyrank.estimate.tse;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.junit.jupiter.api.Test;

/**
 * Each estimator on hand-made histories whose values are worked out by hand in the comments (the
 * paper's Eq. 1-3 applied to the listed losses).
 */
class TseEstimatorsTest {
    private static final double TOL = 1e-12;

    private static double score(PerformanceEstimator e, RunHistory h, int t) {
        OptionalDouble s = e.score(h.view().upTo(t), t);
        assertTrue(s.isPresent(), e.name() + " at " + t + " has a score");
        return s.getAsDouble();
    }

    private static ScoreTseOptions options(String key, String value) {
        return org.earlyrank.config.ConfigLoader.load(null, java.util.Map.of("score-tse." + key, value))
                .get(ScoreTseOptions.SECTION);
    }

    @Test
    void tseSumsTheEpochMeansUpToTheBudgetAndNegates() {
        RunHistory h = Histories.threeTwoOne();
        PerformanceEstimator tse = TseEstimator.paper();
        assertEquals(-3.0, score(tse, h, 1), TOL);
        assertEquals(-(3.0 + 2.0), score(tse, h, 2), TOL);
        assertEquals(-6.0, score(tse, h, 3), TOL);
        assertEquals(Set.of("steps"), tse.requiredTables());
    }

    @Test
    void theOriginalCodesConventionSumsTheEpochsBeforeTheBudget() {
        RunHistory h = Histories.threeTwoOne();
        PerformanceEstimator prev = TseEstimator.previousEpochs();
        assertTrue(prev.score(h.view().upTo(1), 1).isEmpty(), "nothing before epoch 1");
        assertEquals(-3.0, score(prev, h, 2), TOL);
        assertEquals(-5.0, score(prev, h, 3), TOL);
    }

    @Test
    void tseEReadsTheLastEEpochsAndFractionsOfAnEpochsMinibatches() {
        RunHistory h = Histories.threeTwoOne();
        assertEquals(-1.0, score(new TseEEstimator(1), h, 3), TOL);
        assertEquals(-3.0, score(new TseEEstimator(2), h, 3), TOL);
        assertEquals(-5.0, score(new TseEEstimator(5), h, 2), TOL, "a window before epoch 1 is cut: TSE");
        RunHistory q = Histories.of("q").epoch(1, 0.5, 8, 6, 4, 2).epoch(1, 0.5, 4, 3, 2, 1).build();
        // E = 0.5: the last 2 of 4 minibatches of epoch 2, each weighted 1/4: (2 + 1) / 4
        assertEquals(-0.75, score(new TseEEstimator(0.5), q, 2), TOL);
        // E = 1.5: epoch 2's mean (2.5) plus the last half of epoch 1: (4 + 2) / 4
        assertEquals(-4.0, score(new TseEEstimator(1.5), q, 2), TOL);
        // E = 0.3 of 10 minibatches: the last 3 (rounded half up from 3.0), weighted 1/10
        RunHistory ten = Histories.of("ten").epoch(1, 0.5, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1).build();
        assertEquals(-(3 + 2 + 1) / 10.0, score(new TseEEstimator(0.3), ten, 1), TOL);
        // E = 0.15: 1.5 minibatches rounds half up to 2 (decimal arithmetic, not 1.4999...)
        assertEquals(-(2 + 1) / 10.0, score(new TseEEstimator(0.15), ten, 1), TOL);
        // E = 0.01: fewer than one minibatch still reads one
        assertEquals(-1 / 10.0, score(new TseEEstimator(0.01), ten, 1), TOL);
    }

    @Test
    void tseEmaWeighsEpochTByGammaToTheTMinusT() {
        RunHistory h = Histories.threeTwoOne();
        // gamma 0.5 at T = 3: 0.25 * 3 + 0.5 * 2 + 1 * 1 = 2.75
        assertEquals(-2.75, score(new TseEmaEstimator(0.5), h, 3), TOL);
        // at T = 2: 0.5 * 3 + 2 = 3.5
        assertEquals(-3.5, score(new TseEmaEstimator(0.5), h, 2), TOL);
        assertEquals(score(TseEstimator.paper(), h, 3), score(new TseEmaEstimator(1.0), h, 3), TOL, "gamma 1 is TSE");
        assertEquals(score(new TseEEstimator(1), h, 3), score(new TseEmaEstimator(0.0), h, 3), TOL, "gamma 0 is TSE-E, E = 1");
        // default gamma 0.999: 0.998001 * 3 + 0.999 * 2 + 1
        assertEquals(-(0.998001 * 3 + 0.999 * 2 + 1), score(new TseEmaEstimator(0.999), h, 3), 1e-12);
    }

    @Test
    void naslibsVariantSumsAMovingAverageThatWeighsTheNewestEpochByMu() {
        RunHistory h = Histories.threeTwoOne();
        // mu 0.99: m = 3, 0.01*3 + 0.99*2 = 2.01, 0.01*2.01 + 0.99*1 = 1.0101; sum 6.0201
        assertEquals(-6.0201, score(new TseEmaNaslibEstimator(0.99), h, 3), 1e-12);
        // mu 0.5: m = 3, 2.5, 1.75; sum 7.25
        assertEquals(-7.25, score(new TseEmaNaslibEstimator(0.5), h, 3), TOL);
    }

    @Test
    void baselinesReadTheLastMinibatchTheValidationAccuracyAndTheValidationLosses() {
        RunHistory h = Histories.threeTwoOne();
        assertEquals(-1.7, score(new TlMiniEstimator(), h, 2), TOL);
        assertEquals(-0.5, score(new TlMiniEstimator(), h, 3), TOL);
        assertEquals(0.6, score(new ValAccEstimator(), h, 2), TOL);
        assertEquals(-(1.0 + 0.8), score(new SovlEstimator(), h, 2), TOL);
        assertEquals(-2.7, score(new SovlEstimator(), h, 3), 1e-12);
        assertEquals(Set.of(), new ValAccEstimator().requiredTables());
        assertEquals(Set.of(), new SovlEstimator().requiredTables());
        assertEquals(Set.of("steps"), new TlMiniEstimator().requiredTables());
    }

    @Test
    void missingOrNonFiniteInputsGiveNoScoreNeverNaN() {
        RunHistory nan = Histories.of("n").epoch(1, 0.5, 2, 1).epoch(1, 0.5, Double.NaN, 1).build();
        for (PerformanceEstimator e : List.of(TseEstimator.paper(), new TseEEstimator(1), new TseEmaEstimator(0.9),
                new TseEmaNaslibEstimator(0.99))) {
            assertTrue(e.score(nan.view().upTo(1), 1).isPresent(), e.name());
            assertTrue(e.score(nan.view().upTo(2), 2).isEmpty(), e.name() + " with a NaN loss");
        }
        RunHistory imported = Histories.of("i").epoch(1, 0.5).epoch(0.9, 0.6).imported().build();
        assertTrue(TseEstimator.paper().score(imported.view().upTo(2), 2).isEmpty(), "no minibatch losses");
        assertTrue(new TlMiniEstimator().score(imported.view().upTo(2), 2).isEmpty());
        assertEquals(0.6, score(new ValAccEstimator(), imported, 2), TOL);
        RunHistory noVal = Histories.of("v").epoch(1, 0.5, 1).build();
        RunHistory gap = new RunHistory(noVal.run(), List.of(noVal.curves().get(0),
                Histories.curve("v", 2, 1.0, null, null)), null);
        assertTrue(new SovlEstimator().score(gap.view().upTo(2), 2).isEmpty(), "a missing validation loss");
        assertTrue(new ValAccEstimator().score(gap.view().upTo(2), 2).isEmpty(), "a missing validation accuracy");
    }

    @Test
    void everyRegisteredEstimatorIsBuiltWithItsNameAndOptions() {
        ScoreTseOptions o = ScoreTseOptions.SECTION.defaults();
        assertEquals(List.of(ScoreTseOptions.ALL), o.estimators(), "default: all");
        List<String> names = TseFamily.DEFAULT.resolve(o.estimators());
        assertEquals(List.of("tse", "tse-e", "tse-ema", "val-acc", "sovl", "tl-mini", "tse-prev", "tse-ema-naslib",
                "tse-e-eb", "tse-ema-eb"), names, "the issue's six first, then the variants");
        List<PerformanceEstimator> all = TseFamily.create(o, 3);
        assertEquals(names, all.stream().map(PerformanceEstimator::name).toList());
        assertFalse(TseFamily.create(o, null).stream().anyMatch(e -> e.name().endsWith("-eb")),
                "no effective-budget estimator without an effective budget");
        assertEquals(List.of("tse", "val-acc"), TseFamily.DEFAULT.resolve(List.of("val-acc", "tse")), "report order");
        assertEquals(-0.75, score(new TseEEstimator(options("e", "0.5").e()),
                Histories.of("q").epoch(1, 0.5, 4, 3, 2, 1).build(), 1), TOL);
    }

    @Test
    void theEffectiveBudgetEstimatorsAreTseEAndTseEmaHeldAtTEff() {
        RunHistory h = Histories.threeTwoOne();
        PerformanceEstimator e = new EffectiveBudgetEstimator("tse-e-eb", new TseEEstimator(1), 2);
        PerformanceEstimator ema = new EffectiveBudgetEstimator("tse-ema-eb", new TseEmaEstimator(0.5), 2);
        // TSE-E, E = 1, is epoch T's mean: 3, 2, then held at T_eff = 2
        assertEquals(-3.0, score(e, h, 1), TOL);
        assertEquals(-2.0, score(e, h, 2), TOL);
        assertEquals(-2.0, score(e, h, 3), TOL, "held at the effective budget");
        // TSE-EMA, gamma 0.5, at T = 2: 0.5 * 3 + 2 = 3.5; at 3 it stays there
        assertEquals(-3.5, score(ema, h, 2), TOL);
        assertEquals(-3.5, score(ema, h, 3), TOL);
        assertEquals(Set.of("steps"), e.requiredTables());
    }

    @Test
    void badOptionsNameTheKeyTheValueAndTheRange() {
        String m = assertThrows(org.earlyrank.config.ConfigException.class, () -> options("gamma", "1.5")).getMessage();
        assertTrue(m.contains("score-tse.gamma must be in [0.0, 1.0], got 1.5"), m);
        m = assertThrows(org.earlyrank.config.ConfigException.class, () -> options("e", "0")).getMessage();
        assertTrue(m.contains("score-tse.e must be > 0, got 0.0"), m);
        m = assertThrows(org.earlyrank.config.ConfigException.class, () -> options("n_s", "0")).getMessage();
        assertTrue(m.contains("score-tse.n_s must be >= 1, got 0"), m);
        m = assertThrows(org.earlyrank.config.ConfigException.class, () -> options("overfit_patience", "0")).getMessage();
        assertTrue(m.contains("score-tse.overfit_patience must be >= 1, got 0"), m);
        m = assertThrows(org.earlyrank.config.ConfigException.class, () -> options("estimators", "all,tse")).getMessage();
        assertTrue(m.contains("score-tse.estimators is either all or a list"), m);
        // names are checked against the registry before any stage of a run starts
        org.earlyrank.config.SweepConfig bad = org.earlyrank.config.ConfigLoader.load(null,
                java.util.Map.of("score-tse.estimators", "tse,tse-x"));
        m = assertThrows(org.earlyrank.config.ConfigException.class, () -> new ScoreTseStage().checkOptions(bad))
                .getMessage();
        assertTrue(m.contains("score-tse.estimators names an unknown estimator 'tse-x'") && m.contains("tse-ema-eb"), m);
    }
}
