package org.earlyrank.config;

/**
 * The {@code import-curves} stage: which CSV of published learning curves to bring into a sweep folder.
 *
 * @param csv         the wide CSV (any Hadoop file system path); required when the stage runs
 * @param curvePrefix per-epoch columns are {@code <prefix><epoch>}, e.g. {@code acc_1 .. acc_20}
 * @param archColumn  text column kept as {@code runs.arch}; null picks {@code net}, {@code arch},
 *                    {@code architecture} or {@code genotype}, whichever exists
 */
public record ImportCurvesOptions(String csv, String curvePrefix, String archColumn) implements java.io.Serializable {
    public static final Section<ImportCurvesOptions> SECTION = Section.of("import-curves",
            "Import of published learning curves from a wide CSV (one row per configuration).",
            ImportCurvesOptions.class,
            Key.string("csv", null, "The CSV file: one row per configuration, per-epoch columns <curve_prefix><epoch>, other numeric columns are hyperparameters or architecture features."),
            Key.string("curve_prefix", "acc_", "Prefix of the per-epoch validation-accuracy columns; <prefix>0 is the untrained model (epoch 0)."),
            Key.string("arch_column", null, "Text column kept as the architecture string (default: net, arch, architecture or genotype, whichever exists; without one, the row number)."));

    public ImportCurvesOptions {
        if (curvePrefix == null || curvePrefix.isEmpty()) {
            throw new IllegalArgumentException("import-curves.curve_prefix must not be empty, got '"
                    + curvePrefix + "'");
        }
        if (csv != null && csv.isBlank()) {
            throw new IllegalArgumentException("import-curves.csv must name a file, got '" + csv + "'");
        }
    }
}
