package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code rank_correlation}: how well each estimator ranks the runs at each budget, against the truth
 * named in {@code truth}. Undefined statistics (fewer than 3 runs, constant scores) are NULL, never NaN.
 *
 * <p>Besides the estimators, the report writes the noise ceiling at the full budget: estimator
 * {@value #CEILING} (final validation accuracy ranked against the truth: two independent measurements of how
 * good a run is) and, when the sweep trained architectures with several seeds, {@value #CEILING_SEEDS} (one
 * seed's truth against another's). No estimator can be expected to rank the runs better than that.
 */
public final class RankCorrelationTable {
    public static final String NAME = "rank_correlation";
    /** The row of final validation accuracy against the truth at the full budget. */
    public static final String CEILING = "ceiling";
    /** The row of one seed's truth against another's, architecture by architecture. */
    public static final String CEILING_SEEDS = "ceiling-seeds";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "estimator and budget")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("estimator", STRING, "Estimator name, as in estimates.estimator.")
            .required("budget_epoch", INT, "Budget t: the estimator used only what each run had produced by the end of epoch t.")
            .required("n", INT, "Runs compared: ok runs with a truth and a finite score at this budget.")
            .nullable("kendall_tau", DOUBLE, "Kendall's tau-b of score against truth (ties as scipy.stats.kendalltau); NULL when undefined.")
            .nullable("spearman_rho", DOUBLE, "Spearman's rho (average ranks for ties); NULL when undefined.")
            .nullable("pearson_r", DOUBLE, "Pearson's r of score against truth; NULL when undefined.")
            .nullable("precision_at_k", DOUBLE, "Share of the estimator's top k runs that are in the true top k (ties in the truth at the k-th place count as hits).")
            .nullable("k", INT, "k of precision_at_k (report.top_k, or report.top_k_fraction of n rounded half up, at least 1).")
            .nullable("regret_top1", DOUBLE, "Best truth minus the truth of the run the estimator ranks first (score ties go to the smallest run_id).")
            .nullable("tau_ci_low", DOUBLE, "Lower end of the bootstrap percentile interval of kendall_tau (always <= kendall_tau).")
            .nullable("tau_ci_high", DOUBLE, "Upper end of the bootstrap percentile interval of kendall_tau (always >= kendall_tau).")
            .required("truth", STRING, "What the scores were compared with, e.g. 'final test_acc' or 'mean val_acc of the last 3 epochs'.")
            .nullable("budget_fraction", DOUBLE, "budget_epoch divided by the full budget (the longest planned run among ok runs).")
            .nullable("confidence", DOUBLE, "Nominal coverage of the tau interval; NULL when there is no interval.")
            .required("resamples", INT, "Bootstrap resamples asked for (0 = no interval).")
            .nullable("tau_ci_widened", BOOLEAN, "True when the percentile interval missed kendall_tau and was widened to include it.")
            .required("runs_unscored", INT, "Ok runs with a truth but no finite score at this budget (left out of n); for ceiling-seeds, architectures with a single seed.")
            .nullable("mean_cost_seconds", DOUBLE, "Mean of estimates.cost_seconds over this estimator's rows at this budget.")
            .nullable("stage", STRING, "Stage(s) that wrote this estimator's estimates; report for the ceiling rows.")
            .nullable("mean_abs_error", DOUBLE, "Mean absolute error of the score against the truth over the n runs, for estimators whose score is an accuracy (EstimatorInfo.accuracy: val-acc, fh-*, svr) and the ceiling; NULL for scores on their own scale.")
            .nullable("mean_compute_seconds", DOUBLE, "Mean over the n runs of the training seconds consumed up to the budget (curves.epoch_seconds summed over epochs 1..budget_epoch) plus the estimate's own cost_seconds; NULL when a run has no epoch_seconds (imported curves).")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private RankCorrelationTable() {
    }

    /** Whether the name is one of the report's ceiling rows (never an estimator's). */
    public static boolean isCeiling(String estimator) {
        return CEILING.equals(estimator) || CEILING_SEEDS.equals(estimator);
    }

    /** One estimator at one budget. Boxed fields may be null. */
    public record RankCorrelationRow(String sweepId, String estimator, int budgetEpoch, int n, Double kendallTau,
                                     Double spearmanRho, Double pearsonR, Double precisionAtK, Integer k,
                                     Double regretTop1, Double tauCiLow, Double tauCiHigh, String truth,
                                     Double budgetFraction, Double confidence, int resamples, Boolean tauCiWidened,
                                     int runsUnscored, Double meanCostSeconds, String stage, Double meanAbsError,
                                     Double meanComputeSeconds) {
        /** A row without error or compute (tests, hand-made rows). */
        public RankCorrelationRow(String sweepId, String estimator, int budgetEpoch, int n, Double kendallTau,
                                  Double spearmanRho, Double pearsonR, Double precisionAtK, Integer k,
                                  Double regretTop1, Double tauCiLow, Double tauCiHigh, String truth,
                                  Double budgetFraction, Double confidence, int resamples, Boolean tauCiWidened,
                                  int runsUnscored, Double meanCostSeconds, String stage) {
            this(sweepId, estimator, budgetEpoch, n, kendallTau, spearmanRho, pearsonR, precisionAtK, k, regretTop1,
                    tauCiLow, tauCiHigh, truth, budgetFraction, confidence, resamples, tauCiWidened, runsUnscored,
                    meanCostSeconds, stage, null, null);
        }

        /** Whether this is a noise-ceiling row ({@code ceiling} or {@code ceiling-seeds}), not an estimator's. */
        public boolean ceiling() {
            return isCeiling(estimator);
        }

        public Row toRow() {
            return RowFactory.create(sweepId, estimator, budgetEpoch, n, kendallTau, spearmanRho, pearsonR,
                    precisionAtK, k, regretTop1, tauCiLow, tauCiHigh, truth, budgetFraction, confidence, resamples,
                    tauCiWidened, runsUnscored, meanCostSeconds, stage, meanAbsError, meanComputeSeconds);
        }

        public static RankCorrelationRow fromRow(Row r) {
            return new RankCorrelationRow(Rows.string(r, 0), Rows.string(r, 1), Rows.integer(r, 2), Rows.integer(r, 3),
                    Rows.real(r, 4), Rows.real(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.integer(r, 8),
                    Rows.real(r, 9), Rows.real(r, 10), Rows.real(r, 11), Rows.string(r, 12), Rows.real(r, 13),
                    Rows.real(r, 14), Rows.integer(r, 15), Rows.bool(r, 16), Rows.integer(r, 17), Rows.real(r, 18),
                    Rows.string(r, 19), Rows.real(r, 20), Rows.real(r, 21));
        }
    }
}
