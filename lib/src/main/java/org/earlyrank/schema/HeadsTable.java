package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code heads}: the final linear layer after each epoch, logits = W x + b, with softmax on top. */
public final class HeadsTable {
    public static final String NAME = "heads";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "run and epoch")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "Run identifier.")
            .required("epoch", INT, "Epoch, 1-based.")
            .required("num_classes", INT, "Rows of W.")
            .required("dim", INT, "Columns of W = length of the features.")
            .required("weights", FLOAT_ARRAY, "W, row-major, num_classes x dim.")
            .required("bias", FLOAT_ARRAY, "b, num_classes values.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private HeadsTable() {
    }

    public record HeadRow(String sweepId, String runId, int epoch, int numClasses, int dim, float[] weights,
                          float[] bias) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, epoch, numClasses, dim, weights, bias);
        }

        public static HeadRow fromRow(Row r) {
            return new HeadRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.integer(r, 3),
                    Rows.integer(r, 4), Rows.floats(r, 5), Rows.floats(r, 6));
        }
    }
}
