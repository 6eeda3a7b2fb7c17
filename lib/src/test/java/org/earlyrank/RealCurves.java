package org.earlyrank;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.data.curves.ImportCurvesStage;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.store.SweepFolder;

/**
 * The real learning-curve files of Baker et al. (data/curves: metaqnn_svhn.csv, 1,300 MetaQNN CNNs on SVHN;
 * deep_resnets_cifar10.csv, 486 ResNets on CIFAR-10) and their import into a sweep folder with import-curves.
 */
public final class RealCurves {
    private RealCurves() {
    }

    /** data/curves/NAME of this repository, from the module folder or the root. */
    public static Path csv(String name) {
        Path p = Path.of("..", "data", "curves", name);
        return Files.exists(p) ? p : Path.of("data", "curves", name);
    }

    /** A config importing {@code csv} (prefix acc_), sweep id = the file's name, plus {@code overrides}. */
    public static SweepConfig config(Path csv, Map<String, String> overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("import-curves.csv", csv.toString());
        o.put("name", ImportCurvesStage.defaultSweepId(csv.toString()));
        o.putAll(overrides);
        return ConfigLoader.load(null, o);
    }

    /** Imports {@code csv} into {@code out/<sweep id>} with import-curves and returns the sweep folder. */
    public static SweepFolder importInto(Path out, SweepConfig cfg) {
        SweepFolder sweep = SweepFolder.at(out.toString(), cfg.sweepId(), new Configuration());
        Pipeline.run(Stages.IMPORT_CURVES, null, cfg, sweep, false);
        return sweep;
    }
}
