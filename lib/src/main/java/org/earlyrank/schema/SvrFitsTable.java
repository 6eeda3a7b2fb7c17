package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/** {@code svr_fits}: how well each curve-regression model predicts the truth from the first tau epochs. */
public final class SvrFitsTable {
    public static final String NAME = "svr_fits";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "model and observed budget")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("model", STRING, "nu-svr-rbf, nu-svr-linear, ols, random-forest, last-seen, lce (learning-curve extrapolation, Domhan et al. 2015) or bnn (Bayesian neural network, Klein et al. 2017).")
            .required("observed_epochs", INT, "tau: the model reads validation accuracy of epochs up to tau (and epoch 0 of imports).")
            .required("n_train", INT, "Configurations each model was trained on (lce: 0, it reads each run's own curve; bnn: the full curves, besides the held-out runs' first tau epochs).")
            .required("repeats", INT, "Random splits (or cross-fitting rounds) averaged.")
            .nullable("r2", DOUBLE, "Coefficient of determination on the held-out configurations, mean over repeats, on the metric's own scale (predictions of a log-space model mapped back); NULL when undefined (constant truth).")
            .nullable("r2_se", DOUBLE, "Standard error of r2 over repeats; NULL with fewer than 2 defined repeats.")
            .nullable("sigma_loo", DOUBLE, "RMS of leave-one-out residuals on the first repeat's training rows (random forest: RMS of cv_folds-fold residuals; last-seen: RMS of y_T - y_tau), in the units of the working scale (accuracy; under target_transform log, log units of the metric).")
            .nullable("c", DOUBLE, "nu-SVR C chosen by the random search (median over repeats); NULL for other models.")
            .nullable("nu", DOUBLE, "nu-SVR nu chosen (median); NULL for other models.")
            .nullable("gamma", DOUBLE, "RBF gamma chosen (median); NULL for other models and the linear kernel.")
            .required("n_test", INT, "Held-out configurations per repeat.")
            .required("cross_fitted", BOOLEAN, "True when the sweep had too few configurations for a holdout split and each repeat was a k-fold cross-fit.")
            .required("truth", STRING, "The target: final_test_acc, or final_val_acc where there is no test split, or final_val_metric for a sweep of another metric (runs.metric).")
            .required("features", STRING, "Feature groups used: ts (curve, differences), ap (architecture), hp (hyperparameters).")
            .nullable("search_draws", INT, "Random-search settings tried per fit (nu-SVR only).")
            .required("fit_ms", DOUBLE, "Mean wall time of one fit with the chosen setting, milliseconds (lce: one run's extrapolation at one tau; bnn: one network sampled on one split).")
            .required("search_seconds", DOUBLE, "Mean wall time of one random search (0 for models without one).")
            .nullable("sigma_robust", DOUBLE, "Robust scale (1.4826 x median absolute deviation) of the same residuals as sigma_loo; the early-stopping rules' default sigma.")
            .nullable("r2_transformed", DOUBLE, "As r2, on the scale the model was fitted on (the metric's logarithm, fit-svr.target_transform = log); NULL without a transform.")
            .required("target_transform", STRING, "The working scale: log or none (fit-svr.target_transform resolved for the sweep's metric).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private SvrFitsTable() {
    }

    public record SvrFitRow(String sweepId, String model, int observedEpochs, int nTrain, int repeats, Double r2,
                            Double r2Se, Double sigmaLoo, Double c, Double nu, Double gamma, int nTest,
                            boolean crossFitted, String truth, String features, Integer searchDraws, double fitMs,
                            double searchSeconds, Double sigmaRobust, Double r2Transformed, String targetTransform) {
        public Row toRow() {
            return RowFactory.create(sweepId, model, observedEpochs, nTrain, repeats, r2, r2Se, sigmaLoo, c, nu, gamma,
                    nTest, crossFitted, truth, features, searchDraws, fitMs, searchSeconds, sigmaRobust, r2Transformed,
                    targetTransform);
        }

        public static SvrFitRow fromRow(Row r) {
            return new SvrFitRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.integer(r, 3),
                    Rows.integer(r, 4), Rows.real(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.real(r, 8),
                    Rows.real(r, 9), Rows.real(r, 10), Rows.integer(r, 11), Rows.bool(r, 12), Rows.string(r, 13),
                    Rows.string(r, 14), Rows.integer(r, 15), Rows.real(r, 16), Rows.real(r, 17), Rows.real(r, 18),
                    Rows.real(r, 19), Rows.string(r, 20));
        }
    }
}
