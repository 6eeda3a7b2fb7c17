package org.earlyrank.config;

import org.earlyrank.schema.Metric;

/**
 * The {@code import-curves} stage: which CSV of published learning curves to bring into a sweep folder.
 *
 * @param csv         the wide CSV (any Hadoop file system path); required when the stage runs
 * @param curvePrefix per-epoch columns are {@code <prefix><epoch>}, e.g. {@code acc_1 .. acc_20}
 * @param archColumn  text column kept as {@code runs.arch}; null picks {@code net}, {@code arch},
 *                    {@code architecture} or {@code genotype}, whichever exists
 * @param metric      what the per-epoch values are ({@link Metric}): accuracy, error, loss, perplexity or any
 *                    other name with its direction
 * @param higherIsBetter the metric's direction; null takes a known metric's own. After construction it always
 *                    holds the direction in force, so options.json records it.
 */
public record ImportCurvesOptions(String csv, String curvePrefix, String archColumn, String metric,
                                  Boolean higherIsBetter) implements java.io.Serializable {
    public static final Section<ImportCurvesOptions> SECTION = Section.of("import-curves",
            "Import of published learning curves from a wide CSV (one row per configuration).",
            ImportCurvesOptions.class,
            Key.string("csv", null, "The CSV file: one row per configuration, per-epoch columns <curve_prefix><epoch>, other numeric columns are hyperparameters or architecture features."),
            Key.string("curve_prefix", "acc_", "Prefix of the per-epoch validation columns; <prefix>0 is the untrained model (epoch 0)."),
            Key.string("arch_column", null, "Text column kept as the architecture string (default: net, arch, architecture or genotype, whichever exists; without one, the row number)."),
            Key.string("metric", Metric.ACCURACY_NAME, "What the per-epoch values are: accuracy (a fraction in [0, 1]; values outside it are refused), error (a fraction), loss, perplexity, or any other name given with higher_is_better. An accuracy lands in curves.val_acc, any other metric in curves.val_metric, and the metric and its direction in runs.metric and runs.higher_is_better; every score and the truth are oriented so that higher means a better run."),
            new Key("higher_is_better", KeyType.BOOLEAN, null, "The metric's direction: true or false. Required for a metric other than accuracy, error, loss and perplexity; overrides a known metric's direction (accuracy: true; error, loss, perplexity: false). options.json records the direction in force."));

    public ImportCurvesOptions {
        if (curvePrefix == null || curvePrefix.isEmpty()) {
            throw new IllegalArgumentException("import-curves.curve_prefix must not be empty, got '"
                    + curvePrefix + "'");
        }
        if (csv != null && csv.isBlank()) {
            throw new IllegalArgumentException("import-curves.csv must name a file, got '" + csv + "'");
        }
        Metric m = Metric.of("import-curves.metric", metric, higherIsBetter);
        metric = m.name();
        higherIsBetter = m.higherIsBetter();
    }

    /** The metric and its direction. */
    public Metric resolvedMetric() {
        return new Metric(metric, higherIsBetter);
    }
}
