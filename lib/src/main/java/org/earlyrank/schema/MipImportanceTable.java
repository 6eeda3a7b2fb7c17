package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mip_importance}: one row per MIP iteration and budget parameter still free in it; the
 * importances of an iteration are >= 0, shares of the whole forest (Eq. 8), so they sum to 1 in the first
 * iteration and to at most 1 later (pruned parameters' splits take the rest), or are all 0 when no tree split.
 */
public final class MipImportanceTable {
    public static final String NAME = "mip_importance";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "iteration and free parameter")
            .required("sweep_id", STRING, "Sweep identifier of the MIP folder.")
            .required("iteration", INT, "MIP iteration, 1-based.")
            .required("parameter", STRING, "Budget parameter (a mip_trials column name).")
            .required("importance", DOUBLE, "The parameter's decrease in impurity over the whole forest's, pruned parameters included (Eq. 7-8); 0 when no tree split.")
            .required("raw_importance", DOUBLE, "Mean decrease in residual sum of squares per tree, before normalisation.")
            .required("rank", INT, "1 = most important free parameter of the iteration.")
            .required("trials", INT, "Trials in D when the forest was fitted.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private MipImportanceTable() {
    }

    public record ImportanceRow(String sweepId, int iteration, String parameter, double importance, double rawImportance,
                                int rank, int trials) {
        public Row toRow() {
            return RowFactory.create(sweepId, iteration, parameter, importance, rawImportance, rank, trials);
        }

        public static ImportanceRow fromRow(Row r) {
            return new ImportanceRow(Rows.string(r, 0), Rows.integer(r, 1), Rows.string(r, 2), Rows.real(r, 3),
                    Rows.real(r, 4), Rows.integer(r, 5), Rows.integer(r, 6));
        }
    }
}
