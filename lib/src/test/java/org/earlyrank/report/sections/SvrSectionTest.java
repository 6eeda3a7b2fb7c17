package org.earlyrank.report.sections;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;

import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;

/** The report's curve-regression chart (Baker et al.'s Figure 3) and early-stopping table (their Figure 4). */
class SvrSectionTest {
    private static SvrFitRow fit(String model, int tau, Double r2, Double se) {
        return new SvrFitRow("s", model, tau, model.equals("lce") ? 0 : 100, 10, r2, se, null, null, null, null, 1200,
                false, "final_val_acc", "ts+ap+hp", null, 1.0, 0, null, null, "none");
    }

    @Test
    void r2IsDrawnAgainstThePercentOfTheCurveWithItsStandardErrorBand() {
        YIntervalSeriesCollection data = SvrSection.chartData(List.of(fit("nu-svr-rbf", 5, 0.65, 0.01),
                fit("nu-svr-rbf", 10, 0.80, 0.02), fit("lce", 5, -3.0, 0.5), fit("bnn", 5, 0.2, null),
                fit("lce", 10, null, null)), 20);
        assertEquals(List.of("bnn", "lce", "nu-svr-rbf"), List.of(data.getSeriesKey(0), data.getSeriesKey(1),
                data.getSeriesKey(2)), "one series per model");
        YIntervalSeries svr = data.getSeries(2);
        assertEquals(2, svr.getItemCount());
        assertEquals(25.0, svr.getX(0).doubleValue(), 1e-12, "tau 5 of T = 20 is 25% of the curve");
        assertEquals(0.65, svr.getYValue(0), 1e-12);
        assertEquals(0.64, svr.getYLowValue(0), 1e-12);
        assertEquals(0.66, svr.getYHighValue(0), 1e-12);
        assertEquals(50.0, svr.getX(1).doubleValue(), 1e-12);
        YIntervalSeries lce = data.getSeries(1);
        assertEquals(1, lce.getItemCount(), "an undefined R^2 is not drawn");
        assertEquals(-1, lce.getYValue(0), 0.0, "drawn at -1");
        assertEquals(-1, lce.getYHighValue(0), 0.0, "-3 + 0.5 is still below -1");
        YIntervalSeries bnn = data.getSeries(0);
        assertEquals(0.2, bnn.getYLowValue(0), 0.0, "no standard error: no band");
        assertEquals(5.0, SvrSection.chartData(List.of(fit("ols", 5, 0.5, 0.1)), 0).getSeries(0).getX(0).doubleValue(),
                0.0, "without T the axis is tau");
    }

    @Test
    void earlyStoppingNamesTheModelBehindEachRule() {
        EarlyStoppingRow svr = new EarlyStoppingRow("s", "best", 0.99, null, 10, 4.26, true, 900, null, "full-training",
                1.0, 1300, 100, 26000, 6100, 0.95, 0.95, "nu-svr-rbf", 20, null, null, null, "mad");
        EarlyStoppingRow lce = new EarlyStoppingRow("s", "lce-best", 0.99, null, 10, 2.1, false, 700, null,
                "full-training", 0.3, 1300, 0, 26000, 12300, 0.94, 0.95, "lce", 20, null, null, null, null);
        StringBuilder b = new StringBuilder();
        SvrSection.earlyStopping(b, List.of(svr, lce));
        String html = b.toString();
        assertTrue(html.contains("<td><code>lce-best</code></td><td><code>lce</code></td><td class=\"num\">0.99</td>"), html);
        assertTrue(html.contains("<td><code>best</code></td><td><code>nu-svr-rbf</code></td>"), html);
        assertTrue(html.contains("<th>model</th>"), html);
    }
}
