package org.earlyrank.report.sections;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.junit.jupiter.api.Test;

/** The report's search section: the Table 4.1 analogue and its chart. */
class SearchSectionTest {
    private static SearchResultRow row(String algorithm, String estimator, int repeat, double test, int fallbacks) {
        return new SearchResultRow("s", algorithm + "-h-" + estimator, algorithm, estimator, repeat, "r" + repeat, 0.5,
                test, 0.95, 0.95 - test, 30 + repeat, 100.0, 10, algorithm + "-h", 12, "arch", 100L, 384L, 5, fallbacks,
                "replay");
    }

    @Test
    void oneRowPerSearchWithTheComparisonTheCaveatsAndTheChart() {
        List<SearchResultRow> rows = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            rows.add(row("hyperband", "val-acc", r, 0.90 + 0.01 * r, 0));
            rows.add(row("hyperband", "svr", r, 0.91 + 0.01 * r, 2));
            rows.add(row("bohb", "val-acc", r, 0.89, 0));
        }
        String html = SearchSection.body(rows, null);
        assertTrue(html.contains("<tr><td>hyperband</td><td>svr</td><td class=\"num\">4</td>"), html);
        assertTrue(html.contains("+1.00 [+1.00, +1.00] (4 / 0 / 0)"), "svr's pick is 1 point better in every repeat: " + html);
        assertTrue(html.contains("91.50 &#177; 1.29"), "hyperband val-acc: mean 91.50, sd 1.29 points: " + html);
        assertTrue(html.contains("Best test accuracy in the pool: 95.00%"), html);
        assertTrue(html.contains("8 of 20 decisions had no svr score"), html);
        assertTrue(html.contains("svr is fitted across runs"), html);
        assertTrue(html.contains("<svg") && html.contains("id='chart-search'"), html);
        assertTrue(html.indexOf("<td>hyperband</td><td>val-acc</td>") < html.indexOf("<td>bohb</td>"),
                "algorithms in the options' order");
        assertFalse(html.contains("NaN"));
    }
}
