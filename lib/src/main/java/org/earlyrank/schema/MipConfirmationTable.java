package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mip_confirmation}: the chosen setting of a prune-mip run checked on architectures that took no part
 * in the search (G' disjoint from G): r_s = Spearman(R_b, R_f) on G', with a confidence interval. One row per
 * confirmed setting (the chosen one); no rows when {@code prune-mip.confirm_architectures} is 0.
 */
public final class MipConfirmationTable {
    public static final String NAME = "mip_confirmation";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "chosen setting")
            .required("sweep_id", STRING, "Sweep identifier of the MIP folder.")
            .required("setting", STRING, "The confirmed setting, every training knob as key=value (mip_trials' chosen row; setting_id is a hash of its budget parameters).")
            .required("architectures", INT, "Architectures of G' whose ranks entered r_s (full training and the setting both ok or ranked).")
            .nullable("spearman", DOUBLE, "r_s = Spearman(R_b, R_f) on G', both final validation accuracies (Eq. 1); NULL when undefined (a constant ranking or fewer than 3 architectures).")
            .nullable("ci_low", DOUBLE, "Lower end of the interval of r_s (prune-mip.confidence): Fisher z with Fieller's variance 1.06 / (n - 3); NULL with 3 or fewer architectures or r_s of +-1.")
            .nullable("ci_high", DOUBLE, "Upper end of that interval.")
            .nullable("cost_seconds", DOUBLE, "Mean training seconds per architecture of G' under the setting (train_seconds - capture_seconds).")
            .nullable("full_cost_seconds", DOUBLE, "Mean training seconds per architecture of G' under full training.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private MipConfirmationTable() {
    }

    public record ConfirmationRow(String sweepId, String setting, int architectures, Double spearman, Double ciLow,
                                  Double ciHigh, Double costSeconds, Double fullCostSeconds) {
        public Row toRow() {
            return RowFactory.create(sweepId, setting, architectures, spearman, ciLow, ciHigh, costSeconds, fullCostSeconds);
        }

        public static ConfirmationRow fromRow(Row r) {
            return new ConfirmationRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.real(r, 3),
                    Rows.real(r, 4), Rows.real(r, 5), Rows.real(r, 6), Rows.real(r, 7));
        }
    }
}
