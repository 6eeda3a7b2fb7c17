package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code early_stopping}: early-stopping rules and Hyperband simulated on the recorded full curves. */
public final class EarlyStoppingTable {
    public static final String NAME = "early_stopping";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "rule and setting")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("variant", STRING, "best, offset, nth-best (stopping rules), lce-best (the best rule driven by learning-curve extrapolation, no burn-in), hyperband or f-hyperband.")
            .nullable("delta", DOUBLE, "Probability threshold Delta: stop when P(y_T <= y_ref) >= Delta under N(prediction, sigma); NULL for hyperband.")
            .nullable("offset", DOUBLE, "offset variant: y_ref = best - offset; f-hyperband: its delta, y_ref = max_k(L, k) - offset (accuracy units; under fit-svr.target_transform log, log units of the metric); NULL otherwise.")
            .required("orderings", INT, "Seeded random orderings of the configurations simulated.")
            .required("speedup", DOUBLE, "Epochs of the baseline over epochs with the rule (mean over orderings).")
            .required("best_recovered", BOOLEAN, "Whether the best configuration was kept (trained fully / found) in more than half of the orderings.")
            .required("runs_stopped", DOUBLE, "Configurations stopped early by the rule, mean per ordering.")
            .nullable("nth", INT, "nth-best variant: y_ref = the n-th best value; NULL otherwise.")
            .required("baseline", STRING, "What speedup compares against: full-training (every configuration to T) or hyperband.")
            .required("best_recovered_fraction", DOUBLE, "Fraction of orderings that kept the best configuration.")
            .required("configurations", DOUBLE, "Configurations evaluated per ordering.")
            .nullable("burn_in", INT, "Configurations trained fully to fit the models before any stopping (stopping rules).")
            .required("epochs_without", DOUBLE, "Epochs of the baseline, mean per ordering.")
            .required("epochs_with", DOUBLE, "Epochs with the rule, mean per ordering.")
            .required("final_best_acc", DOUBLE, "Best final validation accuracy found (at T for the rules, at R for Hyperband; never the test accuracy), mean over orderings. For a sweep of another metric (runs.metric) the metric's value (e.g. the lowest perplexity): the mean is taken on the working scale (fit-svr.target_transform) and mapped back.")
            .required("true_best_acc", DOUBLE, "Best final value among the configurations evaluated, mean over orderings; on the metric's scale as final_best_acc.")
            .required("model", STRING, "Model behind the predictions, e.g. nu-svr-rbf, or lce.")
            .required("max_epochs", INT, "T (the rules) or R (Hyperband): the full budget in epochs.")
            .nullable("eta", INT, "Hyperband halving rate; NULL for the rules.")
            .nullable("kappa", DOUBLE, "f-Hyperband's kappa: y_ref is the k-th best of the round's values so far, k = ceil(kappa x configurations the round keeps); NULL otherwise.")
            .nullable("min_train", INT, "f-Hyperband d: configurations trained to a rung before it is predicted; NULL otherwise.")
            .nullable("sigma", STRING, "The models' sigma from their leave-one-out residuals: loo-rms (root mean square, the paper's) or mad (1.4826 x median absolute deviation); NULL for hyperband and lce-best (LCE's own posterior predictive).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private EarlyStoppingTable() {
    }

    public record EarlyStoppingRow(String sweepId, String variant, Double delta, Double offset, int orderings,
                                   double speedup, boolean bestRecovered, double runsStopped, Integer nth,
                                   String baseline, double bestRecoveredFraction, double configurations,
                                   Integer burnIn, double epochsWithout, double epochsWith, double finalBestAcc,
                                   double trueBestAcc, String model, int maxEpochs, Integer eta, Double kappa,
                                   Integer minTrain, String sigma) {
        public Row toRow() {
            return RowFactory.create(sweepId, variant, delta, offset, orderings, speedup, bestRecovered, runsStopped,
                    nth, baseline, bestRecoveredFraction, configurations, burnIn, epochsWithout, epochsWith,
                    finalBestAcc, trueBestAcc, model, maxEpochs, eta, kappa, minTrain, sigma);
        }

        public static EarlyStoppingRow fromRow(Row r) {
            return new EarlyStoppingRow(Rows.string(r, 0), Rows.string(r, 1), Rows.real(r, 2), Rows.real(r, 3),
                    Rows.integer(r, 4), Rows.real(r, 5), Rows.bool(r, 6), Rows.real(r, 7), Rows.integer(r, 8),
                    Rows.string(r, 9), Rows.real(r, 10), Rows.real(r, 11), Rows.integer(r, 12), Rows.real(r, 13),
                    Rows.real(r, 14), Rows.real(r, 15), Rows.real(r, 16), Rows.string(r, 17), Rows.integer(r, 18),
                    Rows.integer(r, 19), Rows.real(r, 20), Rows.integer(r, 21), Rows.string(r, 22));
        }
    }
}
