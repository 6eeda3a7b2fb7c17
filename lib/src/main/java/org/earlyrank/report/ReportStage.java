package org.earlyrank.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.schema.Tables;
import org.earlyrank.store.Fs;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code report} stage: ranks every estimator found in {@code estimates} against the truth at every
 * budget it scored, writes {@code rank_correlation}, and writes {@code report/index.html} (one
 * self-contained page) and {@code report/summary.md} (also printed to stdout).
 *
 * <ul>
 *   <li>Inputs: runs and curves (written by train or import-curves) and estimates (written by the
 *       estimator stages), all required and schema-checked before anything in the sweep changes: a
 *       missing or mistyped table fails with one {@link org.earlyrank.schema.TableException} naming it.
 *       One exception: a folder with no {@code estimates} folder at all but with a table that a
 *       {@linkplain ReportSection#standalone standalone section} shows (prune-mip's folder) is reported
 *       with those sections and the overview, an empty {@code rank_correlation} and a note saying why.</li>
 *   <li>Generic: estimators are known only by their rows; the report needs no change for a new one.</li>
 *   <li>Resume: the report is cheap and derived, so it runs as one unit. It is redone without
 *       {@code --overwrite} when any table it may show changed since it last ran with the same options
 *       (an estimator stage ran again, a new one added rows, fit-svr or train-final wrote their tables),
 *       and when its page is missing; other
 *       options are refused unless {@code --overwrite}, as for every stage.</li>
 *   <li>The report folder is written under the stage's staging folder and then swapped in, so readers
 *       see the old page or the new one, never a half-written one.</li>
 * </ul>
 * Runs on the driver without Spark jobs (the tables it reads are small); {@code spark} may be null.
 */
public final class ReportStage {
    public static final String NAME = "report";
    public static final String GROUP = "REPORT";
    public static final List<TableSchema> OUTPUTS = List.of(RankCorrelationTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ReportOptions.SECTION);
    /** The tables the report reads; a change in their part files makes a finished report stale. */
    public static final List<TableSchema> INPUTS = List.of(RunsTable.TABLE, CurvesTable.TABLE, EstimatesTable.TABLE);
    /** Every table whose change makes a finished report stale: all but rank_correlation, which it writes. */
    static final List<TableSchema> FINGERPRINTED = Tables.ALL.stream()
            .filter(t -> !t.name().equals(RankCorrelationTable.NAME)).toList();
    public static final String PAGE = "index.html";
    public static final String SUMMARY = "summary.md";

    private ReportStage() {
    }

    public static Map<String, Object> execute(SparkSession spark, SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        return execute(cfg.get(ReportOptions.SECTION), sweep, overwrite);
    }

    /** The stage with explicit options (what {@link #execute(SparkSession, SweepConfig, SweepFolder, boolean)} calls). */
    public static Map<String, Object> execute(ReportOptions opts, SweepFolder sweep, boolean overwrite) {
        sweep.requireExists();
        // Read and check every input before anything in the sweep changes.
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        List<CurveRow> curves = sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList();
        Truth truth = Truth.of(runs, curves, opts);
        ObjectNode optionsJson = OptionsFile.read(sweep);
        int fullBudget = ok(runs).stream().mapToInt(RunRow::epochsPlanned).max().orElse(0);
        // A folder without estimates (prune-mip's) is reported when a standalone section has something to
        // show; rank_correlation is then empty. With neither, reading estimates fails and names the table.
        ReportContext withoutEstimates = null;
        List<String> standalone = List.of();
        if (!Fs.exists(sweep.fs(), sweep.table(EstimatesTable.NAME))) {
            withoutEstimates = new ReportContext(sweep, opts, truth, runs, List.of(), List.of(), fullBudget, optionsJson);
            standalone = standaloneSections(withoutEstimates, ReportSections.ALL);
        }
        List<EstimateRow> estimates = standalone.isEmpty()
                ? sweep.read(EstimatesTable.TABLE, "score-tse").stream().map(EstimateRow::fromRow).toList()
                : List.of();

        // Only the report's own section is recorded: its result does not depend on the other sections,
        // and `report --sweep DIR` then accepts whichever config file the sweep was trained with.
        Map<String, Object> options = Map.of(ReportOptions.SECTION.name(), ReportOptions.SECTION.values(opts));
        String inputs = fingerprint(sweep);
        String staleWhy = staleness(sweep, optionsJson, options, inputs);
        StageRun stage = StageRun.begin(sweep, NAME, options, OUTPUTS, overwrite || staleWhy != null, false);
        if (stage.alreadyComplete()) {
            System.err.println("[" + NAME + "] already complete in " + sweep + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        if (staleWhy != null && !overwrite) {
            stage.note("redone: " + staleWhy);
        }
        String noEstimates = standalone.isEmpty() ? null
                : "the sweep has no estimates table (no estimator scored it): rank_correlation is empty; the page shows "
                + String.join(", ", standalone);
        if (noEstimates != null) {
            stage.note(noEstimates);
        }
        truth.notes().forEach(stage::note);
        stage.put("inputs", inputs);
        stage.put("truth", truth.description());

        long t0 = System.nanoTime();
        List<RankCorrelationRow> rows = RankCorrelations.compute(sweep.sweepId(), estimates, truth, fullBudget, opts);
        double metricSeconds = (System.nanoTime() - t0) / 1e9;
        stage.output().commit("all", Map.of(RankCorrelationTable.NAME, rows.stream().map(RankCorrelationRow::toRow).toList()),
                "{\"rows\":" + rows.size() + "}");

        ReportContext ctx = !standalone.isEmpty() ? withoutEstimates
                : new ReportContext(sweep, opts, truth, runs, estimates, rows, fullBudget, optionsJson);
        ReportPage.Page page = ReportPage.render(ctx, ReportSections.ALL);
        page.failures().forEach(f -> stage.note("section failed: " + f));
        String summaryMd = ReportSummary.markdown(ctx);
        writeReportFolder(sweep, Map.of(PAGE, page.html(), SUMMARY, summaryMd));
        System.out.println(summaryMd);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", rows.size());
        summary.put("estimators", ctx.estimators().size());
        summary.put("runs_with_truth", truth.values().size());
        summary.put("truth", truth.description());
        summary.put("metric_seconds", metricSeconds);
        summary.put("page", new Path(sweep.reportDir(), PAGE).toString());
        summary.put("sections", page.sections());
        if (noEstimates != null) {
            summary.put("note", noEstimates);
        }
        Map<String, Object> best = new LinkedHashMap<>();
        for (BestAtBudget a : ctx.best()) {
            if (a.best() != null) {
                best.put(Html.pct(a.fraction()), a.best().estimator() + " tau=" + Html.num(a.best().kendallTau(), 3));
            }
        }
        summary.put("best_by_budget", best);
        stage.finish(summary);
        return summary;
    }

    /** Titles of the standalone sections (see {@link ReportSection#standalone}) that apply to the sweep. */
    static List<String> standaloneSections(ReportContext ctx, List<ReportSection> sections) {
        return sections.stream().filter(s -> s.standalone() && s.applies(ctx)).map(ReportSection::title).toList();
    }

    private static List<RunRow> ok(List<RunRow> runs) {
        return runs.stream().filter(RunRow::ok).toList();
    }

    /**
     * Why a finished report with these options no longer reflects the sweep, or null when it does (or
     * when it did not finish, or ran with other options: StageRun handles those).
     */
    static String staleness(SweepFolder sweep, JsonNode optionsJson, Map<String, Object> options, String inputs) {
        JsonNode prior = optionsJson.path("stages").path(NAME);
        if (!"complete".equals(prior.path("status").asText())
                || !OptionsFile.hash(OptionsFile.tree(options)).equals(prior.path("options_hash").asText())) {
            return null;
        }
        if (!inputs.equals(prior.path("inputs").asText())) {
            return "the tables it shows (runs, curves, estimates or a later stage's) changed since it last ran";
        }
        if (!Fs.exists(sweep.fs(), new Path(sweep.reportDir(), PAGE))) {
            return "report/" + PAGE + " was missing";
        }
        return null;
    }

    /**
     * SHA-256 over the part files (name, length, modification time) of every table but the report's own:
     * the sections show tables of later stages too (svr_fits, mip_*, final_runs), so a new one redoes the page.
     */
    static String fingerprint(SweepFolder sweep) {
        FileSystem fs = sweep.fs();
        StringBuilder b = new StringBuilder();
        for (TableSchema t : FINGERPRINTED) {
            for (FileStatus st : Fs.list(fs, sweep.table(t.name()))) {
                b.append(t.name()).append('/').append(st.getPath().getName()).append(':').append(st.getLen()).append(':')
                        .append(st.getModificationTime()).append('\n');
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Replaces {@code report/} with a folder holding exactly these files: written complete under the
     * stage's staging folder, then swapped in by two renames (old aside, new in), then the old removed.
     */
    static void writeReportFolder(SweepFolder sweep, Map<String, String> files) {
        FileSystem fs = sweep.fs();
        Path staging = sweep.stageStaging(NAME);
        Path fresh = new Path(staging, "report-new");
        Path old = new Path(staging, "report-old");
        Fs.delete(fs, fresh);
        Fs.delete(fs, old);
        Fs.mkdirs(fs, fresh);
        files.forEach((name, text) -> Fs.writeString(fs, new Path(fresh, name), text));
        Path target = sweep.reportDir();
        if (Fs.exists(fs, target)) {
            Fs.rename(fs, target, old);
        }
        Fs.rename(fs, fresh, target);
        Fs.delete(fs, old);
    }
}
