package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code estimates}: every estimator's score of every run at every budget; higher means better. */
public final class EstimatesTable {
    public static final String NAME = "estimates";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "run, estimator and budget")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "Run identifier.")
            .required("estimator", STRING, "Estimator name, e.g. tse, tse-e, tse-ema, val-acc, sovl, tl-mini, fh-ensemble, svr.")
            .required("budget_epoch", INT, "Budget t: only what the run had produced by the end of epoch t was used.")
            .required("score", DOUBLE, "Estimated performance, oriented so that higher means better (losses negated).")
            .required("cost_seconds", DOUBLE, "Wall time to produce this estimate from the stored tables.")
            .nullable("stage", STRING, "Stage that wrote the row.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private EstimatesTable() {
    }

    public record EstimateRow(String sweepId, String runId, String estimator, int budgetEpoch, double score,
                              double costSeconds, String stage) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, estimator, budgetEpoch, score, costSeconds, stage);
        }

        public static EstimateRow fromRow(Row r) {
            return new EstimateRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.integer(r, 3),
                    Rows.real(r, 4), Rows.real(r, 5), Rows.string(r, 6));
        }
    }
}
