package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code search_trials}: what a search did, one row per configuration per round: the budget it had reached
 * when the round decided, the score the decision ranked it by, whether it was promoted, and the compute
 * charged for that round.
 */
public final class SearchTrialsTable {
    public static final String NAME = "search_trials";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "configuration and rung of a search")
            .required("sweep_id", STRING, "Sweep identifier (the sweep searched over).")
            .required("search_id", STRING, "Search identifier: <algorithm>-<hash of the search's options>-<estimator>.")
            .required("algorithm", STRING, "random, hyperband or bohb.")
            .required("estimator", STRING, "Estimator deciding (estimates.estimator); val-acc is the plain algorithm.")
            .required("repeat", INT, "Repeat of the search, 0-based (each a different seeded draw and order of the pool).")
            .required("bracket", INT, "Hyperband's bracket s (s_max = most configurations, smallest budget first; 0 = "
                    + "every configuration at the maximum budget); 0 for random search.")
            .required("rung", INT, "Round i of successive halving within the bracket, 0-based; 0 for random search.")
            .required("run_id", STRING, "The configuration: a run of the sweep.")
            .required("budget_epoch", INT, "Epochs the configuration had been trained when the round decided.")
            .nullable("score", DOUBLE, "Score the decision ranked it by (higher is better); NULL when it had none.")
            .required("promoted", BOOLEAN, "Went on to the next round; in a bracket's last round and in random search: "
                    + "it was the round's best.")
            .required("compute_seconds", DOUBLE, "Training charged for this round (measured seconds of the epochs "
                    + "after the last one it had reached; a promoted configuration resumes) plus the estimator's cost.")
            .nullable("score_source", STRING, "Where the score came from: the estimator, or val-acc where the "
                    + "decision fell back because the estimator had no score at that budget.")
            .nullable("train_seconds", DOUBLE, "The training part of compute_seconds.")
            .nullable("estimate_seconds", DOUBLE, "The estimator part of compute_seconds (estimates.cost_seconds).")
            .nullable("mode", STRING, "replay (over a finished sweep's records) or live.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private SearchTrialsTable() {
    }

    /** One row. Boxed fields may be null. */
    public record SearchTrialRow(String sweepId, String searchId, String algorithm, String estimator, int repeat,
                                 int bracket, int rung, String runId, int budgetEpoch, Double score, boolean promoted,
                                 double computeSeconds, String scoreSource, Double trainSeconds,
                                 Double estimateSeconds, String mode) {
        public Row toRow() {
            return RowFactory.create(sweepId, searchId, algorithm, estimator, repeat, bracket, rung, runId, budgetEpoch,
                    score, promoted, computeSeconds, scoreSource, trainSeconds, estimateSeconds, mode);
        }

        public static SearchTrialRow fromRow(Row r) {
            return new SearchTrialRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.integer(r, 4), Rows.integer(r, 5), Rows.integer(r, 6), Rows.string(r, 7), Rows.integer(r, 8),
                    Rows.real(r, 9), Rows.bool(r, 10), Rows.real(r, 11), Rows.string(r, 12), Rows.real(r, 13),
                    Rows.real(r, 14), Rows.string(r, 15));
        }
    }
}
