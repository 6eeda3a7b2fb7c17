package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code steps}: one row per run, epoch and minibatch. */
public final class StepsTable {
    public static final String NAME = "steps";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "run, epoch and minibatch")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "Run identifier.")
            .required("epoch", INT, "Epoch, 1-based.")
            .required("step", INT, "Minibatch index within the epoch, 1-based.")
            .required("loss", DOUBLE, "Cross-entropy of the minibatch in training mode before its update (no regularisation term); NaN or Infinity when the run diverged.")
            .nullable("batch_size", INT, "Samples in the minibatch (the last one of an epoch may be smaller).")
            .nullable("learning_rate", DOUBLE, "Learning rate applied by the minibatch's update.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private StepsTable() {
    }

    public record StepRow(String sweepId, String runId, int epoch, int step, double loss, Integer batchSize,
                          Double learningRate) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, epoch, step, loss, batchSize, learningRate);
        }

        public static StepRow fromRow(Row r) {
            return new StepRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.integer(r, 3),
                    Rows.real(r, 4), Rows.integer(r, 5), Rows.real(r, 6));
        }
    }
}
