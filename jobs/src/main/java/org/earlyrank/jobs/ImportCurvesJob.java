package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;

import org.earlyrank.data.curves.ImportCurvesStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank import-curves}: a sweep folder from a CSV of published learning curves. */
@Command(name = ImportCurvesStage.NAME, mixinStandardHelpOptions = true,
        description = "Import a wide CSV of learning curves (one row per configuration, columns PREFIX0.. or "
                + "PREFIX1..) as runs and curves, so the estimators and the report run without training.")
public final class ImportCurvesJob extends StageJob {
    public ImportCurvesJob() {
        super(Stages.IMPORT_CURVES, Shorthand.requiredValue("csv", "FILE"),
                Shorthand.value("curve_prefix", "PREFIX"), Shorthand.value("arch_column", "NAME"),
                Shorthand.value("metric", "NAME"), Shorthand.value("higher_is_better", "true|false"));
    }

    /** The sweep id defaults to the CSV's name, not the config's (--sweep-id still wins). */
    @Override
    Map<String, String> overrides() {
        Map<String, String> extra = new LinkedHashMap<>(super.overrides());
        extra.put("name", ImportCurvesStage.defaultSweepId(extra.get(Stages.IMPORT_CURVES.name() + ".csv")));
        return extra;
    }
}
