package org.earlyrank.report;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.rank.RankMetrics;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.jfree.chart.axis.NumberAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The noise ceiling, the chart axis fit and the family colours on hand-made tables (no Spark, no training). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NoiseCeilingTest {
    private static final ReportOptions OPTS = SweepConfig.defaults().get(ReportOptions.SECTION);

    private static RunRow run(String id, String arch, Double val, Double test) {
        return new RunRow("s", id, arch, "arch", "nb201", RunsTable.SOURCE_TRAIN, 1L, 3, 3, null, null, "ok", null, val,
                test, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** Four architectures with two seeds each (r00, r00-s1, ...), one with a single seed. */
    private static List<RunRow> runs() {
        double[][] acc = {{0.70, 0.72, 0.71, 0.69}, {0.80, 0.78, 0.79, 0.81}, {0.60, 0.66, 0.64, 0.61}, {0.75, 0.74, 0.70, 0.77}};
        List<RunRow> out = new ArrayList<>();
        for (int a = 0; a < acc.length; a++) {
            out.add(run(String.format("r%02d", a), "arch" + a, acc[a][0], acc[a][1]));
            out.add(run(String.format("r%02d-s1", a), "arch" + a, acc[a][2], acc[a][3]));
        }
        out.add(run("r09", "arch9", 0.5, 0.5));
        return out;
    }

    @Test
    void validationAgainstTestAndSeedAgainstSeedAtTheFullBudget() {
        List<RunRow> runs = runs();
        Truth truth = Truth.of(runs, List.of(), OPTS);
        Map<String, Double> val = truth.measure(runs, List.of(), Truth.VAL);
        List<CurveRow> curves = new ArrayList<>();
        for (RunRow r : runs) {
            for (int e = 1; e <= 3; e++) {
                curves.add(new CurveRow("s", r.runId(), e, 1.0, null, 1.0, null, null, null, null, 2.0, null, null, null));
            }
        }
        List<RankCorrelationRow> rows = NoiseCeiling.rows("s", truth, val, runs, new TrainingSeconds(curves), 3, OPTS);
        assertEquals(List.of(RankCorrelationTable.CEILING, RankCorrelationTable.CEILING_SEEDS),
                rows.stream().map(RankCorrelationRow::estimator).toList());
        RankCorrelationRow c = rows.get(0);
        double[] v = runs.stream().sorted(java.util.Comparator.comparing(RunRow::runId)).mapToDouble(RunRow::finalValAcc).toArray();
        double[] t = runs.stream().sorted(java.util.Comparator.comparing(RunRow::runId)).mapToDouble(RunRow::finalTestAcc).toArray();
        assertEquals(RankMetrics.kendallTauB(v, t), c.kendallTau(), 1e-12);
        assertEquals(9, c.n());
        assertEquals(3, c.budgetEpoch());
        assertEquals(6.0, c.meanComputeSeconds(), 1e-12, "three epochs of 2 s each");
        assertTrue(c.ceiling());

        RankCorrelationRow s = rows.get(1);
        assertEquals(4, s.n(), "architectures with two seeds");
        assertEquals(1, s.runsUnscored(), "arch9 has one seed");
        // first seed's test accuracy against the second's: {0.72, 0.78, 0.66, 0.74} vs {0.69, 0.81, 0.61, 0.77}
        assertEquals(RankMetrics.kendallTauB(new double[]{0.69, 0.81, 0.61, 0.77}, new double[]{0.72, 0.78, 0.66, 0.74}),
                s.kendallTau(), 1e-12);
        assertEquals((0.03 + 0.03 + 0.05 + 0.03) / 4, s.meanAbsError(), 1e-12);
        assertNull(s.meanComputeSeconds());
    }

    @Test
    void aValidationTruthHasNoValAgainstTestCeiling() {
        List<RunRow> runs = runs().stream().map(r -> run(r.runId(), r.archId() + r.runId(), r.finalValAcc(), null)).toList();
        Truth truth = Truth.of(runs, List.of(), OPTS);
        assertEquals(Truth.VAL, truth.column());
        assertEquals(List.of(), NoiseCeiling.rows("s", truth, truth.measure(runs, List.of(), Truth.VAL), runs,
                new TrainingSeconds(List.of()), 3, OPTS), "val against itself says nothing; no architecture has two seeds");
    }

    @Test
    void theTauAxisFitsTheDataAndFamiliesShareAHue() {
        NumberAxis axis = new NumberAxis();
        TauByBudgetSection.fit(axis, List.of(0.1, 0.55, 0.3));
        assertTrue(axis.getLowerBound() > 0.0 && axis.getLowerBound() < 0.1 && axis.getUpperBound() > 0.55
                && axis.getUpperBound() < 0.6, axis.getRange().toString());
        TauByBudgetSection.fit(axis, List.of(-1.0, 1.0));
        assertEquals(-1.05, axis.getLowerBound(), 1e-12);
        assertEquals(1.05, axis.getUpperBound(), 1e-12);

        assertEquals(Charts.color(2), Charts.color(2, 0));
        assertNotEquals(Charts.color(2, 0), Charts.color(2, 1));
        assertNotEquals(Charts.dashed(0).getDashArray() == null, Charts.dashed(1).getDashArray() == null,
                "the first variant solid, the next dashed");
    }
}
