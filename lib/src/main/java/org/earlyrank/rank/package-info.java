/**
 * Rank-correlation metrics: how well an estimator's scores order runs the way their true accuracies do.
 * Kendall tau-b ({@link org.earlyrank.rank.KendallTau}, O(n log n), ties handled as tau-b), Spearman rho
 * with average ranks, Pearson r, precision@k, top-1 regret ({@link org.earlyrank.rank.RankMetrics}) and a
 * seeded bootstrap interval for tau ({@link org.earlyrank.rank.TauInterval});
 * {@link org.earlyrank.rank.RankEvaluation} computes all of them for one estimator at one budget.
 * An undefined statistic (fewer than 3 runs, constant input) is {@code null}, never NaN. Pure Java, no Spark.
 */
package org.earlyrank.rank;
