package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.earlyrank.data.curves.ImportCurvesStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank import-curves}: a sweep folder from a CSV of published learning curves. */
@Command(name = ImportCurvesStage.NAME, mixinStandardHelpOptions = true,
        description = "Import a wide CSV of learning curves (one row per configuration, columns PREFIX0.. or "
                + "PREFIX1..) as runs and curves, so the estimators and the report run without training.")
public final class ImportCurvesJob extends StageJob {
    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The CSV (any Hadoop file system path).")
    String csv;

    @Option(names = "--curve-prefix", paramLabel = "PREFIX", description = "Per-epoch column prefix (default acc_).")
    String curvePrefix;

    @Option(names = "--arch-column", paramLabel = "NAME", description = "Text column kept as runs.arch (default: net, arch, architecture or genotype).")
    String archColumn;

    @Option(names = "--metric", paramLabel = "NAME", description = "What the per-epoch values are: accuracy (default; a fraction in [0, 1]), error, loss, perplexity (lower is better), or any other name with --higher-is-better.")
    String metric;

    @Option(names = "--higher-is-better", paramLabel = "true|false", description = "The metric's direction; required for a metric other than accuracy, error, loss and perplexity, and overrides theirs.")
    String higherIsBetter;

    public ImportCurvesJob() {
        super(Stages.IMPORT_CURVES);
    }

    /** The sweep id defaults to the CSV's name, not the config's (--sweep-id still wins). */
    @Override
    Map<String, String> overrides() {
        Map<String, String> extra = new LinkedHashMap<>(super.overrides());
        extra.put("name", ImportCurvesStage.defaultSweepId(csv));
        return extra;
    }
}
