package org.earlyrank.data.curves;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.earlyrank.config.ConfigException;
import org.earlyrank.data.curves.CurveCsv.CurveFile;
import org.earlyrank.data.curves.CurveCsv.Row;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.Metric;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;

/**
 * Turns a parsed curve file into {@code runs} and {@code curves} rows.
 *
 * <ul>
 *   <li>Run ids {@code r0000, r0001, ...} in file order; {@code source = import}; {@code space} = the
 *       file's name without extension; {@code seed} NULL.</li>
 *   <li>{@code arch}: the architecture text column (e.g. MetaQNN's {@code net}); {@code arch_id} its short
 *       hash, so equal architectures share an id. A file without one gets {@code arch = "<space>#<line>"}
 *       (one architecture per row).</li>
 *   <li>Every numeric column goes to {@code hparams} under its own name; well-known names also fill the
 *       typed columns: {@code num_params}/{@code n_params} to n_params, {@code lr}/{@code base_lr}/
 *       {@code learning_rate} to learning_rate, {@code depth} to depth, {@code cells}/{@code layers}/
 *       {@code n_layers} to cells, and batch_size, weight_decay, momentum, channels, flops, image_size,
 *       train_fraction by their own names. A text column {@code dataset} or {@code training_dataset}
 *       fills runs.dataset.</li>
 *   <li>The metric ({@code import-curves.metric}, {@link Metric}): an accuracy fills {@code curves.val_acc}
 *       and {@code runs.final_val_acc}; any other metric {@code curves.val_metric} and
 *       {@code runs.final_val_metric}; every run records the metric and its direction
 *       ({@code runs.metric}, {@code runs.higher_is_better}). An accuracy or error rate is a fraction: a file
 *       whose values leave [0, 1] is refused, naming the value and the fix (a perplexity read as an
 *       accuracy would rank the worst run first, silently).</li>
 *   <li>curves: one row per epoch that has a value ({@code PREFIX0} is epoch 0).
 *       {@code epochs_planned} = the last epoch column; {@code epochs_done} = epochs &ge; 1 with a value.</li>
 *   <li>Truth: the final validation value = the last epoch's value; {@code final_test_acc} NULL (the files
 *       hold validation values only). A row without a value at the last epoch has no truth: status
 *       {@code failed} with the reason. A row with gaps before the last epoch stays {@code ok}; it keeps the
 *       epochs it has, the import notes it, and stages that need a complete curve skip it with a note.</li>
 * </ul>
 */
public final class CurveImport {
    static final List<String> ARCH_COLUMNS = List.of("net", "arch", "architecture", "genotype");
    static final List<String> DATASET_COLUMNS = List.of("dataset", "training_dataset");
    /** How far an accuracy or error rate may leave [0, 1] through rounding before the import refuses it. */
    static final double FRACTION_SLACK = 1e-6;

    private CurveImport() {
    }

    /** The rows to write, and what the import noticed. */
    public record Imported(List<RunRow> runs, List<CurveRow> curves, String archColumn, List<String> ignoredText,
                           Map<String, String> mapped, List<String> incomplete) {
    }

    /**
     * @param sweepId    the sweep the rows belong to
     * @param space      the runs' {@code space} (the file's name without extension)
     * @param archColumn the architecture text column, or null to pick one of {@link #ARCH_COLUMNS}
     * @param notes      receives what a reader should know (ignored columns, missing epochs)
     */
    public static Imported toRows(CurveFile file, String sweepId, String space, String archColumn,
                                  Consumer<String> notes) {
        return toRows(file, sweepId, space, archColumn, Metric.ACCURACY, notes);
    }

    /**
     * @param metric what the per-epoch values are
     * @throws ConfigException when an accuracy or error rate leaves [0, 1], naming the value, where it is
     *                         and the fix
     */
    public static Imported toRows(CurveFile file, String sweepId, String space, String archColumn, Metric metric,
                                  Consumer<String> notes) {
        checkRange(file, metric);
        boolean acc = metric.inValAcc();
        String arch = pickArchColumn(file, archColumn);
        String datasetCol = null;
        for (String t : file.textColumns()) {
            if (!t.equals(arch) && DATASET_COLUMNS.contains(t.toLowerCase(Locale.ROOT))) {
                datasetCol = t;
                break;
            }
        }
        List<String> ignored = new ArrayList<>();
        for (String t : file.textColumns()) {
            if (!t.equals(arch) && !t.equals(datasetCol)) {
                ignored.add(t);
            }
        }
        if (!ignored.isEmpty()) {
            notes.accept("text columns " + ignored + " of " + file.file() + " are not imported (only the architecture"
                    + " column and a dataset column are)");
        }
        Map<String, String> mapped = mapColumns(file.numericColumns());
        int width = Math.max(4, String.valueOf(Math.max(0, file.rows().size() - 1)).length());
        List<RunRow> runs = new ArrayList<>();
        List<CurveRow> curves = new ArrayList<>();
        List<String> incomplete = new ArrayList<>();
        int[] epochs = file.epochs();
        int last = file.lastEpoch();
        for (int i = 0; i < file.rows().size(); i++) {
            Row row = file.rows().get(i);
            String runId = "r" + String.format(Locale.ROOT, "%0" + width + "d", i);
            String archText = arch == null ? null : row.text().get(arch);
            if (archText == null) {
                archText = space + "#" + row.line();
            }
            List<Integer> missing = new ArrayList<>();
            int done = 0;
            for (int k = 0; k < epochs.length; k++) {
                double v = row.values()[k];
                if (Double.isNaN(v)) {
                    missing.add(epochs[k]);
                    continue;
                }
                if (Double.isInfinite(v)) {
                    throw new ConfigException(file.file() + " line " + row.line() + ", column '" + file.prefix()
                            + epochs[k] + "': " + v + " is not a finite number");
                }
                if (epochs[k] >= 1) {
                    done++;
                }
                curves.add(new CurveRow(sweepId, runId, epochs[k], null, null, null, acc ? v : null, null, null, null,
                        null, null, null, null, acc ? null : v));
            }
            double lastValue = row.values()[epochs.length - 1];
            boolean ok = !Double.isNaN(lastValue);
            String error = null;
            if (!missing.isEmpty()) {
                incomplete.add(runId + " (line " + row.line() + ": epochs " + abbreviate(missing) + ")");
                if (!ok) {
                    error = "imported curve has no value at the last epoch " + last + " (" + file.file() + " line "
                            + row.line() + ", empty cells at epochs " + abbreviate(missing) + "): no truth to rank against";
                }
            }
            Map<String, Double> hp = new LinkedHashMap<>(row.numeric());
            runs.add(new RunRow(sweepId, runId, RunSpec.archId(archText), archText, space, RunsTable.SOURCE_IMPORT,
                    longValue(hp, mapped, "seed"), last, done, longValue(hp, mapped, "n_params"),
                    longValue(hp, mapped, "flops"), ok ? RunsTable.STATUS_OK : RunsTable.STATUS_FAILED, error,
                    ok && acc ? lastValue : null, null, null, real(hp, mapped, "learning_rate"),
                    intValue(hp, mapped, "batch_size"), real(hp, mapped, "weight_decay"),
                    intValue(hp, mapped, "channels"), intValue(hp, mapped, "cells"),
                    intValue(hp, mapped, "image_size"), real(hp, mapped, "train_fraction"), hp,
                    datasetCol == null ? null : row.text().get(datasetCol), real(hp, mapped, "momentum"), null,
                    intValue(hp, mapped, "depth"), null, null, null, null, metric.name(), metric.higherIsBetter(),
                    ok && !acc ? lastValue : null));
        }
        if (!incomplete.isEmpty()) {
            notes.accept(incomplete.size() + " of " + file.rows().size() + " configurations lack some epochs (empty"
                    + " cells); they keep the epochs they have, and stages that need a complete curve skip them: "
                    + abbreviate(incomplete));
        }
        return new Imported(runs, curves, arch, ignored, mapped, incomplete);
    }

    /**
     * Refuses an accuracy or error rate outside [0, 1] (beyond {@value #FRACTION_SLACK} of rounding): such a
     * file holds percentages, a perplexity or a loss, and read as a fraction every score would be on the
     * wrong scale or, for a perplexity or loss, backwards. Refused rather than warned about: a warning is a
     * note in options.json that nobody reads before the ranks are wrong; refusing writes nothing and the
     * fix is one flag.
     */
    static void checkRange(CurveFile file, Metric metric) {
        if (!metric.fraction()) {
            return;
        }
        for (Row row : file.rows()) {
            for (int k = 0; k < row.values().length; k++) {
                double v = row.values()[k];
                if (v < -FRACTION_SLACK || v > 1 + FRACTION_SLACK) {
                    throw new ConfigException(file.file() + " line " + row.line() + ", column '" + file.prefix()
                            + file.epochs()[k] + "': " + v + " is not " + (metric.inValAcc() ? "an accuracy" : "an error rate")
                            + " in [0, 1], and import-curves.metric is " + metric.name() + "; say what the values are"
                            + " with --metric (perplexity or loss: lower is better; any other name with"
                            + " --higher-is-better true|false, e.g. --metric accuracy_percent --higher-is-better true"
                            + " for percentages)");
                }
            }
        }
    }

    private static String pickArchColumn(CurveFile file, String requested) {
        if (requested != null) {
            if (!file.textColumns().contains(requested)) {
                throw new ConfigException("import-curves.arch_column is '" + requested + "', but " + file.file()
                        + " has no text column of that name; its text columns: " + file.textColumns());
            }
            return requested;
        }
        for (String want : ARCH_COLUMNS) {
            for (String t : file.textColumns()) {
                if (t.equalsIgnoreCase(want)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** runs column -> CSV column, for the numeric columns with a well-known name. */
    static Map<String, String> mapColumns(List<String> numeric) {
        Map<String, List<String>> aliases = new LinkedHashMap<>();
        aliases.put("n_params", List.of("n_params", "num_params", "params", "parameters"));
        aliases.put("flops", List.of("flops"));
        aliases.put("learning_rate", List.of("learning_rate", "lr", "base_lr"));
        aliases.put("batch_size", List.of("batch_size"));
        aliases.put("weight_decay", List.of("weight_decay"));
        aliases.put("momentum", List.of("momentum"));
        aliases.put("channels", List.of("channels"));
        aliases.put("cells", List.of("cells", "layers", "n_layers", "num_layers"));
        aliases.put("depth", List.of("depth"));
        aliases.put("image_size", List.of("image_size"));
        aliases.put("train_fraction", List.of("train_fraction"));
        aliases.put("seed", List.of("seed"));
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : aliases.entrySet()) {
            for (String alias : e.getValue()) {
                String hit = numeric.stream().filter(c -> c.equalsIgnoreCase(alias)).findFirst().orElse(null);
                if (hit != null) {
                    out.put(e.getKey(), hit);
                    break;
                }
            }
        }
        return out;
    }

    private static Double real(Map<String, Double> hp, Map<String, String> mapped, String column) {
        String c = mapped.get(column);
        return c == null ? null : hp.get(c);
    }

    private static Long longValue(Map<String, Double> hp, Map<String, String> mapped, String column) {
        Double v = real(hp, mapped, column);
        // A non-integral value in an integer column stays in hparams only.
        return v == null || v != Math.rint(v) ? null : (long) Math.rint(v);
    }

    private static Integer intValue(Map<String, Double> hp, Map<String, String> mapped, String column) {
        Long v = longValue(hp, mapped, column);
        return v == null || v > Integer.MAX_VALUE || v < Integer.MIN_VALUE ? null : v.intValue();
    }

    private static String abbreviate(List<?> items) {
        if (items.size() <= 5) {
            return items.toString();
        }
        return items.subList(0, 5) + " and " + (items.size() - 5) + " more";
    }
}
