package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.earlyrank.mip.PairTraining.PairResult;
import org.earlyrank.mip.TrialEvaluator.TrialScore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * R_f is full training's validation performance (Zheng et al. 2020, Eq. 1 and Algorithm 1 line 4), never its
 * test accuracy, which is only reported beside r_s. Worked by hand on four architectures whose validation and
 * test rankings disagree.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PairScoreTest {
    /** Full training: validation ranks A > B > C > D, test ranks C > B > A > D; E diverged. */
    static final List<PairResult> REFERENCE = List.of(
            new PairResult("r-a", "a", "ok", 0.80, 0.70, 10.0),
            new PairResult("r-b", "b", "ok", 0.75, 0.75, 10.0),
            new PairResult("r-c", "c", "ok", 0.70, 0.80, 10.0),
            new PairResult("r-d", "d", "ok", 0.65, 0.60, 10.0),
            new PairResult("r-e", "e", "diverged", null, null, 10.0));

    @Test
    void rfIsFullTrainingsValidationAccuracyAndTheTestRankingIsOnlyReported() {
        Map<String, Double> rf = PairTraining.validationTruth(REFERENCE);
        assertEquals(0.80, rf.get("a"));
        assertNull(rf.get("e"), "a reference run that is not ok has no R_f");
        // A budget setting that ranks exactly as full training's validation accuracy: A > B > C > D.
        List<PairResult> budget = List.of(
                new PairResult("p-a", "a", "ok", 0.50, 0.49, 1.0),
                new PairResult("p-b", "b", "ok", 0.40, 0.41, 2.0),
                new PairResult("p-c", "c", "ok", 0.30, 0.29, 3.0),
                new PairResult("p-d", "d", "ok", 0.20, 0.21, 4.0),
                new PairResult("p-e", "e", "ok", 0.10, 0.10, 5.0));
        TrialScore s = PairTraining.score(budget, rf, PairTraining.testTruth(REFERENCE));
        // r_s against validation: identical ranks. E has no R_f and is left out.
        assertEquals(1.0, s.spearman(), 1e-12);
        assertTrue(s.defined());
        assertEquals(4, s.archs());
        // Against the test ranking (ascending ranks D1 A2 B3 C4 against budget D1 C2 B3 A4): sum d^2 = 8,
        // rho = 1 - 6 x 8 / (4 x 15) = 0.2. With test accuracy as R_f (the old rule) r_s itself was 0.2.
        assertEquals(0.2, s.spearmanTest(), 1e-12);
        assertEquals(3.0, s.meanCostSeconds(), 1e-12, "every pair's cost counts, E's included");
    }

    @Test
    void theReferenceRowIsRfAgainstItselfAndReportsFullTrainingsValidationAgainstTest() {
        TrialScore ref = PairTraining.score(REFERENCE, PairTraining.validationTruth(REFERENCE),
                PairTraining.testTruth(REFERENCE));
        assertEquals(1.0, ref.spearman(), 1e-12);
        // Validation ranks A4 B3 C2 D1 against test ranks A2 B3 C4 D1: sum d^2 = 8, rho = 0.2.
        assertEquals(0.2, ref.spearmanTest(), 1e-12);
    }

    @Test
    void withoutATestSplitTheReportedFigureIsNull() {
        List<PairResult> noTest = List.of(
                new PairResult("r-a", "a", "ok", 0.80, null, 10.0),
                new PairResult("r-b", "b", "ok", 0.75, null, 10.0),
                new PairResult("r-c", "c", "ok", 0.70, null, 10.0));
        TrialScore s = PairTraining.score(noTest, PairTraining.validationTruth(noTest), PairTraining.testTruth(noTest));
        assertEquals(1.0, s.spearman(), 1e-12);
        assertNull(s.spearmanTest());
    }
}
