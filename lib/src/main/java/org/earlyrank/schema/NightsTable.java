package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code nights}: one row per night of the nightly history ({@code bin/earlyrank history}), describing the
 * sweep appended that night. It lives in the history folder, not in a sweep: {@code HISTORY_DIR/nights/
 * date=YYYY-MM-DD/}, like every history table, so the night's date is the Hive partition column
 * {@code date} that Spark, DuckDB ({@code hive_partitioning = true}) and pyarrow add when they read the
 * folder; it is not stored in the part files.
 */
public final class NightsTable {
    public static final String NAME = "nights";

    public static final TableSchema TABLE = TableSchema.builder(NAME,
                    "night of the history (HISTORY_DIR/nights/date=YYYY-MM-DD/; the date is the partition column)")
            .required("sweep_id", STRING, "The sweep appended that night (its options.json sweep_id).")
            .nullable("git_commit", STRING, "EarlyRank's git commit that last wrote the sweep's options.json.")
            .nullable("earlyrank_version", STRING, "EarlyRank's version that last wrote options.json.")
            .required("config_hash", STRING, "SHA-256 of every stage's recorded options (options.json): nights with "
                    + "the same hash ran the same configuration.")
            .nullable("seed", LONG, "The sweep's master seed (the train or import stage's recorded seed).")
            .required("runs", INT, "Rows of the sweep's runs table.")
            .required("runs_ok", INT, "Runs with status ok.")
            .required("runs_failed", INT, "Runs with status failed.")
            .required("runs_diverged", INT, "Runs with status diverged.")
            .required("stage_seconds", STRING_DOUBLE_MAP, "Wall seconds of each stage recorded complete in options.json "
                    + "(its summary's wall_seconds, else finished minus started).")
            .required("wall_seconds", DOUBLE, "Sum of stage_seconds.")
            .nullable("train_images", LONG, "Images the runs trained on, all epochs (sum of steps.batch_size); NULL "
                    + "without a steps table (imported curves).")
            .nullable("train_pass_seconds", DOUBLE, "Seconds of the training passes, all runs and epochs (sum of "
                    + "curves.train_seconds).")
            .nullable("train_images_per_second", DOUBLE, "train_images / train_pass_seconds: training throughput of one "
                    + "task, whatever the cluster's size (the trend report flags a drop).")
            .nullable("finished", STRING, "When the sweep's last stage finished (ISO-8601 UTC).")
            .required("appended", STRING, "When the night was appended to the history (ISO-8601 UTC).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private NightsTable() {
    }

    /** One night. Boxed fields may be null. */
    public record NightRow(String sweepId, String gitCommit, String earlyrankVersion, String configHash, Long seed,
                           int runs, int runsOk, int runsFailed, int runsDiverged, Map<String, Double> stageSeconds,
                           double wallSeconds, Long trainImages, Double trainPassSeconds,
                           Double trainImagesPerSecond, String finished, String appended) {
        public Row toRow() {
            return RowFactory.create(sweepId, gitCommit, earlyrankVersion, configHash, seed, runs, runsOk, runsFailed,
                    runsDiverged, stageSeconds, wallSeconds, trainImages, trainPassSeconds, trainImagesPerSecond,
                    finished, appended);
        }

        public static NightRow fromRow(Row r) {
            return new NightRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.longValue(r, 4), Rows.integer(r, 5), Rows.integer(r, 6), Rows.integer(r, 7),
                    Rows.integer(r, 8), Rows.doubleMap(r, 9), Rows.real(r, 10), Rows.longValue(r, 11),
                    Rows.real(r, 12), Rows.real(r, 13), Rows.string(r, 14), Rows.string(r, 15));
        }
    }
}
