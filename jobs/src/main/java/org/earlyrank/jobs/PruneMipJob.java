package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.earlyrank.mip.PruneMipStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank prune-mip}: minimum importance pruning of a budgeted training setting. */
@Command(name = PruneMipStage.NAME, mixinStandardHelpOptions = true,
        description = "Find the cheapest training setting whose ranking agrees with full training (minimum importance "
                + "pruning, Zheng et al. CVPR 2020). Default config: conf/mip.yaml. Writes DIR/<sweep_id>/ with the runs "
                + "of every (architecture, setting) pair and mip_trials, mip_importance, mip_decisions, mip_pairs.")
public final class PruneMipJob extends StageJob {
    public PruneMipJob() {
        super(Stages.PRUNE_MIP, Shorthand.value("reference_sweep", "DIR/<sweep_id>"));
    }

    /** conf/mip.yaml unless --conf names another file. */
    @Override
    Map<String, String> overrides() {
        if (common.conf == null) {
            common.conf = defaultConf();
        }
        return super.overrides();
    }

    /** conf/mip.yaml of the install (or of the working directory), else null: built-in defaults. */
    static Path defaultConf() {
        Path p = Jobs.installPath("conf", "mip.yaml");
        return Files.isRegularFile(p) ? p : null;
    }
}
