package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.junit.jupiter.api.Test;

/** The Table 4.1 analogue: means, spreads and the paired comparison with val-acc. */
class SearchSummaryTest {
    static SearchResultRow row(String algorithm, String estimator, String design, int repeat, double test, double compute) {
        return new SearchResultRow("s", design + "-" + estimator, algorithm, estimator, repeat, "r" + repeat, 0.5, test,
                0.95, 0.95 - test, compute, 100.0, 10, design, 12, "arch", 100L, 384L, 4, 0, "replay");
    }

    static List<SearchResultRow> rows() {
        List<SearchResultRow> out = new ArrayList<>();
        double[] plain = {0.90, 0.91, 0.92};
        double[] tse = {0.91, 0.93, 0.95};
        for (int r = 0; r < 3; r++) {
            out.add(row("hyperband", "tse-e", "hyperband-x", r, tse[r], 40));
            out.add(row("hyperband", "val-acc", "hyperband-x", r, plain[r], 38));
            out.add(row("random", "val-acc", "random-y", r, plain[r], 100));
        }
        return out;
    }

    @Test
    void meansSpreadsAndThePairedDifferenceWithItsTInterval() {
        List<SearchSummary.Row> s = SearchSummary.of(rows(), 0.95);
        assertEquals(List.of("random/val-acc", "hyperband/val-acc", "hyperband/tse-e"),
                s.stream().map(r -> r.algorithm() + "/" + r.estimator()).toList(),
                "algorithms in the options' order, val-acc first");
        SearchSummary.Row tse = s.get(2);
        assertEquals(0.93, tse.testMean(), 1e-12);
        assertEquals(0.02, tse.testSd(), 1e-12, "sd of 0.91, 0.93, 0.95 (n - 1)");
        assertEquals(0.02, tse.regretMean(), 1e-12);
        assertEquals(0.4, tse.computeFraction(), 1e-12);
        SearchSummary.Comparison c = tse.versusValAcc();
        assertEquals("hyperband-x-val-acc", c.baselineSearchId());
        // Paired differences 0.01, 0.02, 0.03: mean 0.02, sd 0.01; t(0.975, 2 df) = 4.302653 (scipy.stats.t.ppf).
        assertEquals(0.02, c.meanDiff(), 1e-12);
        assertEquals(0.02 - 4.302653 * 0.01 / Math.sqrt(3), c.low(), 1e-6);
        assertEquals(0.02 + 4.302653 * 0.01 / Math.sqrt(3), c.high(), 1e-6);
        assertEquals(3, c.better());
        assertEquals(40.0 / 38.0, c.computeRatio(), 1e-12);
        assertFalse(c.improves(), "the interval [-0.005, 0.045] contains 0");
        assertNull(s.get(0).versusValAcc(), "val-acc is not compared with itself");
        assertNull(s.get(1).versusValAcc());
        String md = SearchSummary.markdown(s);
        assertTrue(md.contains("| hyperband | tse-e | 3 | 93.00 +- 2.00 | +2.00 [-0.48, +4.48] (3/0/0) |"), md);
    }
}
