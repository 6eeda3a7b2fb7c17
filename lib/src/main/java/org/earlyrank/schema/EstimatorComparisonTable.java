package org.earlyrank.schema;

import static org.earlyrank.schema.ColumnType.*;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * {@code estimator_comparison}: at each budget, the estimator that ranks best (highest Kendall tau in
 * {@code rank_correlation}) against every other one, and the pairs of {@code report.pairs} (rows with
 * {@code best} false), by a paired bootstrap over runs: every estimator is
 * evaluated on the same resamples, so the interval of the difference reflects only how the two disagree.
 * Written by the report.
 */
public final class EstimatorComparisonTable {
    public static final String NAME = "estimator_comparison";

    public static final TableSchema TABLE = TableSchema.builder(NAME, "budget and pair of estimators")
            .required("sweep_id", STRING, "Sweep identifier.")
            .required("budget_epoch", INT, "Budget t; each estimator is represented by its rank_correlation row at the largest budget it scored up to t (as in the summary).")
            .required("estimator", STRING, "The estimator with the highest Kendall tau at this budget (best = true), or the first of a report.pairs pair.")
            .required("versus", STRING, "The estimator it is compared with.")
            .required("tau_diff", DOUBLE, "Kendall tau of estimator minus Kendall tau of versus (each as in rank_correlation); >= 0 where best.")
            .nullable("ci_low", DOUBLE, "Lower end of the paired bootstrap percentile interval of tau_diff (report.confidence); > 0 means estimator ranks better beyond the noise. NULL when report.bootstrap = 0.")
            .nullable("ci_high", DOUBLE, "Upper end of that interval.")
            .nullable("p_better", DOUBLE, "Share of the bootstrap resamples on which estimator's tau exceeds versus's (ties count one half). NULL when report.bootstrap = 0.")
            .required("estimator_tau", DOUBLE, "Kendall tau of estimator.")
            .required("versus_tau", DOUBLE, "Kendall tau of versus.")
            .required("estimator_budget_epoch", INT, "Budget of estimator's row (<= budget_epoch).")
            .required("versus_budget_epoch", INT, "Budget of versus's row (<= budget_epoch).")
            .required("n", INT, "Runs resampled: ok runs with a truth (each estimator is evaluated on those it scored).")
            .required("resamples", INT, "Bootstrap resamples on which both taus were defined (the interval's basis).")
            .nullable("confidence", DOUBLE, "Nominal coverage of the interval; NULL without one.")
            .nullable("budget_fraction", DOUBLE, "budget_epoch divided by the full budget.")
            .required("best", BOOLEAN, "True when estimator is the best at this budget; false on a report.pairs row.")
            .build();
    public static final StructType SCHEMA = TABLE.struct();

    private EstimatorComparisonTable() {
    }

    /** The best estimator at one budget against one other. Boxed fields may be null. */
    public record ComparisonRow(String sweepId, int budgetEpoch, String estimator, String versus, double tauDiff,
                                Double ciLow, Double ciHigh, Double pBetter, double estimatorTau, double versusTau,
                                int estimatorBudgetEpoch, int versusBudgetEpoch, int n, int resamples,
                                Double confidence, Double budgetFraction, boolean best) {

        /** Whether estimator ranks better than versus beyond the noise (the interval lies above 0). */
        public boolean significant() {
            return ciLow != null && ciLow > 0;
        }

        public Row toRow() {
            return RowFactory.create(sweepId, budgetEpoch, estimator, versus, tauDiff, ciLow, ciHigh, pBetter,
                    estimatorTau, versusTau, estimatorBudgetEpoch, versusBudgetEpoch, n, resamples, confidence,
                    budgetFraction, best);
        }

        public static ComparisonRow fromRow(Row r) {
            return new ComparisonRow(Rows.string(r, 0), Rows.integer(r, 1), Rows.string(r, 2), Rows.string(r, 3),
                    Rows.real(r, 4), Rows.real(r, 5), Rows.real(r, 6), Rows.real(r, 7), Rows.real(r, 8),
                    Rows.real(r, 9), Rows.integer(r, 10), Rows.integer(r, 11), Rows.integer(r, 12),
                    Rows.integer(r, 13), Rows.real(r, 14), Rows.real(r, 15), Rows.bool(r, 16));
        }
    }
}
