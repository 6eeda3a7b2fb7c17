package org.earlyrank.stage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.Fs;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

/**
 * Runs any {@link Stage} on a sweep folder, always the same way:
 * <ol>
 *   <li>{@link Stage#checkOptions}, then (for a stage that is not a root) the sweep folder must exist;</li>
 *   <li>every input table: a required one must be published, an optional one is used when its folder
 *       exists; each one used must have {@code _SUCCESS}, the declared schema in every part file's footer,
 *       and readable footers;</li>
 *   <li>{@link Stage#plan}: the stage's own checks;</li>
 *   <li>only then the sweep folder changes: {@link StageRun#begin} resumes, refuses other options (unless
 *       {@code --overwrite}) or finds the stage already complete (nothing to do);</li>
 *   <li>{@link Stage#run} under the stage's job group, then publish and record it complete.</li>
 * </ol>
 * Any failure in steps 1-3 is a {@link org.earlyrank.config.ConfigException} or
 * {@link org.earlyrank.schema.TableException} (exit status 2) and leaves every file as it was.
 */
public final class StageRunner {
    private final List<Stage> stages;

    /** @param stages every stage, for messages naming the stage that writes a missing table */
    public StageRunner(List<? extends Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    /**
     * @param spark the session; may be null for stages that compute on the driver only
     * @return the stage's summary, or {@code {already_complete: true}} when it had nothing to do
     */
    public Map<String, Object> run(Stage stage, SparkSession spark, SweepConfig cfg, SweepFolder sweep,
                                   boolean overwrite) {
        stage.checkOptions(cfg);
        if (!stage.root()) {
            sweep.requireExists();
        }
        Set<String> present = checkInputs(stage, sweep);
        StageContext ctx = new StageContext(stage, spark, cfg, sweep, present, this::writer);
        Plan plan = stage.plan(ctx);
        StageRun run = StageRun.begin(sweep, stage.name(), plan.options(), plan.outputs(),
                overwrite || plan.redo() != null, stage.root());
        if (run.alreadyComplete()) {
            System.err.println("[" + stage.name() + "] already complete in " + sweep
                    + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        if (plan.redo() != null && !overwrite) {
            run.note("redone: " + plan.redo());
        }
        ctx.begin(plan, run);
        if (spark != null) {
            spark.sparkContext().setJobGroup(stage.group(), stage.name() + " on the driver", false);
        }
        try {
            Map<String, Object> summary = stage.run(ctx);
            run.finish(summary);
            return summary;
        } finally {
            if (spark != null) {
                spark.sparkContext().clearJobGroup();
            }
        }
    }

    /** Checks every input table the stage uses; returns the names of those present. Reads footers only. */
    Set<String> checkInputs(Stage stage, SweepFolder sweep) {
        Set<String> present = new LinkedHashSet<>();
        for (TableInput in : stage.inputs()) {
            if (in.required() || Fs.exists(sweep.fs(), sweep.table(in.name()))) {
                sweep.checkTable(in.table(), writer(in.name()));
                present.add(in.name());
            }
        }
        return present;
    }

    /** "train (or import-curves, prune-mip)": the stages whose outputs include the table, in registry order. */
    public String writer(String table) {
        List<String> names = new ArrayList<>();
        for (Stage s : stages) {
            if (s.outputs().stream().map(TableSchema::name).anyMatch(table::equals)) {
                names.add(s.name());
            }
        }
        if (names.isEmpty()) {
            return "the stage that writes " + table;
        }
        return names.size() == 1 ? names.get(0)
                : names.get(0) + " (or " + String.join(", ", names.subList(1, names.size())) + ")";
    }
}
