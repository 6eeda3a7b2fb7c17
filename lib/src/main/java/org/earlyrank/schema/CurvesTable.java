package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code curves}: one row per run and trained epoch (epochs are 1-based; an imported acc_0 is epoch 0). */
public final class CurvesTable {
    public static final String NAME = "curves";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "run and epoch")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "Run identifier.")
            .required("epoch", INT, "Epoch, 1-based (0 = untrained model, imported curves only).")
            .nullable("train_loss", DOUBLE, "Mean minibatch cross-entropy of the epoch (training mode, before each update).")
            .nullable("train_acc", DOUBLE, "Accuracy on the epoch's minibatches (training mode, before each update).")
            .nullable("val_loss", DOUBLE, "Validation cross-entropy after the epoch.")
            .nullable("val_acc", DOUBLE, "Validation accuracy after the epoch.")
            .nullable("test_loss", DOUBLE, "Test cross-entropy after the epoch; NULL without a test split.")
            .nullable("test_acc", DOUBLE, "Test accuracy after the epoch; NULL without a test split.")
            .nullable("learning_rate", DOUBLE, "Learning rate of the epoch's last minibatch.")
            .nullable("epoch_seconds", DOUBLE, "Training pass + evaluation + feature capture.")
            .nullable("train_seconds", DOUBLE, "Training pass alone (capture from the forward passes included).")
            .nullable("eval_seconds", DOUBLE, "Validation and test evaluation (validation features ride on it).")
            .nullable("capture_seconds", DOUBLE, "Copying features and heads out of the network.")
            .nullable("val_metric", DOUBLE, "The validation metric after the epoch when runs.metric is not accuracy (an imported error rate, loss, perplexity or named metric, direction in runs.higher_is_better); NULL for accuracy, which is in val_acc.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private CurvesTable() {
    }

    public record CurveRow(String sweepId, String runId, int epoch, Double trainLoss, Double trainAcc, Double valLoss,
                           Double valAcc, Double testLoss, Double testAcc, Double learningRate, Double epochSeconds,
                           Double trainSeconds, Double evalSeconds, Double captureSeconds, Double valMetric)
            implements java.io.Serializable {
        /** An epoch without another metric (every trained run's: accuracy is in val_acc). */
        public CurveRow(String sweepId, String runId, int epoch, Double trainLoss, Double trainAcc, Double valLoss,
                        Double valAcc, Double testLoss, Double testAcc, Double learningRate, Double epochSeconds,
                        Double trainSeconds, Double evalSeconds, Double captureSeconds) {
            this(sweepId, runId, epoch, trainLoss, trainAcc, valLoss, valAcc, testLoss, testAcc, learningRate,
                    epochSeconds, trainSeconds, evalSeconds, captureSeconds, null);
        }

        public Row toRow() {
            return RowFactory.create(sweepId, runId, epoch, trainLoss, trainAcc, valLoss, valAcc, testLoss, testAcc,
                    learningRate, epochSeconds, trainSeconds, evalSeconds, captureSeconds, valMetric);
        }

        public static CurveRow fromRow(Row r) {
            return new CurveRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.real(r, 3),
                    Rows.real(r, 4), Rows.real(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.real(r, 8),
                    Rows.real(r, 9), Rows.real(r, 10), Rows.real(r, 11), Rows.real(r, 12), Rows.real(r, 13), Rows.real(r, 14));
        }
    }
}
