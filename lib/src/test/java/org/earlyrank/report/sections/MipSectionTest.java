package org.earlyrank.report.sections;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.Html;
import org.earlyrank.report.ReportStage;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.MipConfirmationTable;
import org.earlyrank.schema.MipConfirmationTable.ConfirmationRow;
import org.earlyrank.schema.MipDecisionsTable;
import org.earlyrank.schema.MipDecisionsTable.DecisionRow;
import org.earlyrank.schema.MipImportanceTable;
import org.earlyrank.schema.MipImportanceTable.ImportanceRow;
import org.earlyrank.schema.MipTrialsTable;
import org.earlyrank.schema.MipTrialsTable.TrialRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The MIP section and the report on a folder without estimates, on hand-made prune-mip tables (no Spark,
 * no training; {@code PruneMipStageTest} checks the page on a real MIP folder). The budget space here
 * (epochs, learning_rate, channels, train_fraction) differs from that test's, so the section must take
 * mip_trials' parameter columns from the file.
 */
class MipSectionTest {
    @TempDir
    Path dir;

    static final ReportOptions DEFAULTS = SweepConfig.defaults().get(ReportOptions.SECTION);
    static final Map<String, ColumnType> OMEGA = omega();

    private static Map<String, ColumnType> omega() {
        Map<String, ColumnType> m = new LinkedHashMap<>();
        m.put("epochs", ColumnType.INT);
        m.put("learning_rate", ColumnType.DOUBLE);
        m.put("channels", ColumnType.INT);
        m.put("train_fraction", ColumnType.DOUBLE);
        return m;
    }

    private static Map<String, Double> setting(double epochs, double lr, double channels, double fraction) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("epochs", epochs);
        m.put("learning_rate", lr);
        m.put("channels", channels);
        m.put("train_fraction", fraction);
        return m;
    }

    private static TrialRow trial(int it, int t, String kind, Map<String, Double> s, double rs, boolean defined,
                                  Double mean, Double objective, boolean chosen) {
        return new TrialRow("m", it, t, kind, "s" + it + t, s, rs, defined, 5, defined ? rs - 0.1 : null, mean, 40.0,
                mean == null ? null : mean / 40,
                0.5, objective, chosen);
    }

    /** A finished prune-mip folder in miniature: empty runs and curves, the MIP tables, its options. */
    private SweepFolder mipFolder(boolean withMipTables) {
        SweepFolder sweep = SweepFolder.at(dir.resolve("out").toString(), "m", new Configuration());
        TableSchema trials = MipTrialsTable.table(OMEGA);
        List<TableSchema> outputs = List.of(RunsTable.TABLE, CurvesTable.TABLE, trials, MipImportanceTable.TABLE,
                MipDecisionsTable.TABLE, MipConfirmationTable.TABLE);
        StageOutput out = new StageOutput(sweep, MipSection.STAGE, outputs);
        Map<String, List<Row>> tables = new LinkedHashMap<>();
        tables.put(RunsTable.NAME, List.of());
        tables.put(CurvesTable.NAME, List.of());
        if (withMipTables) {
            tables.put(MipTrialsTable.NAME, List.of(
                    trial(0, 1, "reference", setting(4, 0.1, 8, 1.0), 0.9, true, 40.0, 0.4, false),
                    trial(1, 1, "sampled", setting(1, 0.05, 4, 0.25), 0.8, true, 4.0, 0.75, true),
                    trial(1, 2, "sampled", setting(2, 0.1, 8, 0.5), 0.0, false, 20.0, -0.25, false),
                    trial(2, 1, "sampled", setting(2, 0.05, 4, 0.5), 0.6, true, 12.0, 0.45, false),
                    trial(5, 1, "final", setting(1, 0.05, 4, 0.25), 0.7, true, null, null, false))
                    .stream().map(t -> t.toRow(trials)).toList());
            List<Row> imps = new ArrayList<>();
            double[][] share = {{0.5, 0.05, 0.25, 0.2}, {0.6, 0, 0.1, 0.3}, {0.7, 0, 0, 0.3}, {1, 0, 0, 0}};
            String[] names = OMEGA.keySet().toArray(new String[0]);
            boolean[][] free = {{true, true, true, true}, {true, false, true, true}, {true, false, false, true},
                    {true, false, false, false}};
            for (int it = 1; it <= 4; it++) {
                for (int p = 0; p < 4; p++) {
                    if (free[it - 1][p]) {
                        imps.add(new ImportanceRow("m", it, names[p], share[it - 1][p], share[it - 1][p], 1, it + 1).toRow());
                    }
                }
            }
            tables.put(MipImportanceTable.NAME, imps);
            tables.put(MipDecisionsTable.NAME, List.of(
                    new DecisionRow("m", 1, "learning_rate", 0.05, "importance 0.0500 < 0.10: cheapest value",
                            MipDecisionsTable.RULE_CHEAPEST, 0.05).toRow(),
                    new DecisionRow("m", 2, "channels", 4, "importance 0.1000 >= 0.10: value of the best trial in D",
                            MipDecisionsTable.RULE_BEST_SPEARMAN, 0.1).toRow(),
                    new DecisionRow("m", 3, "train_fraction", 0.25, "importance 0.3000 >= 0.10: value of the best trial",
                            MipDecisionsTable.RULE_BEST_SPEARMAN, 0.3).toRow(),
                    new DecisionRow("m", 4, "epochs", 1, "importance 1.0000 >= 0.10: value of the best trial",
                            MipDecisionsTable.RULE_BEST_SPEARMAN, 1.0).toRow()));
            tables.put(MipConfirmationTable.NAME, List.of(new ConfirmationRow("m", "epochs=1,batch_size=128", 12, 0.62,
                    0.05, 0.88, 3.5, 41.0).toRow()));
        }
        out.commit("all", tables, "{}");
        out.publish();
        ObjectNode opts = OptionsFile.read(sweep);
        ObjectNode mip = ((ObjectNode) opts.get("stages")).putObject(MipSection.STAGE);
        mip.put("status", "complete");
        mip.putObject("options").putObject(MipSection.STAGE).put("importance_threshold", 0.1).put("cost_lambda", 0.5)
                .put("confidence", 0.95);
        OptionsFile.write(sweep, opts);
        return sweep;
    }

    private static String page(SweepFolder sweep) throws Exception {
        return Files.readString(Path.of(sweep.reportDir().toUri()).resolve(ReportStage.PAGE));
    }

    @Test
    void aMipFolderWithoutEstimatesGetsThePageWithImportanceDecisionsAndTheChosenSetting() throws Exception {
        SweepFolder sweep = mipFolder(true);

        Map<String, Object> summary = Pipeline.run(Stages.REPORT, null, SweepConfig.defaults(), sweep, false);

        assertEquals(List.of("Overview", new MipSection().title()), summary.get("sections"),
                "the estimator sections have nothing to show and are left out");
        assertTrue(String.valueOf(summary.get("note")).contains("no estimates table"), summary.toString());
        assertTrue(sweep.hasTable(RankCorrelationTable.NAME), "rank_correlation is published");
        assertEquals(0, sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).size(), "and empty");
        assertTrue(OptionsFile.read(sweep).path("stages").path(ReportStage.NAME).path("notes").toString()
                .contains("rank_correlation is empty"), "the note is recorded");

        String html = page(sweep);
        assertTrue(html.contains("<svg") && html.contains("id='chart-mip-importance'"), "the importance chart");
        assertTrue(html.contains("id='chart-mip-cost'"), "r_s against cost");
        assertTrue(html.contains("href=\"#mip\""), "listed in the contents");
        for (String p : OMEGA.keySet()) {
            assertTrue(html.contains("<th>" + p + "</th>"), "mip_trials' column " + p + " read from the file");
        }
        assertTrue(html.contains("<code>learning_rate</code></td><td class=\"num\">0.05</td>"), "fixed value as written");
        assertTrue(html.contains("<code>epochs</code></td><td class=\"num\">1</td>"), "an integer without decimals");
        assertTrue(html.contains(Html.esc("importance 0.0500 < 0.10: cheapest value")), "the reason, escaped");
        assertTrue(html.contains("<code>epochs 1, learning_rate 0.05, channels 4, train_fraction 0.25</code> (iteration 1,"
                + " trial 1, sampled): r<sub>s</sub> = 0.800 against full training, at 0.100x of its training cost"
                + " (4.00 s against 40.00 s per architecture)"), "the chosen setting in a sentence");
        assertTrue(html.contains("1 setting(s) without a measured cost are not drawn"), "the final setting had no cost");
        assertTrue(html.contains("<td><code>epochs=1,batch_size=128</code></td><td class=\"num\">12</td><td class=\"num\">"
                + "0.620</td><td class=\"num\">[0.050, 0.880]</td>"), "the confirmation on other architectures, with its interval");
        assertTrue(html.contains("95% Fisher z"), "the interval's coverage from options.json");
        assertTrue(html.contains("<th>r<sub>s</sub> vs test</th>"), "the test ranking is reported beside r_s");
        assertTrue(html.contains("threshold 0.10"), "Eq. 9's threshold from options.json");
        assertTrue(html.contains("no <code>estimates</code> table"), "the overview says why there is no ranking");
        assertFalse(html.contains("id=\"metrics\"") || html.contains("id=\"best\""), "no empty estimator tables");

        assertEquals(true, Pipeline.run(Stages.REPORT, null, SweepConfig.defaults(), sweep, false).get("already_complete"), "resumes like any report");
    }

    @Test
    void aFolderWithNeitherEstimatesNorMipTablesStillFailsNamingEstimates() {
        SweepFolder sweep = mipFolder(false);

        TableException e = assertThrows(TableException.class, () -> Pipeline.run(Stages.REPORT, null, SweepConfig.defaults(), sweep, false));

        assertEquals("estimates", e.table());
        assertTrue(e.getMessage().contains("has no table 'estimates'"), e.getMessage());
        assertFalse(sweep.hasTable(RankCorrelationTable.NAME), "nothing written");
        assertFalse(new java.io.File(sweep.reportDir().toUri()).exists());
    }
}
