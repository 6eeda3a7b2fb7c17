package org.earlyrank.estimate.lce;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Each family of Domhan et al. 2015, Table 1, at parameters where the value is worked out by hand (the
 * arithmetic is in the comments).
 */
class CurveFamilyTest {
    private static final double EPS = 1e-12;

    private static double v(CurveFamily f, double x, double... p) {
        return f.value(x, p);
    }

    @Test
    void vaporPressureIsExpOfAPlusBOverXPlusCLnX() {
        // exp(0 - ln 2 + 0.3 ln 1) = 1/2
        assertEquals(0.5, v(CurveFamily.VAPOR_PRESSURE, 1, 0, -Math.log(2), 0.3), EPS);
        // exp(ln 0.2 + 0 + 0.5 ln 4) = 0.2 * 2 = 0.4
        assertEquals(0.4, v(CurveFamily.VAPOR_PRESSURE, 4, Math.log(0.2), 0, 0.5), EPS);
    }

    @Test
    void pow3IsCMinusAXToTheMinusAlpha() {
        // 0.9 - 0.5 / 2 = 0.65; 0.9 - 0.5 / 4 = 0.775
        assertEquals(0.65, v(CurveFamily.POW3, 2, 0.9, 0.5, 1), EPS);
        assertEquals(0.775, v(CurveFamily.POW3, 2, 0.9, 0.5, 2), EPS);
    }

    @Test
    void logLogLinearIsLnOfALnXPlusB() {
        // ln((e - 1) ln e + 1) = ln e = 1; ln(1 * ln e^2 - 1) = ln 1 = 0
        assertEquals(1, v(CurveFamily.LOGLOG_LINEAR, Math.E, Math.E - 1, 1), EPS);
        assertEquals(0, v(CurveFamily.LOGLOG_LINEAR, Math.exp(2), 1, -1), EPS);
        // ln(-1 * ln e + 0) = ln(-1): not a real number
        assertTrue(Double.isNaN(v(CurveFamily.LOGLOG_LINEAR, Math.E, -1, 0)));
    }

    @Test
    void hill3IsYmaxXToTheEtaOverKappaToTheEtaPlusXToTheEta() {
        // 0.8 * 2^2 / (2^2 + 2^2) = 0.4; 0.8 * 4^2 / (2^2 + 4^2) = 0.8 * 16 / 20 = 0.64
        assertEquals(0.4, v(CurveFamily.HILL3, 2, 0.8, 2, 2), EPS);
        assertEquals(0.64, v(CurveFamily.HILL3, 4, 0.8, 2, 2), EPS);
    }

    @Test
    void logPowerIsAOverOnePlusXOverEToTheBToTheC() {
        // 0.9 / (1 + (2 / 2)^-1) = 0.45; 0.9 / (1 + (4 / 2)^-1) = 0.9 / 1.5 = 0.6
        assertEquals(0.45, v(CurveFamily.LOG_POWER, 2, 0.9, Math.log(2), -1), EPS);
        assertEquals(0.6, v(CurveFamily.LOG_POWER, 4, 0.9, Math.log(2), -1), EPS);
    }

    @Test
    void pow4IsCMinusAXPlusBToTheMinusAlpha() {
        // 0.9 - (1 * 2 + 2)^-1 = 0.65; 0.9 - (1 * 7 + 2)^-0.5 = 0.9 - 1/3
        assertEquals(0.65, v(CurveFamily.POW4, 2, 0.9, 1, 2, 1), EPS);
        assertEquals(0.9 - 1.0 / 3, v(CurveFamily.POW4, 7, 0.9, 1, 2, 0.5), EPS);
        // a x + b = 1 * 1 - 2 < 0: not a real number
        assertTrue(Double.isNaN(v(CurveFamily.POW4, 1, 0.9, 1, -2, 0.5)));
    }

    @Test
    void mmfIsAlphaMinusAlphaMinusBetaOverOnePlusKappaXToTheDelta() {
        // 0.9 - 0.8 / (1 + (0.5 * 2)^2) = 0.5; 0.9 - 0.8 / (1 + (0.5 * 6)^2) = 0.9 - 0.08 = 0.82
        assertEquals(0.5, v(CurveFamily.MMF, 2, 0.9, 0.1, 0.5, 2), EPS);
        assertEquals(0.82, v(CurveFamily.MMF, 6, 0.9, 0.1, 0.5, 2), EPS);
    }

    @Test
    void exp4IsCMinusExpOfMinusAXToTheAlphaPlusB() {
        // 0.9 - exp(-ln2 * 1 + 0) = 0.4; 0.9 - exp(-ln2 * 2 + 0) = 0.65; 0.9 - exp(-ln2 * 4^0.5 + ln 2) = 0.4
        assertEquals(0.4, v(CurveFamily.EXP4, 1, 0.9, Math.log(2), 0, 1), EPS);
        assertEquals(0.65, v(CurveFamily.EXP4, 2, 0.9, Math.log(2), 0, 1), EPS);
        assertEquals(0.4, v(CurveFamily.EXP4, 4, 0.9, Math.log(2), Math.log(2), 0.5), EPS);
    }

    @Test
    void janoschekIsAlphaMinusAlphaMinusBetaTimesExpOfMinusKappaXToTheDelta() {
        // 0.9 - 0.8 exp(-ln2 * 1) = 0.5; 0.9 - 0.8 exp(-(ln2 / 4) * 2^2) = 0.5
        assertEquals(0.5, v(CurveFamily.JANOSCHEK, 1, 0.9, 0.1, Math.log(2), 1), EPS);
        assertEquals(0.5, v(CurveFamily.JANOSCHEK, 2, 0.9, 0.1, Math.log(2) / 4, 2), EPS);
    }

    @Test
    void weibullIsAlphaMinusAlphaMinusBetaTimesExpOfMinusKappaXToTheDelta() {
        // 0.9 - 0.8 exp(-((ln2 / 2) * 2)^1) = 0.5; 0.9 - 0.8 exp(-(0.5 * 2)^2) = 0.9 - 0.8 / e
        assertEquals(0.5, v(CurveFamily.WEIBULL, 2, 0.9, 0.1, Math.log(2) / 2, 1), EPS);
        assertEquals(0.9 - 0.8 / Math.E, v(CurveFamily.WEIBULL, 2, 0.9, 0.1, 0.5, 2), EPS);
    }

    @Test
    void ilog2IsCMinusAOverLnOfXPlusOne() {
        // 0.9 - (0.5 ln 2) / ln 2 = 0.4; 0.9 - (0.5 ln 2) / ln 4 = 0.65
        assertEquals(0.4, v(CurveFamily.ILOG2, 1, 0.9, 0.5 * Math.log(2)), EPS);
        assertEquals(0.65, v(CurveFamily.ILOG2, 3, 0.9, 0.5 * Math.log(2)), EPS);
    }

    @Test
    void elevenFamiliesWithTheirParameterCounts() {
        assertEquals(11, CurveFamily.values().length);
        Set<String> keys = Arrays.stream(CurveFamily.values()).map(CurveFamily::key).collect(Collectors.toSet());
        assertEquals(Set.of("vap", "pow3", "loglog-linear", "hill3", "log-power", "pow4", "mmf", "exp4",
                "janoschek", "weibull", "ilog2"), keys);
        int[] arity = Arrays.stream(CurveFamily.values()).mapToInt(CurveFamily::arity).toArray();
        assertArrayEquals(new int[]{3, 3, 2, 3, 3, 4, 4, 4, 4, 4, 2}, arity);
        for (CurveFamily f : CurveFamily.values()) {
            for (int i = 0; i < f.arity(); i++) {
                assertTrue(f.lower(i) < f.upper(i), f + " parameter " + i);
            }
        }
    }

    @Test
    void theOffsetFormReadsItsSliceOfTheJointVector() {
        // pow3 in positions 2..4 of a longer vector: the same value as alone.
        double[] joint = {7, 7, 0.9, 0.5, 1, 7};
        CurveFamily f = CurveFamily.POW3;
        assertEquals(0.65, f.value(2, Math.log(2), joint, 2, f.pre(joint, 2)), EPS);
        assertTrue(f.inBox(joint, 2));
        assertFalse(f.inBox(new double[]{0.9, 0.5, -1}, 0), "alpha must be positive");
        CurveFamily h = CurveFamily.HILL3;
        double[] hj = {0, 0.8, 2, 2};
        assertEquals(0.64, h.value(4, Math.log(4), hj, 1, h.pre(hj, 1)), EPS);
    }
}
