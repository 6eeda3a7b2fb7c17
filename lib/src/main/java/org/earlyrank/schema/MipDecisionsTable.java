package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code mip_decisions}: one row per MIP iteration, the parameter it fixed (each parameter exactly once). */
public final class MipDecisionsTable {
    public static final String NAME = "mip_decisions";
    public static final String RULE_CHEAPEST = "cheapest";
    public static final String RULE_BEST_SPEARMAN = "best_spearman";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "iteration")
            .required("sweep_id", STRING, "Sweep identifier of the MIP folder.")
            .required("iteration", INT, "MIP iteration, 1-based.")
            .required("parameter", STRING, "The least important free parameter, fixed in this iteration.")
            .required("fixed_value", DOUBLE, "The value it was fixed to (integers as whole numbers).")
            .required("reason", STRING, "Why this value, in words: importance against the threshold and the rule applied.")
            .required("rule", STRING, "cheapest (importance below the threshold) or best_spearman (Eq. 9).")
            .required("importance", DOUBLE, "The parameter's importance in this iteration (its share of the whole forest, Eq. 8).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private MipDecisionsTable() {
    }

    public record DecisionRow(String sweepId, int iteration, String parameter, double fixedValue, String reason,
                              String rule, double importance) {
        public Row toRow() {
            return RowFactory.create(sweepId, iteration, parameter, fixedValue, reason, rule, importance);
        }

        public static DecisionRow fromRow(Row r) {
            return new DecisionRow(Rows.string(r, 0), Rows.integer(r, 1), Rows.string(r, 2), Rows.real(r, 3),
                    Rows.string(r, 4), Rows.string(r, 5), Rows.real(r, 6));
        }
    }
}
