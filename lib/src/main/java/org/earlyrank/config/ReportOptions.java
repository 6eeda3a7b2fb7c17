package org.earlyrank.config;

import java.util.List;

/**
 * The {@code report} stage: what counts as the truth, the metrics' settings and what the page shows.
 */
public record ReportOptions(String truth, int truthLastK, int topK, double topKFraction, int bootstrap,
                            double confidence, long seed, double scatterBudgetFraction,
                            List<Double> summaryFractions, List<String> pairs) implements java.io.Serializable {
    public static final List<String> TRUTHS = List.of("auto", "test", "val");

    public static final Section<ReportOptions> SECTION = Section.of("report",
            "Rank correlation of every estimator at every budget against the truth, and the report page.",
            ReportOptions.class,
            Key.string("truth", "auto", "Ground truth: test (test accuracy), val (validation accuracy), or auto (test where the sweep has a test split, else val)."),
            Key.integer("truth_last_k", 1, "Average the truth over the last k epochs of each run's curve (1 = the final epoch only; single-epoch accuracy is noisy)."),
            Key.integer("top_k", 0, "k of precision@k; 0 = top_k_fraction of the runs compared."),
            Key.real("top_k_fraction", 0.1, "k of precision@k as a fraction of the runs compared, rounded half up, at least 1 (when top_k = 0)."),
            Key.integer("bootstrap", 1000, "Bootstrap resamples of the runs for the confidence interval of Kendall's tau; 0 = no interval."),
            Key.real("confidence", 0.95, "Coverage of the tau interval (percentile bootstrap)."),
            Key.longInt("seed", 1, "Seed of the bootstrap (each estimator and budget draws from its own stream derived from it)."),
            Key.real("scatter_budget_fraction", 0.25, "Budget of the predicted-against-true charts, as a fraction of the full budget (rounded half up, at least 1 epoch)."),
            Key.reals("summary_fractions", List.of(0.1, 0.25, 0.5, 1.0), "Budget fractions the summary names the best estimator at."),
            Key.strings("pairs", List.of("tse-e:val-acc", "fh-ensemble:fh-original"), "Pairs A:B of estimators that estimator_comparison also compares at every budget where both have a tau, besides the best against every other one (defaults: the claims of Ru et al. Figure 1 and Cao Figure 3.1); a pair with an estimator the sweep lacks is skipped."));

    public ReportOptions {
        Check.oneOf("report.truth", truth, TRUTHS);
        Check.atLeast("report.truth_last_k", truthLastK, 1);
        Check.atLeast("report.top_k", topK, 0);
        if (!(topKFraction > 0 && topKFraction <= 1)) {
            throw new IllegalArgumentException("report.top_k_fraction must be in (0.0, 1.0], got " + topKFraction);
        }
        Check.atLeast("report.bootstrap", bootstrap, 0);
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("report.confidence must be in (0.0, 1.0), got " + confidence);
        }
        if (!(scatterBudgetFraction > 0 && scatterBudgetFraction <= 1)) {
            throw new IllegalArgumentException("report.scatter_budget_fraction must be in (0.0, 1.0], got "
                    + scatterBudgetFraction);
        }
        for (Double f : summaryFractions) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("report.summary_fractions values must be in (0.0, 1.0], got " + f);
            }
        }
        summaryFractions = List.copyOf(summaryFractions);
        for (String p : pairs) {
            String[] ab = p.split(":", -1);
            if (ab.length != 2 || ab[0].isBlank() || ab[1].isBlank() || ab[0].equals(ab[1])) {
                throw new IllegalArgumentException("report.pairs takes two different estimator names as A:B (e.g. "
                        + "tse-e:val-acc), got '" + p + "'");
            }
        }
        pairs = List.copyOf(pairs);
    }

    /** The pairs as {A, B}. */
    public List<String[]> pairList() {
        return pairs.stream().map(p -> p.split(":", -1)).toList();
    }
}
