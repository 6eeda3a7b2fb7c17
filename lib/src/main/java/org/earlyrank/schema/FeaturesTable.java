package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code features}: penultimate-layer features (the global-pool output that feeds the linear head), one
 * row per run, epoch, split and sample: the feature histories of Cao (2021), Algorithm 1 line 4.
 */
public final class FeaturesTable {
    public static final String NAME = "features";
    public static final String SPLIT_TRAIN = "train";
    public static final String SPLIT_VAL = "val";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "run, epoch, split and sample")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "Run identifier.")
            .required("epoch", INT, "Epoch, 1-based.")
            .required("split", STRING, "train (taken from the epoch's training forward passes, training mode, before each update) or val (taken from the evaluation after the epoch).")
            .required("sample_index", INT, "Index of the sample within its split.")
            .required("label", INT, "Class label of the sample.")
            .required("features", FLOAT_ARRAY, "Penultimate-layer activations; length = heads.dim.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private FeaturesTable() {
    }

    public record FeatureRow(String sweepId, String runId, int epoch, String split, int sampleIndex, int label,
                             float[] features) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, epoch, split, sampleIndex, label, features);
        }

        public static FeatureRow fromRow(Row r) {
            return new FeatureRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.string(r, 3),
                    Rows.integer(r, 4), Rows.integer(r, 5), Rows.floats(r, 6));
        }
    }
}
