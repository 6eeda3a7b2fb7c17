package org.earlyrank.data.curves;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.estimate.tse.ValAccEstimator;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.report.Truth;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * import-curves --metric (issue 21): a perplexity CSV is ranked the right way round by val-acc, the truth and
 * the report; an accuracy import of perplexities and a metric without a direction are refused.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImportMetricTest {
    /**
     * Six language models' validation perplexity over 5 epochs. Final values 140, 70, 600, 65, 120, 90: r0003
     * is the best run, r0002 the worst; the order at epoch 4 is the same.
     */
    static final String PERPLEXITY_CSV = """
            arch,lr,ppl_1,ppl_2,ppl_3,ppl_4,ppl_5
            lstm-a,0.1,400,250,180,150,140
            lstm-b,0.2,300,150,100,80,70
            lstm-c,0.3,900,800,700,650,600
            lstm-d,0.4,280,140,90,72,65
            lstm-e,0.5,500,300,200,160,120
            lstm-f,0.6,350,200,130,100,90
            """;

    @TempDir
    Path dir;

    private SweepConfig config(Path csv, Map<String, String> extra) {
        Map<String, String> o = new HashMap<>(Map.of("import-curves.csv", csv.toString(),
                "import-curves.curve_prefix", "ppl_", "name", "lm"));
        o.putAll(extra);
        return ConfigLoader.load(null, o);
    }

    private SweepFolder importCsv(Path csv, Path out, Map<String, String> extra) {
        SweepConfig cfg = config(csv, extra);
        SweepFolder sweep = SweepFolder.at(out.toString(), cfg.sweepId(), new Configuration());
        Pipeline.run(Stages.IMPORT_CURVES, null, cfg, sweep, false);
        return sweep;
    }

    private Path csv() throws Exception {
        Path p = dir.resolve("lm.csv");
        Files.writeString(p, PERPLEXITY_CSV);
        return p;
    }

    @Test
    void lowestFinalPerplexityRanksFirstByValAccTruthAndReport() throws Exception {
        SweepFolder sweep = importCsv(csv(), dir.resolve("out"), Map.of("import-curves.metric", "perplexity"));
        SweepData data = SweepData.read(sweep);
        RunRow best = data.runs().get(3).run();
        assertEquals("perplexity", best.metric());
        assertFalse(best.higherIsBetter(), "perplexity: lower is better, without --higher-is-better");
        assertEquals(65.0, best.finalValMetric(), 0);
        assertNull(best.finalValAcc(), "a perplexity is not an accuracy");
        CurveRow last = data.runs().get(3).curve(5);
        assertEquals(65.0, last.valMetric(), 0);
        assertNull(last.valAcc());
        assertNull(last.valLoss(), "val_loss stays a trained run's cross-entropy");
        String recorded = OptionsFile.read(sweep).path("stages").path(ImportCurvesStage.NAME).toString();
        assertTrue(recorded.contains("\"metric\":\"perplexity\""), recorded);
        assertTrue(recorded.contains("\"higher_is_better\":false"), recorded);

        ValAccEstimator valAcc = new ValAccEstimator();
        for (int budget : new int[]{4, 5}) {
            RunHistory top = data.runs().stream().max(Comparator.comparingDouble(
                    h -> valAcc.score(h.view(), budget).orElseThrow())).orElseThrow();
            assertEquals("r0003", top.runId(), "val-acc at epoch " + budget + " ranks the lowest perplexity first");
        }
        List<CurveRow> curves = data.runs().stream().flatMap(h -> h.curves().stream()).toList();
        Truth truth = Truth.of(data.runs().stream().map(RunHistory::run).toList(), curves,
                ReportOptions.SECTION.defaults());
        String first = truth.values().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        assertEquals("r0003", first, "the truth ranks the lowest final perplexity first");
        assertEquals(-65.0, truth.values().get("r0003"), 0, "oriented: the negative perplexity");
        assertTrue(truth.description().contains("perplexity") && truth.description().contains("lower is better"),
                truth.description());

        // End to end: val-acc against the truth in the report is +1 at the full budget, not -1.
        SweepConfig cfg = config(dir.resolve("lm.csv"), Map.of("import-curves.metric", "perplexity"));
        Pipeline.run(Stages.SCORE_TSE, null, cfg, sweep, false);
        Pipeline.run(Stages.REPORT, null, cfg, sweep, false);
        RankCorrelationRow row = sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).stream()
                .map(RankCorrelationRow::fromRow).filter(r -> r.estimator().equals("val-acc") && r.budgetEpoch() == 5)
                .findFirst().orElseThrow();
        assertEquals(1.0, row.kendallTau(), 1e-12, "val-acc at T is the truth itself");
        assertTrue(row.truth().contains("perplexity"), row.truth());
    }

    @Test
    void perplexitiesImportedAsAccuracyAreRefused() throws Exception {
        Path out = dir.resolve("acc");
        ConfigException e = assertThrows(ConfigException.class, () -> importCsv(csv(), out, Map.of()));
        assertTrue(e.getMessage().contains("line 2, column 'ppl_1': 400.0 is not an accuracy in [0, 1]"), e.getMessage());
        assertTrue(e.getMessage().contains("--metric"), e.getMessage());
        assertFalse(Files.exists(out.resolve("lm").resolve("runs")), "a refused import writes no table");
    }

    @Test
    void aNamedMetricNeedsItsDirection() throws Exception {
        Exception e = assertThrows(Exception.class,
                () -> importCsv(csv(), dir.resolve("o1"), Map.of("import-curves.metric", "bleu")));
        assertTrue(e.getMessage().contains("--higher-is-better true|false"), e.getMessage());
        assertTrue(e.getMessage().contains("from the command line (") && e.getMessage().contains("import-curves.metric"),
                "the flag, not the config file, is named as the source: " + e.getMessage());

        SweepFolder sweep = importCsv(csv(), dir.resolve("o2"), Map.of("import-curves.metric", "bleu",
                "import-curves.higher_is_better", "true"));
        SweepData data = SweepData.read(sweep);
        RunRow r = data.runs().get(2).run();
        assertEquals("bleu", r.metric());
        assertTrue(r.higherIsBetter());
        RunHistory top = data.runs().stream().max(Comparator.comparingDouble(
                h -> new ValAccEstimator().score(h.view(), 5).orElseThrow())).orElseThrow();
        assertEquals("r0002", top.runId(), "higher is better: the largest final value ranks first");
    }
}
