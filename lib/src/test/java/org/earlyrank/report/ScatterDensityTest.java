package org.earlyrank.report;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The predicted-against-true chart of a whole search space: a density of occupied cells plus the best and
 * worst runs marked, whose page size does not grow with the runs.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ScatterDensityTest {
    private static List<double[]> points(int n, long seed) {
        Random rnd = new Random(seed);
        List<double[]> p = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double t = 0.5 + 0.1 * rnd.nextGaussian();
            p.add(new double[] {t, t + 0.05 * rnd.nextGaussian()});
        }
        return p;
    }

    private static String svg(XYPlot plot) {
        JFreeChart chart = new JFreeChart("x", Charts.TITLE, plot, false);
        Charts.style(chart);
        return Charts.svg(chart, ScatterSection.WIDTH, ScatterSection.HEIGHT, "t");
    }

    @Test
    void theDensityCountsEveryRunMarksTheBestAndWorstAndStaysSmall() {
        List<double[]> small = points(3_000, 1);
        List<double[]> large = points(30_000, 2);
        XYPlot plot = ScatterSection.density(Color.BLUE, small, new NumberAxis("t"), new NumberAxis("s"));
        XYDataset grid = plot.getDataset(0);
        double runs = 0;
        for (int i = 0; i < grid.getItemCount(0); i++) {
            runs += ((org.jfree.data.xy.XYZDataset) grid).getZValue(0, i);
        }
        assertEquals(3_000, runs, 0, "every run in one cell");
        assertTrue(grid.getItemCount(0) <= ScatterSection.BINS * ScatterSection.BINS);
        XYDataset marks = plot.getDataset(1);
        assertEquals(ScatterSection.MARKED, marks.getItemCount(0));
        assertEquals(ScatterSection.MARKED, marks.getItemCount(1));
        double bestTruth = small.stream().mapToDouble(p -> p[0]).max().orElseThrow();
        double worstTruth = small.stream().mapToDouble(p -> p[0]).min().orElseThrow();
        assertEquals(bestTruth, marks.getXValue(0, 0), 0, "the best run by the truth is marked");
        assertEquals(worstTruth, marks.getXValue(1, 0), 0, "the worst run by the truth is marked");

        int smallSvg = svg(plot).length();
        int largeSvg = svg(ScatterSection.density(Color.BLUE, large, new NumberAxis("t"), new NumberAxis("s"))).length();
        assertTrue(largeSvg < 250_000, "a density chart of 30,000 runs: " + largeSvg + " characters");
        assertTrue(largeSvg < 2 * smallSvg, "ten times the runs, about the same size: " + smallSvg + " -> " + largeSvg);
    }
}
