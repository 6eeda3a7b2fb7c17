package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code mip_pairs}: one row per (architecture, setting) pair a prune-mip run scored: joins
 * {@code runs.run_id} to {@code mip_trials.setting_id}, with the validation accuracies that made R_b and
 * R_f and the test accuracy reported beside them.
 */
public final class MipPairsTable {
    public static final String NAME = "mip_pairs";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "architecture and setting")
            .required("sweep_id", STRING, "Sweep identifier of the MIP folder.")
            .required("run_id", STRING, "The pair's run (runs.run_id); in the reference sweep for reused reference runs.")
            .required("arch_id", STRING, "Architecture (runs.arch_id).")
            .required("setting_id", STRING, "Setting (mip_trials.setting_id).")
            .required("kind", STRING, "reference (full training of G, gives R_f), budget (gives R_b), confirmation_reference (full training of G', the architectures outside G of mip_confirmation) or confirmation (G' under the chosen setting).")
            .required("status", STRING, "The run's status: ok, diverged or failed.")
            .nullable("val_acc", DOUBLE, "Final validation accuracy: the pair's score in R_b, and for reference rows in R_f (Eq. 1: validation performance); NULL unless ok (ranked below every ok run).")
            .nullable("test_acc", DOUBLE, "Final test accuracy (runs.final_test_acc): reported only, never part of r_s; NULL unless ok or without a test split.")
            .nullable("cost_seconds", DOUBLE, "Training seconds of the pair (train_seconds - capture_seconds).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private MipPairsTable() {
    }

    public record PairRow(String sweepId, String runId, String archId, String settingId, String kind, String status,
                          Double valAcc, Double testAcc, Double costSeconds) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, archId, settingId, kind, status, valAcc, testAcc, costSeconds);
        }

        public static PairRow fromRow(Row r) {
            return new PairRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.string(r, 4), Rows.string(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.real(r, 8));
        }
    }
}
