package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code final_runs}: the winners of a sweep retrained at final scale by {@code train-final}. One row per
 * winner and estimator: a run that two estimators pick is trained once and appears twice.
 */
public final class FinalRunsTable {
    public static final String NAME = "final_runs";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_DIVERGED = "diverged";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "winner and estimator")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("run_id", STRING, "The winning run of the sweep (runs.run_id).")
            .required("arch", STRING, "Canonical architecture string of the run.")
            .required("estimator", STRING, "Estimator whose ranking picked the run.")
            .required("budget_epoch", INT, "Budget the estimator's scores were read at.")
            .required("rank_by_estimator", INT, "1-based rank of the run by that estimator's score (ties by run_id).")
            .required("epochs", INT, "Epochs of the final training.")
            .required("workers", INT, "Data-parallel workers (Spark tasks) that trained the network together.")
            .nullable("final_test_acc", DOUBLE, "Test accuracy after the final training, on the same final test set as runs.final_test_acc (dataset.final_test_size); NULL without a test split.")
            .nullable("train_seconds", DOUBLE, "Wall time of the final training (all epochs, data preparation and "
                    + "parameter averaging included, final evaluation excluded).")
            .nullable("channels", INT, "Final-scale channels (nb201: C of the first stage; macro: width unit).")
            .nullable("cells", INT, "Final-scale cells per stage (nb201) or conv layers (macro).")
            .nullable("train_size", INT, "Training images of the final training.")
            .nullable("batch_size", INT, "Global minibatch (each worker trained ceil(batch_size / workers) images a step).")
            .nullable("learning_rate", DOUBLE, "Initial learning rate of the final training.")
            .nullable("seconds_per_epoch", DOUBLE, "Median wall time of one epoch of the final training.")
            .nullable("sweep_test_acc", DOUBLE, "Test accuracy the run reached in the sweep (runs.final_test_acc); "
                    + "NULL when the run did not finish there or the sweep has no test split.")
            .nullable("score", DOUBLE, "The estimator's score of the run at budget_epoch.")
            .nullable("selection", STRING, "How estimator and budget were chosen: config, rank_correlation or fallback.")
            .nullable("final_val_acc", DOUBLE, "Validation accuracy after the final training.")
            .nullable("status", STRING, "ok, or diverged (a training loss became NaN or infinite).")
            .nullable("n_params", LONG, "Trainable parameters of the final network.")
            .nullable("image_size", INT, "Input height and width in pixels.")
            .nullable("averaging_frequency", INT, "Minibatches each worker trained between parameter averagings.")
            .nullable("training_master", STRING, "The dl4j-spark training master: parameter-averaging.")
            .nullable("worker_minibatches", LONG, "Minibatches the workers trained, all epochs.")
            .nullable("fast_path_minibatches", LONG, "Of those, minibatches whose network had every oneDNN helper "
                    + "attached and none failed (equal to worker_minibatches when the fast path was taken throughout).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private FinalRunsTable() {
    }

    /** One winner under one estimator. Boxed fields may be null. */
    public record FinalRunRow(String sweepId, String runId, String arch, String estimator, int budgetEpoch,
                              int rankByEstimator, int epochs, int workers, Double finalTestAcc, Double trainSeconds,
                              Integer channels, Integer cells, Integer trainSize, Integer batchSize, Double learningRate,
                              Double secondsPerEpoch, Double sweepTestAcc, Double score, String selection,
                              Double finalValAcc, String status, Long nParams, Integer imageSize,
                              Integer averagingFrequency, String trainingMaster, Long workerMinibatches,
                              Long fastPathMinibatches) {
        public Row toRow() {
            return RowFactory.create(sweepId, runId, arch, estimator, budgetEpoch, rankByEstimator, epochs, workers,
                    finalTestAcc, trainSeconds, channels, cells, trainSize, batchSize, learningRate, secondsPerEpoch,
                    sweepTestAcc, score, selection, finalValAcc, status, nParams, imageSize, averagingFrequency,
                    trainingMaster, workerMinibatches, fastPathMinibatches);
        }

        public static FinalRunRow fromRow(Row r) {
            return new FinalRunRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.integer(r, 4), Rows.integer(r, 5), Rows.integer(r, 6), Rows.integer(r, 7), Rows.real(r, 8),
                    Rows.real(r, 9), Rows.integer(r, 10), Rows.integer(r, 11), Rows.integer(r, 12),
                    Rows.integer(r, 13), Rows.real(r, 14), Rows.real(r, 15), Rows.real(r, 16), Rows.real(r, 17),
                    Rows.string(r, 18), Rows.real(r, 19), Rows.string(r, 20), Rows.longValue(r, 21),
                    Rows.integer(r, 22), Rows.integer(r, 23), Rows.string(r, 24), Rows.longValue(r, 25),
                    Rows.longValue(r, 26));
        }

        /** Final minus sweep test accuracy; null when either is unknown. */
        public Double gainOverSweep() {
            return finalTestAcc == null || sweepTestAcc == null ? null : finalTestAcc - sweepTestAcc;
        }
    }
}
