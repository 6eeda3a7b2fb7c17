package org.earlyrank.report;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.earlyrank.SmokeSweep;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The report stage on a copy of the real smoke sweep, with synthetic estimators written through StageOutput. */
@org.junit.jupiter.api.Timeout(value = 600, unit = java.util.concurrent.TimeUnit.SECONDS) // the first test in a JVM trains the smoke sweep
class ReportStageTest {
    @TempDir
    Path dir;

    private static SweepConfig config(Map<String, String> overrides) {
        Map<String, String> o = new TreeMap<>(Map.of("report.bootstrap", "200"));
        o.putAll(overrides);
        return ConfigLoader.load(SmokeSweep.confFile(), o);
    }

    /** Writes estimates as a stage would: one unit per run, published. */
    static void writeEstimates(SweepFolder sweep, String stage, Map<String, ToDoubleFunction<RunRow>> estimators) {
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        StageOutput out = new StageOutput(sweep, stage, List.of(EstimatesTable.TABLE));
        for (RunRow r : runs) {
            List<Row> rows = new ArrayList<>();
            for (int t = 1; t <= r.epochsDone(); t++) {
                for (Map.Entry<String, ToDoubleFunction<RunRow>> e : estimators.entrySet()) {
                    rows.add(new EstimateRow(sweep.sweepId(), r.runId(), e.getKey(), t, e.getValue().applyAsDouble(r),
                            0.001 * t, stage).toRow());
                }
            }
            out.commit(r.runId(), Map.of(EstimatesTable.NAME, rows), "{}");
        }
        out.publish();
    }

    private static Map<String, ToDoubleFunction<RunRow>> oracleAndReverse() {
        Map<String, ToDoubleFunction<RunRow>> m = new TreeMap<>();
        m.put("oracle", RunRow::finalTestAcc);
        m.put("reverse", r -> -r.finalTestAcc());
        m.put("constant", r -> 0.5);
        return m;
    }

    private static List<RankCorrelationRow> rows(SweepFolder sweep) {
        return sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).stream().map(RankCorrelationRow::fromRow).toList();
    }

    @Test
    void rankingTheTruthGivesTauOneItsReverseMinusOneAndThePageShowsBoth() throws IOException {
        SweepFolder sweep = SmokeSweep.copy(dir);
        writeEstimates(sweep, "synthetic", oracleAndReverse());
        ObjectNode opts = OptionsFile.read(sweep);
        ((ObjectNode) opts.get("stages")).putObject("score-tse").put(ReportContext.EFFECTIVE_BUDGET_KEY, 3)
                .put(ReportContext.OVERFIT_EPOCH_KEY, 4);
        OptionsFile.write(sweep, opts);
        long okRuns = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).filter(RunRow::ok).count();
        assertTrue(okRuns >= 3, "the smoke sweep needs 3 ok runs for a defined tau, has " + okRuns);

        Map<String, Object> summary = Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false);

        List<RankCorrelationRow> rows = rows(sweep).stream().filter(r -> !r.ceiling()).toList();
        assertEquals(3 * 4, rows.size(), "3 estimators x 4 budgets");
        assertEquals(List.of(RankCorrelationTable.CEILING), rows(sweep).stream().filter(RankCorrelationRow::ceiling)
                .map(RankCorrelationRow::estimator).toList(), "one seed per architecture: the val-vs-test ceiling only");
        for (RankCorrelationRow r : rows) {
            assertEquals((int) okRuns, r.n(), r.toString());
            assertEquals("final test_acc", r.truth());
            assertEquals("smoke", r.sweepId());
            assertEquals(r.budgetEpoch() / 4.0, r.budgetFraction(), 1e-12);
            assertEquals(1, r.k(), "10% of 8 runs rounds to 1");
            switch (r.estimator()) {
                case "oracle" -> {
                    assertEquals(1.0, r.kendallTau(), 1e-12);
                    assertEquals(1.0, r.spearmanRho(), 1e-12);
                    assertEquals(1.0, r.pearsonR(), 1e-12);
                    assertEquals(1.0, r.precisionAtK(), 0);
                    assertEquals(0.0, r.regretTop1(), 0);
                    assertEquals(1.0, r.tauCiLow(), 1e-12, "every resample of a perfect ranking is perfect");
                    assertEquals(1.0, r.tauCiHigh(), 1e-12);
                }
                case "reverse" -> {
                    assertEquals(-1.0, r.kendallTau(), 1e-12);
                    assertEquals(-1.0, r.spearmanRho(), 1e-12);
                    assertTrue(r.regretTop1() > 0, "it picks the worst run");
                    assertEquals(0.0, r.precisionAtK(), 0);
                    assertTrue(r.tauCiLow() <= -1 + 1e-12 && r.tauCiHigh() >= -1 - 1e-12);
                }
                case "constant" -> {
                    assertNull(r.kendallTau(), "a constant score has no rank correlation");
                    assertNull(r.spearmanRho());
                    assertNull(r.pearsonR());
                    assertNull(r.tauCiLow());
                    assertNull(r.tauCiHigh());
                }
                default -> fail(r.estimator());
            }
            assertEquals(0.001 * r.budgetEpoch(), r.meanCostSeconds(), 1e-12);
            assertEquals("synthetic", r.stage());
        }
        assertEquals(12 + 1, summary.get("rows"), "and the ceiling");

        Path report = Path.of(sweep.reportDir().toUri());
        String html = Files.readString(report.resolve(ReportStage.PAGE));
        assertTrue(html.contains("<svg"), "charts are inline SVG");
        assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:|//).*"), "no external resources");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("NaN"));
        for (String name : List.of("oracle", "reverse", "constant")) {
            assertTrue(html.contains(name), name);
        }
        assertTrue(html.contains("T_eff = 3") && html.contains("3 epochs = floor(0.9 T<sub>o</sub>), T<sub>o</sub> = 4"),
                "effective budget shown: the chart's marker and the overview");
        assertTrue(html.contains("could not be drawn") == false, "every section rendered");
        // several inline SVGs share one document: their clip-path ids must not collide
        List<String> ids = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\bid=['\"]([^'\"]+)['\"]").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "element ids are unique: " + ids);
        assertTrue(ids.stream().anyMatch(i -> i.contains("clip")), "charts define clip paths: " + ids);
        long charts = html.split("<svg", -1).length - 1;
        assertEquals(2 + 3, charts, "tau against budget and against compute, plus one scatter per estimator");
        String md = Files.readString(report.resolve(ReportStage.SUMMARY));
        for (String fraction : List.of("| 10% | 1 | `oracle` | 1.000", "| 25% | 1 |", "| 50% | 2 |", "| 100% | 4 | `oracle`")) {
            assertTrue(md.contains(fraction), fraction + " in\n" + md);
        }
        try (Stream<Path> s = Files.list(report)) {
            assertEquals(List.of("index.html", "summary.md"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertFalse(Files.exists(Path.of(sweep.staging().toUri()).resolve(ReportStage.NAME)), "staging removed");
    }

    /**
     * Issue 17 items 2-5 on the real smoke sweep: the ceiling row is validation against test accuracy at the full
     * budget; an estimator that IS the final validation accuracy matches it in tau and error; error only for
     * accuracies; compute = training seconds up to the budget plus the estimate's own; the paired comparisons
     * put the oracle first and find it beats the reverse beyond the noise; summary and page say so.
     */
    @Test
    void theCeilingPairedComparisonsErrorAndComputeAreReported() throws IOException {
        SweepFolder sweep = SmokeSweep.copy(dir);
        Map<String, ToDoubleFunction<RunRow>> est = new TreeMap<>(oracleAndReverse());
        est.remove("constant");
        est.put("val-acc", RunRow::finalValAcc); // registered, an accuracy
        est.put("tse", r -> -r.finalTestAcc()); // registered, not an accuracy
        writeEstimates(sweep, "synthetic", est);

        Pipeline.run(Stages.REPORT, null, config(Map.of("report.pairs", "val-acc:tse")), sweep, false);

        List<RunRow> ok = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).filter(RunRow::ok).toList();
        double[] val = ok.stream().sorted(java.util.Comparator.comparing(RunRow::runId)).mapToDouble(RunRow::finalValAcc).toArray();
        double[] test = ok.stream().sorted(java.util.Comparator.comparing(RunRow::runId)).mapToDouble(RunRow::finalTestAcc).toArray();
        double mae = 0;
        for (int i = 0; i < val.length; i++) {
            mae += Math.abs(val[i] - test[i]) / val.length;
        }
        List<RankCorrelationRow> rows = rows(sweep);
        RankCorrelationRow ceiling = rows.stream().filter(r -> r.estimator().equals(RankCorrelationTable.CEILING))
                .findFirst().orElseThrow();
        assertEquals(4, ceiling.budgetEpoch(), "at the full budget");
        assertEquals(ok.size(), ceiling.n());
        assertEquals("report", ceiling.stage());
        assertEquals(org.earlyrank.rank.RankMetrics.kendallTauB(val, test), ceiling.kendallTau(), 1e-12);
        assertEquals(mae, ceiling.meanAbsError(), 1e-12);
        RankCorrelationRow valAcc = rows.stream().filter(r -> r.estimator().equals("val-acc") && r.budgetEpoch() == 4)
                .findFirst().orElseThrow();
        assertEquals(ceiling.kendallTau(), valAcc.kendallTau(), 1e-12, "the same two measurements");
        assertEquals(mae, valAcc.meanAbsError(), 1e-12);

        // compute: mean over runs of epoch_seconds summed to the budget, plus the estimate's own 0.001 t seconds
        List<org.earlyrank.schema.CurvesTable.CurveRow> curves = sweep.read(org.earlyrank.schema.CurvesTable.TABLE, "train")
                .stream().map(org.earlyrank.schema.CurvesTable.CurveRow::fromRow).toList();
        for (RankCorrelationRow r : rows) {
            if (r.ceiling()) {
                continue;
            }
            boolean accuracy = r.estimator().equals("val-acc");
            assertEquals(accuracy, r.meanAbsError() != null, r.estimator() + ": error only for accuracies");
            double expected = 0;
            for (RunRow run : ok) {
                expected += curves.stream().filter(c -> c.runId().equals(run.runId()) && c.epoch() >= 1
                        && c.epoch() <= r.budgetEpoch()).mapToDouble(c -> c.epochSeconds()).sum() / ok.size();
            }
            assertEquals(expected + 0.001 * r.budgetEpoch(), r.meanComputeSeconds(), 1e-9, r.toString());
        }

        List<org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow> cmp = sweep.read(
                org.earlyrank.schema.EstimatorComparisonTable.TABLE, ReportStage.NAME).stream()
                .map(org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow::fromRow).toList();
        assertEquals(4 * 3 + 4, cmp.size(), "4 budgets, the best against 3 others, and the pair val-acc:tse");
        List<org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow> pairs = cmp.stream().filter(c -> !c.best()).toList();
        assertEquals(4, pairs.size());
        for (var c : pairs) {
            assertEquals("val-acc", c.estimator());
            assertEquals("tse", c.versus());
            assertEquals(c.estimatorTau() + 1.0, c.tauDiff(), 1e-12, "tse is the exact reverse of the truth");
        }
        cmp = cmp.stream().filter(c -> c.best()).toList();
        for (var c : cmp) {
            assertEquals("oracle", c.estimator(), "tau 1 is the best at every budget");
            assertEquals(ok.size(), c.n());
            assertTrue(c.tauDiff() >= 0 && c.ciLow() <= c.tauDiff() && c.tauDiff() <= c.ciHigh(), c.toString());
            assertTrue(c.pBetter() >= 0 && c.pBetter() <= 1, c.toString());
            if (c.versus().equals("reverse") || c.versus().equals("tse")) {
                assertEquals(2.0, c.tauDiff(), 1e-12);
                assertTrue(c.significant() && c.pBetter() == 1.0, "a perfect ranking beats its reverse on every resample: " + c);
            }
        }

        Path report = Path.of(sweep.reportDir().toUri());
        String md = Files.readString(report.resolve(ReportStage.SUMMARY));
        assertTrue(md.contains("Noise ceiling: final val_acc against final test_acc at 4 epochs ranks the runs at tau "
                + Html.num(ceiling.kendallTau(), 3)), md);
        assertTrue(md.contains("At 100% (4 epochs) `oracle` (tau 1.000) beats ") && md.contains("`reverse` (tau +2.00 [2.00, 2.00])"), md);
        assertFalse(md.contains("distinguishable from ."), md);
        assertTrue(md.contains("- `val-acc` minus `tse`: 10% +"), md);
        assertTrue(md.contains("Cheapest estimate within 0.05 of the ceiling") && md.contains("`oracle` at 1 epoch,"),
                "the oracle is at the ceiling from the first epoch on:\n" + md);
        String html = Files.readString(report.resolve(ReportStage.PAGE));
        assertTrue(html.contains("Noise ceiling and paired comparisons") && html.contains("noise ceiling (val vs test)")
                && html.contains("Kendall tau against compute"), "the comparisons section, the ceiling line, the compute chart");
    }

    @Test
    void aFinishedReportIsRedoneWhenAnEstimatorStageAddsRowsAndOtherOptionsAreRefused() {
        SweepFolder sweep = SmokeSweep.copy(dir);
        writeEstimates(sweep, "synthetic", Map.of("oracle", RunRow::finalTestAcc));
        Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false);
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false));

        writeEstimates(sweep, "other", Map.of("params", r -> r.nParams() == null ? 0 : r.nParams()));
        Map<String, Object> again = Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false);
        assertEquals(8 + 1, again.get("rows"), "oracle and params at 4 budgets, and the ceiling");
        assertEquals(List.of("ceiling", "oracle", "params"), rows(sweep).stream().map(RankCorrelationRow::estimator).distinct().sorted().toList());
        assertTrue(OptionsFile.read(sweep).path("stages").path("report").path("notes").toString().contains("redone"));

        var e = assertThrows(org.earlyrank.config.ConfigException.class,
                () -> Pipeline.run(Stages.REPORT, null, config(Map.of("report.truth_last_k", "2")), sweep, false));
        assertTrue(e.getMessage().contains("report.truth_last_k: 1 -> 2"), e.getMessage());
        Map<String, Object> redone = Pipeline.run(Stages.REPORT, null, config(Map.of("report.truth_last_k", "2")), sweep, true);
        assertEquals("mean test_acc of the last 2 epochs", redone.get("truth"));
        assertEquals("mean test_acc of the last 2 epochs", rows(sweep).get(0).truth());
    }

    @Test
    void aMissingEstimatesTableFailsNamingItAndChangesNothing() throws IOException {
        SweepFolder sweep = SmokeSweep.copy(dir);
        Map<String, String> before = snapshot(dir);
        TableException e = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false));
        assertEquals(EstimatesTable.NAME, e.table());
        assertTrue(e.getMessage().contains("no table 'estimates'"), e.getMessage());
        assertEquals(before, snapshot(dir), "no file in the sweep changed");
    }

    @Test
    void anEstimatesTableWithTheWrongSchemaFailsNamingItAndChangesNothing() throws IOException {
        SweepFolder sweep = SmokeSweep.copy(dir);
        // score written as a string: what an incompatible writer would leave
        TableSchema wrong = TableSchema.builder(EstimatesTable.NAME, "run, estimator and budget")
                .required("sweep_id", ColumnType.STRING, "").required("run_id", ColumnType.STRING, "")
                .required("estimator", ColumnType.STRING, "").required("budget_epoch", ColumnType.INT, "")
                .required("score", ColumnType.STRING, "").required("cost_seconds", ColumnType.DOUBLE, "").build();
        org.apache.hadoop.fs.Path table = sweep.table(EstimatesTable.NAME);
        ParquetTableWriter.writeFile(new org.apache.hadoop.fs.Path(table, "part-x.parquet"), wrong,
                List.of(RowFactory.create("smoke", "r000", "tse", 1, "high", 0.1)), sweep.conf());
        Files.createFile(Path.of(table.toUri()).resolve("_SUCCESS"));
        Map<String, String> before = snapshot(dir);
        TableException e = assertThrows(TableException.class,
                () -> Pipeline.run(Stages.REPORT, null, config(Map.of()), sweep, false));
        assertEquals(EstimatesTable.NAME, e.table());
        assertTrue(e.getMessage().contains("table 'estimates'") && e.getMessage().contains("'score'"), e.getMessage());
        assertEquals(before, snapshot(dir), "no file in the sweep changed");
    }

    /** Every file under root: relative path to size and content hash. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(p)) {
                    byte[] b = Files.readAllBytes(p);
                    out.put(root.relativize(p).toString(), b.length + ":" + java.util.Arrays.hashCode(b));
                }
            }
        }
        return out;
    }

    @Test
    void theReportSectionIsInTheConfigAndValidated() {
        assertEquals(1000, SweepConfig.defaults().get(ReportOptions.SECTION).bootstrap());
        var e = assertThrows(org.earlyrank.config.ConfigException.class,
                () -> config(Map.of("report.confidence", "1.5")));
        assertTrue(e.getMessage().contains("report.confidence must be in (0.0, 1.0), got 1.5"), e.getMessage());
    }
}
