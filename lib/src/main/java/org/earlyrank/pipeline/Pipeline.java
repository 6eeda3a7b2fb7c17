package org.earlyrank.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.report.ReportStage;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

/**
 * Sequences stages; the only place where one stage follows another.
 * <ul>
 *   <li>{@link #sweep}: train, score-zc, score-tse, fit-ensemble, fit-svr, fit-combined (last of the
 *       estimators: it combines the others), report. Every stage's options are checked
 *       before the first one starts; each stage resumes on its own, so re-running a killed sweep continues
 *       where it stopped.</li>
 *   <li>{@link #run}: one stage, then (for a {@link ReportedStage} outside the sweep: prune-mip, train-final)
 *       the report, so the page shows the stage's tables. The report redoes
 *       itself when a table it shows changed; a report recorded with other report options is left as it
 *       was, with a line saying how to redraw it.</li>
 * </ul>
 */
public final class Pipeline {
    /** The stages of {@code earlyrank sweep}, in order. */
    public static final List<Stage> SWEEP = List.of(Stages.TRAIN, Stages.SCORE_ZC, Stages.SCORE_TSE, Stages.FIT_ENSEMBLE, Stages.FIT_SVR,
            Stages.FIT_COMBINED, Stages.REPORT);

    private Pipeline() {
    }

    /** Runs the sweep's stages in order; returns each stage's summary by name. */
    public static Map<String, Object> sweep(SparkSession spark, SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        for (Stage s : SWEEP) {
            s.checkOptions(cfg);
        }
        Map<String, Object> summaries = new LinkedHashMap<>();
        for (Stage s : SWEEP) {
            summaries.put(s.name(), Stages.RUNNER.run(s, spark, cfg, sweep, overwrite));
        }
        return summaries;
    }

    /**
     * Runs one stage (with the report after it where the stage asks for that).
     *
     * @return the stage's summary; with a redrawn report, also {@code report}: the page's path (or null)
     */
    public static Map<String, Object> run(Stage stage, SparkSession spark, SweepConfig cfg, SweepFolder sweep,
                                          boolean overwrite) {
        Map<String, Object> summary = Stages.RUNNER.run(stage, spark, cfg, sweep, overwrite);
        if (!redrawsReport(stage)) {
            return summary;
        }
        Map<String, Object> out = new LinkedHashMap<>(summary);
        out.put("report", redrawReport(stage, spark, cfg, sweep));
        return out;
    }

    /**
     * Whether the report follows a stage run on its own: a stage whose tables the page shows and that runs
     * after the sweep's report (prune-mip, train-final; fit-svr is part of the sweep, before its report).
     */
    static boolean redrawsReport(Stage stage) {
        return stage instanceof ReportedStage && !SWEEP.contains(stage);
    }

    /**
     * The report after a stage whose tables it shows. It is not forced: it redoes itself when one of those
     * tables changed or its page is missing.
     *
     * @return the page's path, or null when the report was recorded with other options
     */
    static String redrawReport(Stage after, SparkSession spark, SweepConfig cfg, SweepFolder sweep) {
        try {
            Stages.RUNNER.run(Stages.REPORT, spark, cfg, sweep, false);
            return new org.apache.hadoop.fs.Path(sweep.reportDir(), ReportStage.PAGE).toString();
        } catch (ConfigException e) {
            System.err.println("[" + after.name() + "] report not redrawn: " + e.getMessage() + "; `earlyrank report --sweep "
                    + sweep + " --overwrite` redraws it with " + after.name() + "'s tables");
            return null;
        }
    }
}
