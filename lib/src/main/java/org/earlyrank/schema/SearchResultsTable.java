package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code search_results}: what each search repeat found and what it cost (Cao 2021, Table 4.1: the searched
 * architecture's test accuracy; Appendix A.3.2: regret against the best architecture).
 */
public final class SearchResultsTable {
    public static final String NAME = "search_results";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "search repeat")
            .required("sweep_id", STRING, "Sweep identifier (the sweep searched over).")
            .required("search_id", STRING, "Search identifier: <algorithm>-<hash of the search's options>-<estimator>.")
            .required("algorithm", STRING, "random, hyperband or bohb.")
            .required("estimator", STRING, "Estimator deciding; val-acc is the plain algorithm.")
            .required("repeat", INT, "Repeat of the search, 0-based.")
            .required("pick_run_id", STRING, "The configuration the search returned.")
            .nullable("pick_val_acc", DOUBLE, "Its validation accuracy at the budget it reached in the search (what the "
                    + "search saw).")
            .nullable("pick_test_acc", DOUBLE, "Its test accuracy after the full budget (runs.final_test_acc): the "
                    + "quality of the search's answer; NULL without a test split.")
            .nullable("best_test_acc_in_pool", DOUBLE, "The best test accuracy after the full budget among the pool's "
                    + "configurations; NULL where the pool's truth is unknown.")
            .nullable("regret", DOUBLE, "best_test_acc_in_pool - pick_test_acc (>= 0).")
            .required("compute_seconds", DOUBLE, "Compute the repeat charged: measured seconds of every epoch it trained "
                    + "plus the estimator's cost of every score it used.")
            .required("full_compute_seconds", DOUBLE, "Measured seconds of training every configuration of the pool to "
                    + "the full budget.")
            .required("configurations", INT, "Configurations the repeat trained (at least one epoch).")
            .nullable("design_id", STRING, "Searches with the same design_id differ only in their estimator: repeat r "
                    + "of each draws the same order of the pool, so they compare repeat by repeat.")
            .nullable("pick_budget_epoch", INT, "Epochs the pick had been trained in the search.")
            .nullable("pick_arch", STRING, "The pick's architecture (runs.arch).")
            .nullable("epochs_trained", LONG, "Epochs the repeat trained, all configurations together.")
            .nullable("full_epochs", LONG, "Epochs of training every configuration of the pool to the full budget.")
            .nullable("decisions", INT, "Decisions the repeat made (one per round, plus the final pick).")
            .nullable("fallback_decisions", INT, "Of those, decisions that ranked by val-acc because the estimator had "
                    + "no score at that budget.")
            .nullable("mode", STRING, "replay or live.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private SearchResultsTable() {
    }

    /** One repeat. Boxed fields may be null. */
    public record SearchResultRow(String sweepId, String searchId, String algorithm, String estimator, int repeat,
                                  String pickRunId, Double pickValAcc, Double pickTestAcc, Double bestTestAccInPool,
                                  Double regret, double computeSeconds, double fullComputeSeconds, int configurations,
                                  String designId, Integer pickBudgetEpoch, String pickArch, Long epochsTrained,
                                  Long fullEpochs, Integer decisions, Integer fallbackDecisions, String mode) {
        public Row toRow() {
            return RowFactory.create(sweepId, searchId, algorithm, estimator, repeat, pickRunId, pickValAcc, pickTestAcc,
                    bestTestAccInPool, regret, computeSeconds, fullComputeSeconds, configurations, designId,
                    pickBudgetEpoch, pickArch, epochsTrained, fullEpochs, decisions, fallbackDecisions, mode);
        }

        public static SearchResultRow fromRow(Row r) {
            return new SearchResultRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.integer(r, 4), Rows.string(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.real(r, 8),
                    Rows.real(r, 9), Rows.real(r, 10), Rows.real(r, 11), Rows.integer(r, 12), Rows.string(r, 13),
                    Rows.integer(r, 14), Rows.string(r, 15), Rows.longValue(r, 16), Rows.longValue(r, 17),
                    Rows.integer(r, 18), Rows.integer(r, 19), Rows.string(r, 20));
        }

        /** The compute as a fraction of training every configuration of the pool fully. */
        public double computeFraction() {
            return fullComputeSeconds > 0 ? computeSeconds / fullComputeSeconds : Double.NaN;
        }
    }
}
