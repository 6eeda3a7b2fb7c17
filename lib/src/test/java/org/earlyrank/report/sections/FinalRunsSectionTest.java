package org.earlyrank.report.sections;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.junit.jupiter.api.Test;

/** The report's HTML fragment of final_runs. */
class FinalRunsSectionTest {
    private static FinalRunRow row(String run, String estimator, int rank, Double finalTest, Double finalVal, Double sweepTest) {
        return new FinalRunRow("s", run, "|conv_3x3~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|", estimator, 3,
                rank, 12, 2, finalTest, 95.0, 16, 1, 5000, 128, 0.1, 7.9, sweepTest, 0.8, "config", finalVal, "ok",
                12345L, 14, 5, "parameter-averaging", 960L, 960L);
    }

    @Test
    void eachEstimatorDeliversTheTestAccuracyOfTheWinnerWithTheBestValidationAccuracy() {
        String html = FinalRunsSection.body(List.of(
                row("r002", "tse-e", 2, 0.86, 0.80, 0.79),
                row("r001", "tse-e", 1, 0.84, 0.83, 0.81),
                row("r007", "val-acc", 1, null, 0.70, null)));
        assertTrue(html.trim().endsWith("</table>"), "a body; the page adds the section and heading: " + html);
        // tse-e keeps r001 (val 0.83 > 0.80) and so delivers 0.8400, though r002 tests higher: no test-set peeking
        assertTrue(html.contains("<td class=\"num\">0.8400 (r001)</td>"), html);
        assertTrue(html.contains("+0.0300"), "gain of r001 and r002: " + html);
        assertTrue(html.contains("n/a"), "NULL accuracies print as n/a");
        assertTrue(html.indexOf(">r001<") < html.indexOf(">r002<"), "rows in rank order within an estimator");
        assertTrue(html.contains("|conv_3x3~0|+|none~0|"), html);
        assertEquals(1 + 2 + 1 + 3, html.split("<tr>", -1).length - 1, "two headers, two summaries, three winners");
    }

    @Test
    void noRowsSayWhy() {
        assertTrue(FinalRunsSection.body(List.of()).contains("No winners were retrained"));
    }
}
