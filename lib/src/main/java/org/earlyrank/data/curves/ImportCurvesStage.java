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
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

/**
 * The {@code import-curves} stage: a root stage (like train) that creates a sweep folder from a wide CSV
 * of published learning curves, writing {@code runs} and {@code curves} (see {@link CurveImport} for the
 * mapping). The whole file is one unit of work: it is small (thousands of rows) and parsed on the driver,
 * and it is checked completely before anything in the sweep folder changes.
 */
public final class ImportCurvesStage {
    public static final String NAME = "import-curves";
    public static final String GROUP = "IMPORT-CURVES";
    public static final List<TableSchema> OUTPUTS = List.of(RunsTable.TABLE, CurvesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ImportCurvesOptions.SECTION);

    private ImportCurvesStage() {
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

    /**
     * Imports the configured CSV into {@code sweep}: resumes (does nothing) when it already did so with
     * the same options, refuses other options without {@code overwrite}, starts the sweep afresh with it.
     *
     * @throws ConfigException when the CSV is missing or malformed (naming file, line and column)
     */
    public static Map<String, Object> execute(SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        ImportCurvesOptions opts = cfg.get(ImportCurvesOptions.SECTION);
        if (opts.csv() == null) {
            throw new ConfigException("import-curves.csv is not set: pass --csv FILE (e.g. data/curves/metaqnn_svhn.csv)");
        }
        // Parse (and so validate) the whole file before the sweep folder changes.
        byte[] bytes = CurveCsv.bytes(opts.csv(), sweep.conf());
        CurveCsv.CurveFile file = CurveCsv.parse(new String(bytes, StandardCharsets.UTF_8), opts.csv(),
                opts.curvePrefix());
        List<String> notes = new ArrayList<>();
        CurveImport.Imported imported = CurveImport.toRows(file, cfg.sweepId(), defaultSweepId(opts.csv()),
                opts.archColumn(), notes::add);

        StageRun stage = StageRun.begin(sweep, NAME, cfg.values(SECTIONS), OUTPUTS, overwrite, true);
        if (stage.alreadyComplete()) {
            System.err.println("[" + NAME + "] already complete in " + sweep + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        notes.forEach(stage::note);
        stage.put("csv_sha256", sha256(bytes));
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
        summary.put("epochs", file.epochs()[0] + ".." + file.lastEpoch());
        summary.put("arch_column", imported.archColumn());
        summary.put("mapped_columns", imported.mapped());
        summary.put("runs_with_missing_epochs", imported.incomplete().size());
        stage.finish(summary);
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
