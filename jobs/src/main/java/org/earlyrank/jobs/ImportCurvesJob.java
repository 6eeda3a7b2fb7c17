package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.data.curves.ImportCurvesStage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earlyrank import-curves}: a sweep folder from a CSV of published learning curves. */
@Command(name = ImportCurvesStage.NAME, mixinStandardHelpOptions = true,
        description = "Import a wide CSV of learning curves (one row per configuration, columns PREFIX0.. or "
                + "PREFIX1..) as runs and curves, so the estimators and the report run without training.")
public final class ImportCurvesJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--csv", paramLabel = "FILE", required = true, description = "The CSV (any Hadoop file system path).")
    String csv;

    @Option(names = "--curve-prefix", paramLabel = "PREFIX", description = "Per-epoch column prefix (default acc_).")
    String curvePrefix;

    @Option(names = "--arch-column", paramLabel = "NAME", description = "Text column kept as runs.arch (default: net, arch, architecture or genotype).")
    String archColumn;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("import-curves.csv", csv);
            if (curvePrefix != null) {
                extra.put("import-curves.curve_prefix", curvePrefix);
            }
            if (archColumn != null) {
                extra.put("import-curves.arch_column", archColumn);
            }
            // The sweep id defaults to the CSV's name, not the config's (--sweep-id still wins).
            extra.put("name", ImportCurvesStage.defaultSweepId(csv));
            SweepConfig cfg = common.config(extra);
            SparkSession spark = Jobs.session(cfg, ImportCurvesStage.NAME);
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Jobs.printSummary(ImportCurvesStage.NAME, ImportCurvesStage.execute(cfg, sweep, common.overwrite));
            System.out.println("sweep: " + sweep);
            return 0;
        });
    }
}
