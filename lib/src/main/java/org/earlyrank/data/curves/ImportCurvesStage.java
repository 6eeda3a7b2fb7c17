package org.earlyrank.data.curves;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ImportCurvesOptions;
import org.earlyrank.config.Section;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;

/**
 * The {@code import-curves} stage: a root stage (like train) that creates a sweep folder from a wide CSV
 * of published learning curves, writing {@code runs} and {@code curves} (see {@link CurveImport} for the
 * mapping). The whole file is one unit of work: it is small (thousands of rows) and parsed on the driver,
 * and it is checked completely before anything in the sweep folder changes.
 */
public final class ImportCurvesStage extends DeclaredStage {
    public static final String NAME = "import-curves";
    public static final List<TableSchema> OUTPUTS = List.of(RunsTable.TABLE, CurvesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ImportCurvesOptions.SECTION);

    public ImportCurvesStage() {
        super(NAME, true, List.of(), OUTPUTS, SECTIONS);
    }

    /**
     * The sweep id an import gets by default: the CSV's file name without extension, with characters a
     * sweep id may not hold replaced by '_'.
     */
    public static String defaultSweepId(String csv) {
        String name = new Path(csv).getName().replaceFirst("\\.[^.]*$", "");
        String id = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.isEmpty() ? "import" : id;
    }

    /** The parsed file, its rows and the notes of the mapping. */
    record Parsed(byte[] bytes, CurveCsv.CurveFile file, CurveImport.Imported imported, List<String> notes) {
    }

    /**
     * Parses (and so validates) the whole CSV before the sweep folder changes.
     *
     * @throws ConfigException when the CSV is missing or malformed (naming file, line and column)
     */
    @Override
    public Plan plan(StageContext ctx) {
        ImportCurvesOptions opts = ctx.options(ImportCurvesOptions.SECTION);
        if (opts.csv() == null) {
            throw new ConfigException("import-curves.csv is not set: pass --csv FILE (e.g. data/curves/metaqnn_svhn.csv)");
        }
        byte[] bytes = CurveCsv.bytes(opts.csv(), ctx.sweep().conf());
        CurveCsv.CurveFile file = CurveCsv.parse(new String(bytes, StandardCharsets.UTF_8), opts.csv(),
                opts.curvePrefix());
        List<String> notes = new ArrayList<>();
        CurveImport.Imported imported = CurveImport.toRows(file, ctx.config().sweepId(), defaultSweepId(opts.csv()),
                opts.archColumn(), opts.resolvedMetric(), notes::add);
        return super.plan(ctx).withDetail(new Parsed(bytes, file, imported, notes));
    }

    /** Commits the whole file as one unit. */
    @Override
    public Map<String, Object> run(StageContext stage) {
        ImportCurvesOptions opts = stage.options(ImportCurvesOptions.SECTION);
        Parsed p = stage.plan().detail(Parsed.class);
        CurveImport.Imported imported = p.imported();
        p.notes().forEach(stage::note);
        stage.put("csv_sha256", sha256(p.bytes()));
        Map<String, List<Row>> rows = new LinkedHashMap<>();
        rows.put(RunsTable.NAME, imported.runs().stream().map(RunRow::toRow).toList());
        rows.put(CurvesTable.NAME, imported.curves().stream().map(CurveRow::toRow).toList());
        long ok = imported.runs().stream().filter(RunRow::ok).count();
        stage.output().commit("import", rows, "{\"runs\":" + imported.runs().size() + "}");

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("csv", opts.csv());
        summary.put("runs", imported.runs().size());
        summary.put("ok", ok);
        summary.put("curves_rows", imported.curves().size());
        summary.put("epochs", p.file().epochs()[0] + ".." + p.file().lastEpoch());
        summary.put("metric", opts.metric());
        summary.put("higher_is_better", opts.higherIsBetter());
        summary.put("arch_column", imported.archColumn());
        summary.put("mapped_columns", imported.mapped());
        summary.put("runs_with_missing_epochs", imported.incomplete().size());
        return summary;
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
