package org.earlyrank.stage;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.spark.Fanout;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

/**
 * What one run of a stage sees: the session, the config, the sweep folder, which input tables are present,
 * and (once the runner has begun the stage) its {@link Plan} and output. Built by {@link StageRunner}; not
 * thread-safe, used on the driver.
 */
public final class StageContext {
    private final Stage stage;
    private final SparkSession spark;
    private final SweepConfig config;
    private final SweepFolder sweep;
    private final Set<String> present;
    private final Function<String, String> writers;
    private Plan plan;
    private StageRun run;

    StageContext(Stage stage, SparkSession spark, SweepConfig config, SweepFolder sweep, Set<String> present,
                 Function<String, String> writers) {
        this.stage = stage;
        this.spark = spark;
        this.config = config;
        this.sweep = sweep;
        this.present = Set.copyOf(present);
        this.writers = writers;
    }

    void begin(Plan p, StageRun r) {
        this.plan = p;
        this.run = r;
    }

    public Stage stage() {
        return stage;
    }

    /** The Spark session; null where a caller runs a driver-only stage without one (tests). */
    public SparkSession spark() {
        return spark;
    }

    public SweepConfig config() {
        return config;
    }

    /** One section's options. */
    public <T extends Record> T options(Section<T> section) {
        return config.get(section);
    }

    public SweepFolder sweep() {
        return sweep;
    }

    /** Whether an input table is published in the sweep (always true for a required one). */
    public boolean has(String table) {
        return present.contains(table);
    }

    public boolean has(TableSchema table) {
        return has(table.name());
    }

    /** The stage(s) that write a table, for messages that say what to run first, e.g. "train (or import-curves)". */
    public String writer(String table) {
        return writers.apply(table);
    }

    /** The plan; available once the runner has begun the stage. */
    public Plan plan() {
        return begun().plan;
    }

    public StageOutput output() {
        return begun().run.output();
    }

    /** Records (and prints) a note in options.json: what the stage skipped and why. */
    public void note(String text) {
        begun().run.note(text);
    }

    /** Adds a value to the stage's record in options.json. */
    public void put(String key, Object value) {
        begun().run.put(key, value);
    }

    /** One Spark task per unit under the stage's job group ({@link Fanout#run}). */
    public <T extends Serializable, R> List<R> fanout(List<T> units, int unitsBefore, Fanout.Work<T, R> work) {
        return Fanout.run(spark, stage.group(), stage.name(), units, unitsBefore, work);
    }

    private StageContext begun() {
        if (run == null) {
            throw new IllegalStateException("stage " + stage.name() + " has not begun: the plan may not write");
        }
        return this;
    }
}
