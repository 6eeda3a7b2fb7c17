package org.earlyrank.stage;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.TableSchema;

/**
 * One stage of EarlyRank: {@code train}, {@code score-tse}, {@code report}, ... Implementations are
 * stateless (what one run needs lives in the {@link StageContext} and the {@link Plan}), so one instance
 * serves every run; {@link StageRunner} is the only caller of {@link #plan} and {@link #run}.
 *
 * <p>Contract: nothing a stage does before {@link #run} writes to the sweep folder; {@link #run} writes
 * only through {@link StageContext#output()} (committed per unit, published by the runner), the report
 * folder, and {@link StageContext#note}/{@link StageContext#put} (options.json); it never runs another
 * stage.
 */
public interface Stage {
    /**
     * The stage's one name: the CLI word, the config section of its own options (where it has one), its key
     * in options.json and its staging folder, e.g. {@code score-tse}.
     */
    String name();

    /** The Spark job group its work runs under: the name in capitals ({@code SCORE-TSE}). */
    default String group() {
        return name().toUpperCase(Locale.ROOT);
    }

    /** Whether it creates the sweep folder (train, import-curves, prune-mip); others need an existing one. */
    boolean root();

    /** The tables it reads, each required or optional; checked by the runner before anything changes. */
    List<TableInput> inputs();

    /**
     * The tables it writes, as declared in {@code org.earlyrank.schema}. A run may write a wider schema of
     * one of them (prune-mip's mip_trials gains a column per budget parameter): its {@link Plan} says.
     */
    List<TableSchema> outputs();

    /** The config sections it reads. */
    List<Section<?>> sections();

    /**
     * What it records in options.json and compares on resume: by default the sweep's name and master seed
     * and its sections. A stage whose result depends on its own section only (score-tse, report) records
     * just that, so a sweep can be scored with another config file.
     */
    default Map<String, Object> options(SweepConfig cfg) {
        return cfg.values(sections());
    }

    /**
     * Checks options that need more than their own section (estimator names against the registry); no
     * I/O. A pipeline calls it for every stage before the first one starts.
     *
     * @throws org.earlyrank.config.ConfigException naming the key
     */
    default void checkOptions(SweepConfig cfg) {
    }

    /**
     * Reads and checks whatever else the stage needs (a dataset, a CSV, a reference sweep, the winners)
     * and fixes what it will record and write. Runs after the input tables passed and before the sweep
     * folder changes: it must not write.
     */
    default Plan plan(StageContext ctx) {
        return Plan.of(options(ctx.config()), outputs());
    }

    /**
     * Does the work not yet committed (a resumed stage skips committed units) and returns the summary
     * recorded in options.json. The runner publishes the output tables afterwards.
     */
    Map<String, Object> run(StageContext ctx);
}
