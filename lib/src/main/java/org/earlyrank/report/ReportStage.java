package org.earlyrank.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.EstimatorComparisonTable;
import org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.schema.Tables;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.Fs;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code report} stage: ranks every estimator found in {@code estimates} against the truth at every
 * budget it scored, adds the noise ceiling ({@link NoiseCeiling}), writes {@code rank_correlation} and the
 * paired comparisons {@code estimator_comparison} ({@link EstimatorComparisons}), and writes {@code report/index.html} (one
 * self-contained page) and {@code report/summary.md} (also printed to stdout).
 *
 * <ul>
 *   <li>Inputs: runs and curves (written by train or import-curves), estimates (written by the
 *       estimator stages) and every table a section of the page shows ({@link ReportSection#tables()}),
 *       each schema-checked before anything in the sweep changes: a missing or mistyped table fails with
 *       one {@link org.earlyrank.schema.TableException} naming it. estimates is required with one
 *       exception: a folder with no {@code estimates} folder at all but with a table that a
 *       {@linkplain ReportSection#standalone standalone section} shows (prune-mip's folder) is reported
 *       with those sections and the overview, an empty {@code rank_correlation} and a note saying why.</li>
 *   <li>The page: the report's own sections, then those of every {@link ReportedStage} the pipeline
 *       registers (fit-svr, prune-mip, train-final, search), then the table of every metric.</li>
 *   <li>Generic: estimators are known only by their rows; the report needs no change for a new one.</li>
 *   <li>Resume: the report is cheap and derived, so it runs as one unit. It is redone without
 *       {@code --overwrite} when any table it may show changed since it last ran with the same options
 *       (an estimator stage ran again, a new one added rows, fit-svr or train-final wrote their tables),
 *       and when its page is missing; other
 *       options are refused unless {@code --overwrite}, as for every stage.</li>
 *   <li>The report folder is written under the stage's staging folder and then swapped in, so readers
 *       see the old page or the new one, never a half-written one.</li>
 * </ul>
 * Runs on the driver without Spark jobs (the tables it reads are small); the session may be null.
 */
public final class ReportStage extends DeclaredStage implements ReportedStage {
    public static final String NAME = "report";
    public static final List<TableSchema> OUTPUTS = List.of(RankCorrelationTable.TABLE, EstimatorComparisonTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ReportOptions.SECTION);
    /** Every table whose change makes a finished report stale: all but those it writes. */
    static final List<TableSchema> FINGERPRINTED = Tables.ALL.stream().filter(t -> !OUTPUTS.contains(t)).toList();
    public static final String PAGE = "index.html";
    public static final String SUMMARY = "summary.md";
    /** The report's own sections before the other stages' (overview, rankings, charts). */
    static final List<ReportSection> HEAD = List.of(new OverviewSection(), new BestByBudgetSection(),
            new ComparisonSection(), new TauByBudgetSection(), new TauByComputeSection(), new EffectiveBudgetSection(),
            new ScatterSection());
    /** The report's own sections after the other stages' (every metric, for reference). */
    static final List<ReportSection> TAIL = List.of(new MetricsTableSection());

    private final List<ReportSection> page;
    private final Supplier<EstimatorRegistry> estimators;

    /**
     * @param others     the stages whose sections the page shows between the report's own head and tail, in
     *                   page order (the pipeline passes every registered {@link ReportedStage})
     * @param estimators the registry (read when the report runs): which scores are accuracies (they get a mean
     *                   absolute error) and each estimator's family (the charts' colours)
     */
    public ReportStage(List<? extends ReportedStage> others, Supplier<EstimatorRegistry> estimators) {
        super(NAME, false, inputs(page(others)), OUTPUTS, SECTIONS);
        this.page = page(others);
        this.estimators = estimators;
    }

    private static List<ReportSection> page(List<? extends ReportedStage> others) {
        List<ReportSection> p = new ArrayList<>(HEAD);
        others.forEach(s -> p.addAll(s.reportSections()));
        p.addAll(TAIL);
        return List.copyOf(p);
    }

    /** Every section of the page, in page order. */
    public List<ReportSection> page() {
        return page;
    }

    /**
     * runs and curves; estimates and every table a section shows are optional (a prune-mip folder has no
     * estimates), but checked when present.
     */
    private static List<TableInput> inputs(List<ReportSection> page) {
        List<TableInput> in = new ArrayList<>(TableInput.runsAndCurves(TableInput.optional(EstimatesTable.TABLE)));
        Set<String> seen = new LinkedHashSet<>(List.of(RunsTable.NAME, CurvesTable.NAME, EstimatesTable.NAME));
        for (ReportSection s : page) {
            for (TableSchema t : s.tables()) {
                if (seen.add(t.name())) {
                    in.add(TableInput.optional(t));
                }
            }
        }
        return in;
    }

    @Override
    public List<ReportSection> reportSections() {
        List<ReportSection> own = new ArrayList<>(HEAD);
        own.addAll(TAIL);
        return own;
    }

    /**
     * Only the report's own section is recorded: its result does not depend on the other sections, and
     * {@code report --sweep DIR} then accepts whichever config file the sweep was trained with.
     */
    @Override
    public Map<String, Object> options(SweepConfig cfg) {
        return Map.of(ReportOptions.SECTION.name(), ReportOptions.SECTION.values(cfg.get(ReportOptions.SECTION)));
    }

    /**
     * What the plan read: the rows, the truth, each run's final validation accuracy measured as the truth is
     * (the noise ceiling's), training seconds by epoch, and the context without estimates where the page needs none.
     */
    record Inputs(List<RunRow> runs, Truth truth, Map<String, Double> validation, TrainingSeconds seconds,
                  int fullBudget, JsonNode optionsJson, List<EstimateRow> estimates, ReportContext withoutEstimates,
                  List<String> standalone, String fingerprint) {
    }

    /**
     * Reads runs, curves and estimates and works out the truth, before anything in the sweep changes; a
     * finished report is redone (without {@code --overwrite}) when a table it shows changed or its page is
     * missing.
     */
    @Override
    public Plan plan(StageContext ctx) {
        ReportOptions opts = ctx.options(ReportOptions.SECTION);
        SweepFolder sweep = ctx.sweep();
        List<RunRow> runs = sweep.read(RunsTable.TABLE, ctx.writer(RunsTable.NAME)).stream().map(RunRow::fromRow).toList();
        List<CurveRow> curves = sweep.read(CurvesTable.TABLE, ctx.writer(CurvesTable.NAME)).stream()
                .map(CurveRow::fromRow).toList();
        Truth truth = Truth.of(runs, curves, opts);
        JsonNode optionsJson = OptionsFile.read(sweep);
        int fullBudget = ok(runs).stream().mapToInt(RunRow::epochsPlanned).max().orElse(0);
        // A folder without estimates (prune-mip's) is reported when a standalone section has something to
        // show; rank_correlation is then empty. With neither, the missing estimates table is the error.
        ReportContext withoutEstimates = null;
        List<String> standalone = List.of();
        if (!ctx.has(EstimatesTable.NAME)) {
            withoutEstimates = new ReportContext(sweep, opts, truth, runs, List.of(), List.of(), fullBudget, optionsJson);
            standalone = standaloneSections(withoutEstimates, page);
            if (standalone.isEmpty()) {
                sweep.partFiles(EstimatesTable.TABLE, ctx.writer(EstimatesTable.NAME));
            }
        }
        List<EstimateRow> estimates = standalone.isEmpty() ? readEstimates(sweep, ctx.writer(EstimatesTable.NAME)) : List.of();
        Map<String, Object> options = options(ctx.config());
        String inputs = fingerprint(sweep);
        return Plan.of(options, OUTPUTS)
                .withDetail(new Inputs(runs, truth, truth.measure(runs, curves, Truth.VAL), new TrainingSeconds(curves),
                        fullBudget, optionsJson, estimates, withoutEstimates, standalone, inputs))
                .withRedo(staleness(sweep, optionsJson, options, inputs));
    }

    /**
     * The estimates, streamed from the table with their identifiers shared (one String per run, estimator,
     * stage and sweep instead of one per row): at a whole search space (15,625 runs, millions of rows) this
     * keeps the rows the report ranks at a few dozen bytes each.
     */
    static List<EstimateRow> readEstimates(SweepFolder sweep, String writer) {
        Map<String, String> names = new HashMap<>();
        List<EstimateRow> out = new ArrayList<>();
        sweep.forEach(EstimatesTable.TABLE, writer, r -> {
            EstimateRow e = EstimateRow.fromRow(r);
            out.add(new EstimateRow(share(names, e.sweepId()), share(names, e.runId()), share(names, e.estimator()),
                    e.budgetEpoch(), e.score(), e.costSeconds(), share(names, e.stage())));
        });
        return out;
    }

    private static String share(Map<String, String> names, String s) {
        return s == null ? null : names.computeIfAbsent(s, k -> k);
    }

    @Override
    public Map<String, Object> run(StageContext stage) {
        ReportOptions opts = stage.options(ReportOptions.SECTION);
        SweepFolder sweep = stage.sweep();
        Inputs in = stage.plan().detail(Inputs.class);
        List<String> standalone = in.standalone();
        String noEstimates = standalone.isEmpty() ? null
                : "the sweep has no estimates table (no estimator scored it): rank_correlation is empty; the page shows "
                + String.join(", ", standalone);
        if (noEstimates != null) {
            stage.note(noEstimates);
        }
        Truth truth = in.truth();
        truth.notes().forEach(stage::note);
        stage.put("inputs", in.fingerprint());
        stage.put("truth", truth.description());

        long t0 = System.nanoTime();
        EstimatorRegistry registry = estimators.get();
        List<RankCorrelationRow> rows = new ArrayList<>(RankCorrelations.compute(sweep.sweepId(), in.estimates(), truth,
                in.fullBudget(), opts, e -> registry.find(e).map(EstimatorInfo::accuracy).orElse(false), in.seconds()));
        if (standalone.isEmpty()) {
            rows.addAll(NoiseCeiling.rows(sweep.sweepId(), truth, in.validation(), in.runs(), in.seconds(),
                    in.fullBudget(), opts));
        }
        List<ComparisonRow> comparisons = EstimatorComparisons.compute(sweep.sweepId(), rows, in.estimates(), truth,
                in.fullBudget(), opts);
        double metricSeconds = (System.nanoTime() - t0) / 1e9;
        stage.output().commit("all", Map.of(RankCorrelationTable.NAME, rows.stream().map(RankCorrelationRow::toRow).toList(),
                        EstimatorComparisonTable.NAME, comparisons.stream().map(ComparisonRow::toRow).toList()),
                "{\"rows\":" + rows.size() + ",\"comparisons\":" + comparisons.size() + "}");

        ReportContext ctx = !standalone.isEmpty() ? in.withoutEstimates()
                : new ReportContext(sweep, opts, truth, in.runs(), in.estimates(), rows, comparisons,
                e -> registry.find(e).map(EstimatorInfo::family).orElse(e), in.fullBudget(), in.optionsJson());
        ReportPage.Page html = ReportPage.render(ctx, page);
        html.failures().forEach(f -> stage.note("section failed: " + f));
        String summaryMd = ReportSummary.markdown(ctx);
        writeReportFolder(sweep, Map.of(PAGE, html.html(), SUMMARY, summaryMd));
        System.out.println(summaryMd);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("rows", rows.size());
        summary.put("comparisons", comparisons.size());
        summary.put("estimators", ctx.estimators().size());
        summary.put("runs_with_truth", truth.values().size());
        summary.put("truth", truth.description());
        summary.put("metric_seconds", metricSeconds);
        summary.put("page", new Path(sweep.reportDir(), PAGE).toString());
        summary.put("sections", html.sections());
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
