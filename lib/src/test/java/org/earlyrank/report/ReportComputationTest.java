package org.earlyrank.report;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truth, rows and page assembly on hand-made tables (no Spark, no training). */
class ReportComputationTest {
    @TempDir
    Path dir;

    private static final ReportOptions DEFAULTS = SweepConfig.defaults().get(ReportOptions.SECTION);

    private static ReportOptions with(String truth, int lastK) {
        ReportOptions d = DEFAULTS;
        return new ReportOptions(truth, lastK, d.topK(), d.topKFraction(), 100, d.confidence(), d.seed(),
                d.scatterBudgetFraction(), d.summaryFractions(), d.pairs());
    }

    static RunRow run(String id, String status, int epochs, Double finalVal, Double finalTest) {
        return new RunRow("s", id, "a" + id, "arch", "nb201", RunsTable.SOURCE_TRAIN, 1L, epochs, epochs, null, null,
                status, null, finalVal, finalTest, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null);
    }

    static CurveRow curve(String id, int epoch, Double val, Double test) {
        return new CurveRow("s", id, epoch, 1.0, null, 1.0, val, null, test, null, null, null, null, null);
    }

    /** Three ok runs of 3 epochs (val and test), one diverged. */
    private static List<RunRow> runs() {
        return List.of(run("r0", "ok", 3, 0.5, 0.55), run("r1", "ok", 3, 0.7, 0.65), run("r2", "ok", 3, 0.6, 0.75),
                run("r3", RunsTable.STATUS_DIVERGED, 3, null, null));
    }

    private static List<CurveRow> curves() {
        List<CurveRow> c = new ArrayList<>();
        double[][] val = {{0.2, 0.4, 0.5}, {0.3, 0.9, 0.7}, {0.1, 0.3, 0.6}};
        for (int r = 0; r < 3; r++) {
            for (int e = 1; e <= 3; e++) {
                c.add(curve("r" + r, e, val[r][e - 1], null));
            }
        }
        return c;
    }

    @Test
    void truthIsTestWhereThereIsOneElseValidationAndCanAverageTheLastEpochs() {
        Truth auto = Truth.of(runs(), curves(), with("auto", 1));
        assertEquals("final test_acc", auto.description());
        assertEquals(Map.of("r0", 0.55, "r1", 0.65, "r2", 0.75), auto.values());
        assertTrue(auto.notes().get(0).contains("1 run(s) did not finish ok"), auto.notes().toString());

        List<RunRow> noTest = runs().stream().map(r -> run(r.runId(), r.status(), 3, r.finalValAcc(), null)).toList();
        assertEquals("final val_acc", Truth.of(noTest, curves(), with("auto", 1)).description());
        Truth last2 = Truth.of(noTest, curves(), with("val", 2));
        assertEquals("mean val_acc of the last 2 epochs", last2.description());
        assertEquals(0.8, last2.values().get("r1"), 1e-12, "(0.9 + 0.7) / 2");

        ConfigException noTestSplit = assertThrows(ConfigException.class, () -> Truth.of(noTest, curves(), with("test", 1)));
        assertTrue(noTestSplit.getMessage().contains("report.truth = test"), noTestSplit.getMessage());
        ConfigException tooLong = assertThrows(ConfigException.class, () -> Truth.of(runs(), curves(), with("val", 4)));
        assertTrue(tooLong.getMessage().contains("report.truth_last_k = 4 exceeds the 3 planned epochs"), tooLong.getMessage());
    }

    private static EstimateRow est(String run, String estimator, int t, double score) {
        return new EstimateRow("s", run, estimator, t, score, 0.5, "score-tse");
    }

    @Test
    void rowsCountUnscoredRunsIgnoreRunsWithoutTruthAndAreReproducible() {
        Truth truth = Truth.of(runs(), curves(), with("auto", 1));
        List<EstimateRow> e = List.of(
                est("r0", "a", 1, 1), est("r1", "a", 1, 2), est("r2", "a", 1, 3), est("r3", "a", 1, 99),
                est("r0", "a", 2, 1), est("r1", "a", 2, Double.NaN), est("r2", "a", 2, 3),
                est("r3", "b", 1, 1));
        List<RankCorrelationRow> rows = RankCorrelations.compute("s", e, truth, 3, with("auto", 1));
        assertEquals(List.of("a@1", "a@2", "b@1"), rows.stream().map(r -> r.estimator() + "@" + r.budgetEpoch()).toList());
        RankCorrelationRow a1 = rows.get(0);
        assertEquals(3, a1.n(), "the diverged run's score is ignored");
        assertEquals(1.0, a1.kendallTau(), 1e-12);
        assertEquals(0, a1.runsUnscored());
        assertEquals(1 / 3.0, a1.budgetFraction(), 1e-12);
        RankCorrelationRow a2 = rows.get(1);
        assertEquals(2, a2.n());
        assertEquals(1, a2.runsUnscored(), "a NaN score leaves the run out");
        assertNull(a2.kendallTau(), "2 runs: undefined");
        assertEquals(0.0, a2.regretTop1(), 1e-12, "regret is defined for any n >= 1");
        RankCorrelationRow b1 = rows.get(2);
        assertEquals(0, b1.n());
        assertEquals(3, b1.runsUnscored());
        assertNull(b1.k());
        assertNull(b1.regretTop1());
        assertEquals(rows, RankCorrelations.compute("s", e, truth, 3, with("auto", 1)), "same seed, same rows");
    }

    @Test
    void twoRowsForOneRunEstimatorAndBudgetAreRefusedNamingEstimates() {
        Truth truth = Truth.of(runs(), curves(), with("auto", 1));
        List<EstimateRow> e = List.of(est("r0", "a", 1, 1), est("r0", "a", 1, 2));
        TableException ex = assertThrows(TableException.class,
                () -> RankCorrelations.compute("s", e, truth, 3, with("auto", 1)));
        assertEquals(EstimatesTable.NAME, ex.table());
        assertTrue(ex.getMessage().contains("two rows for run r0, estimator a, budget 1"), ex.getMessage());
    }

    @Test
    void aLaterStageAddsASectionAndASectionThatFailsDoesNotSinkThePage() {
        Truth truth = Truth.of(runs(), curves(), with("auto", 1));
        List<EstimateRow> e = List.of(est("r0", "a", 1, 1), est("r1", "a", 1, 2), est("r2", "a", 1, 3));
        ReportOptions opts = with("auto", 1);
        List<RankCorrelationRow> rows = RankCorrelations.compute("s", e, truth, 3, opts);
        SweepFolder sweep = SweepFolder.at(dir.resolve("s").toString(), new Configuration());
        ReportContext ctx = new ReportContext(sweep, opts, truth, runs(), e, rows, 3, null);
        ReportSection extra = new ReportSection() {
            public String title() {
                return "SVR fits";
            }

            public String id() {
                return "svr";
            }

            public String html(ReportContext c) {
                return "<p>fits of " + Html.esc(c.sweepId()) + "</p>";
            }
        };
        ReportSection broken = new ReportSection() {
            public String title() {
                return "Broken";
            }

            public String id() {
                return "broken";
            }

            public String html(ReportContext c) {
                throw new IllegalStateException("no <data>");
            }
        };
        ReportSection absent = new ReportSection() {
            public String title() {
                return "MIP decisions";
            }

            public String id() {
                return "mip";
            }

            public boolean applies(ReportContext c) {
                return c.hasTable("mip_decisions");
            }

            public String html(ReportContext c) {
                return fail("not applicable");
            }
        };
        List<ReportSection> sections = new ArrayList<>(Stages.REPORT.page());
        sections.add(extra);
        sections.add(broken);
        sections.add(absent);
        ReportPage.Page page = ReportPage.render(ctx, sections);
        assertTrue(page.html().contains("<section id=\"svr\">\n<h2>SVR fits</h2>\n<p>fits of s</p>"));
        assertTrue(page.html().contains("href=\"#svr\""), "listed in the contents");
        assertFalse(page.html().contains("MIP decisions"), "a section without its table is left out");
        assertEquals(List.of("Broken: IllegalStateException: no <data>"), page.failures());
        assertTrue(page.html().contains("could not be drawn: IllegalStateException: no &lt;data&gt;"), "escaped");
        assertTrue(page.html().contains("Kendall tau against budget"));
        assertNull(ctx.effectiveBudget());
    }

    /**
     * Figure 3's rule on hand-made correlations: T_eff = 2, so the rule's tau is tse-e's at budgets 1-2 and
     * val-acc's at 3.
     */
    @Test
    void theEffectiveBudgetSectionSwitchesToValidationAccuracyAfterTEff() throws Exception {
        List<RankCorrelationRow> rows = new ArrayList<>();
        double[] tse = {0.6, 0.7, 0.2};
        double[] val = {0.1, 0.3, 0.9};
        for (int t = 1; t <= 3; t++) {
            rows.add(new RankCorrelationRow("s", "tse-e", t, 3, tse[t - 1], null, null, null, null, null, null, null,
                    "final test_acc", null, null, 0, null, 0, null, "score-tse"));
            rows.add(new RankCorrelationRow("s", "val-acc", t, 3, val[t - 1], null, null, null, null, null, null, null,
                    "final test_acc", null, null, 0, null, 0, null, "score-tse"));
        }
        com.fasterxml.jackson.databind.JsonNode options = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                "{\"stages\":{\"score-tse\":{\"overfit_epoch\":3,\"effective_budget_epoch\":2}}}");
        SweepFolder sweep = SweepFolder.at(dir.resolve("s").toString(), new Configuration());
        ReportContext ctx = new ReportContext(sweep, DEFAULTS, Truth.of(runs(), curves(), with("auto", 1)), runs(),
                List.of(), rows, 3, options);
        EffectiveBudgetSection section = new EffectiveBudgetSection();
        assertTrue(section.applies(ctx));
        assertEquals(2, ctx.effectiveBudget());
        assertEquals(3, ctx.overfitEpoch());
        String html = section.html(ctx);
        // budget 2 (T_eff): tse-e 0.7, val-acc 0.3, the rule 0.7; budget 3: the rule takes val-acc's 0.9
        assertTrue(html.contains("<td class=\"num\">2 (T<sub>eff</sub>)</td><td class=\"num\">0.700</td>"
                + "<td class=\"num\">0.300</td><td class=\"num\">0.700</td>"), html);
        assertTrue(html.contains("<td class=\"num\">3</td><td class=\"num\">0.200</td><td class=\"num\">0.900</td>"
                + "<td class=\"num\">0.900</td>"), html);
        assertFalse(section.applies(new ReportContext(sweep, DEFAULTS, Truth.of(runs(), curves(), with("auto", 1)),
                runs(), List.of(), rows, 3, null)), "not without a recorded T_eff");
    }
}
