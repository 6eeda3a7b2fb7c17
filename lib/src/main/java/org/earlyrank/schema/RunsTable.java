package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code runs}: one row per training run (trained or imported). */
public final class RunsTable {
    public static final String NAME = "runs";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_DIVERGED = "diverged";
    public static final String STATUS_FAILED = "failed";
    public static final String SOURCE_TRAIN = "train";
    public static final String SOURCE_IMPORT = "import";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "training run")
            .required("sweep_id", STRING, "Sweep identifier (the config's name or --sweep-id).")
            .required("run_id", STRING, "Run identifier, unique within the sweep.")
            .required("arch_id", STRING, "Short stable hash of the canonical architecture string.")
            .required("arch", STRING, "Canonical architecture string (NAS-Bench-201 cell string, macro layer list, or imported text).")
            .required("space", STRING, "Search space: nb201, macro, or the imported file's name.")
            .required("source", STRING, "train or import.")
            .nullable("seed", LONG, "Seed of the run's initialisation and data order.")
            .required("epochs_planned", INT, "Epochs of the full budget.")
            .required("epochs_done", INT, "Epochs that have a curves row.")
            .nullable("n_params", LONG, "Trainable parameters.")
            .nullable("flops", LONG, "Forward-pass FLOPs per image (2 x multiply-adds of conv and dense layers).")
            .required("status", STRING, "ok, diverged (a minibatch loss became NaN, infinite or above train.divergence_loss) or failed (error or time limit).")
            .nullable("error", STRING, "Why a run diverged or failed; NULL when ok.")
            .nullable("final_val_acc", DOUBLE, "Validation accuracy after the last planned epoch (on val_images images); NULL unless ok.")
            .nullable("final_test_acc", DOUBLE, "Test accuracy after the last planned epoch, measured once on test_images images (by default the whole test file, more than the per-epoch curves.test_acc uses); NULL unless ok or without a test split.")
            .nullable("train_seconds", DOUBLE, "Wall time of the run, all attempts, evaluation and capture included.")
            .nullable("learning_rate", DOUBLE, "Initial learning rate.")
            .nullable("batch_size", INT, "Minibatch size.")
            .nullable("weight_decay", DOUBLE, "Weight decay as PyTorch SGD's weight_decay (every parameter, coupled; train.weight_decay).")
            .nullable("channels", INT, "Base channel count (nb201: C of the first stage; macro: width unit).")
            .nullable("cells", INT, "Cells per stage (nb201) or conv layers (macro).")
            .nullable("image_size", INT, "Input height and width in pixels after down-sampling.")
            .nullable("train_fraction", DOUBLE, "Fraction of the configured training subset the run trained on.")
            .nullable("hparams", STRING_DOUBLE_MAP, "Every numeric setting of the run, the columns above included.")
            .nullable("dataset", STRING, "Dataset name.")
            .nullable("momentum", DOUBLE, "Nesterov momentum, PyTorch's formulation (train.momentum).")
            .nullable("schedule", STRING, "Learning-rate schedule: linear (to zero) or cosine.")
            .nullable("depth", INT, "Weighted layers on the longest input-output path.")
            .nullable("attempts", INT, "Task attempts the run took (1 unless a task failed and was retried).")
            .nullable("capture_seconds", DOUBLE, "Part of train_seconds spent copying and writing feature histories.")
            .nullable("val_images", INT, "Validation images final_val_acc (and every curves.val_acc) was measured on; NULL when unknown (imported).")
            .nullable("test_images", INT, "Test images final_test_acc was measured on; NULL without a test split or when unknown (imported).")
            .required("metric", STRING, "The validation metric of the run's curves: accuracy (trained runs; values in val_acc, final_val_acc) or an imported error, loss, perplexity or named metric (values in curves.val_metric, final_val_metric); see org.earlyrank.schema.Metric.")
            .required("higher_is_better", BOOLEAN, "The metric's direction: true when a higher value is a better run. Every score and the truth are oriented by it, so a higher score always means a better run.")
            .nullable("final_val_metric", DOUBLE, "The metric's value after the last planned epoch when the metric is not accuracy (accuracy is in final_val_acc); NULL unless ok.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private RunsTable() {
    }

    /** One run. Boxed fields may be null. */
    public record RunRow(String sweepId, String runId, String archId, String arch, String space, String source,
                         Long seed, int epochsPlanned, int epochsDone, Long nParams, Long flops, String status,
                         String error, Double finalValAcc, Double finalTestAcc, Double trainSeconds,
                         Double learningRate, Integer batchSize, Double weightDecay, Integer channels, Integer cells,
                         Integer imageSize, Double trainFraction, Map<String, Double> hparams, String dataset,
                         Double momentum, String schedule, Integer depth, Integer attempts, Double captureSeconds,
                         Integer valImages, Integer testImages, String metric, boolean higherIsBetter,
                         Double finalValMetric) {

        /** A trained run, whose metric is accuracy: its values are in val_acc and final_val_acc. */
        public RunRow(String sweepId, String runId, String archId, String arch, String space, String source,
                      Long seed, int epochsPlanned, int epochsDone, Long nParams, Long flops, String status,
                      String error, Double finalValAcc, Double finalTestAcc, Double trainSeconds,
                      Double learningRate, Integer batchSize, Double weightDecay, Integer channels, Integer cells,
                      Integer imageSize, Double trainFraction, Map<String, Double> hparams, String dataset,
                      Double momentum, String schedule, Integer depth, Integer attempts, Double captureSeconds,
                      Integer valImages, Integer testImages) {
            this(sweepId, runId, archId, arch, space, source, seed, epochsPlanned, epochsDone, nParams, flops, status,
                    error, finalValAcc, finalTestAcc, trainSeconds, learningRate, batchSize, weightDecay, channels,
                    cells, imageSize, trainFraction, hparams, dataset, momentum, schedule, depth, attempts,
                    captureSeconds, valImages, testImages, Metric.ACCURACY_NAME, true, null);
        }

        /** An accuracy row without image counts (runs that never trained, tests). */
        public RunRow(String sweepId, String runId, String archId, String arch, String space, String source,
                      Long seed, int epochsPlanned, int epochsDone, Long nParams, Long flops, String status,
                      String error, Double finalValAcc, Double finalTestAcc, Double trainSeconds,
                      Double learningRate, Integer batchSize, Double weightDecay, Integer channels, Integer cells,
                      Integer imageSize, Double trainFraction, Map<String, Double> hparams, String dataset,
                      Double momentum, String schedule, Integer depth, Integer attempts, Double captureSeconds) {
            this(sweepId, runId, archId, arch, space, source, seed, epochsPlanned, epochsDone, nParams, flops, status,
                    error, finalValAcc, finalTestAcc, trainSeconds, learningRate, batchSize, weightDecay, channels,
                    cells, imageSize, trainFraction, hparams, dataset, momentum, schedule, depth, attempts,
                    captureSeconds, null, null);
        }

        public boolean ok() {
            return STATUS_OK.equals(status);
        }

        public Row toRow() {
            return RowFactory.create(sweepId, runId, archId, arch, space, source, seed, epochsPlanned, epochsDone,
                    nParams, flops, status, error, finalValAcc, finalTestAcc, trainSeconds, learningRate, batchSize,
                    weightDecay, channels, cells, imageSize, trainFraction, hparams, dataset, momentum, schedule,
                    depth, attempts, captureSeconds, valImages, testImages, metric, higherIsBetter, finalValMetric);
        }

        public static RunRow fromRow(Row r) {
            return new RunRow(Rows.string(r, 0), Rows.string(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.string(r, 4), Rows.string(r, 5), Rows.longValue(r, 6), Rows.integer(r, 7),
                    Rows.integer(r, 8), Rows.longValue(r, 9), Rows.longValue(r, 10), Rows.string(r, 11),
                    Rows.string(r, 12), Rows.real(r, 13), Rows.real(r, 14), Rows.real(r, 15), Rows.real(r, 16),
                    Rows.integer(r, 17), Rows.real(r, 18), Rows.integer(r, 19), Rows.integer(r, 20),
                    Rows.integer(r, 21), Rows.real(r, 22), Rows.doubleMap(r, 23), Rows.string(r, 24),
                    Rows.real(r, 25), Rows.string(r, 26), Rows.integer(r, 27), Rows.integer(r, 28),
                    Rows.real(r, 29), Rows.integer(r, 30), Rows.integer(r, 31), Rows.string(r, 32),
                    Rows.bool(r, 33), Rows.real(r, 34));
        }
    }
}
