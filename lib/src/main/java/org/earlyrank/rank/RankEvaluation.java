package org.earlyrank.rank;

/**
 * Every ranking metric of one estimator at one budget: its scores against the runs' true accuracies.
 * Undefined values are null (see {@link RankMetrics}); {@code k} is null only when there are no runs.
 *
 * @param n            runs compared
 * @param kendallTau   Kendall's tau-b
 * @param spearmanRho  Spearman's rho (average ranks)
 * @param pearsonR     Pearson's r
 * @param precisionAtK precision@k
 * @param k            the k used (clamped to n)
 * @param regretTop1   best truth minus the truth of the top-scored run
 * @param tauInterval  bootstrap interval of tau; null when tau is undefined or no resamples were asked
 */
public record RankEvaluation(int n, Double kendallTau, Double spearmanRho, Double pearsonR, Double precisionAtK,
                             Integer k, Double regretTop1, TauInterval tauInterval) {

    /**
     * @param score      estimator scores, higher = better, one per run in run-id order (no NaN)
     * @param truth      true accuracies, same order (no NaN)
     * @param k          top size for precision@k, at least 1 (clamped to n)
     * @param resamples  bootstrap resamples for the tau interval (0 = none)
     * @param confidence interval coverage in (0, 1)
     * @param seed       bootstrap seed
     */
    public static RankEvaluation of(double[] score, double[] truth, int k, int resamples, double confidence, long seed) {
        KendallTau tau = new KendallTau(score, truth);
        Double t = tau.tauB();
        int n = score.length;
        return new RankEvaluation(n, t, RankMetrics.spearmanRho(score, truth), RankMetrics.pearsonR(score, truth),
                RankMetrics.precisionAtK(score, truth, k), n == 0 ? null : Math.min(k, n),
                RankMetrics.regretTop1(score, truth), TauInterval.bootstrap(tau, t, resamples, confidence, seed));
    }

    public Double tauLow() {
        return tauInterval == null ? null : tauInterval.low();
    }

    public Double tauHigh() {
        return tauInterval == null ? null : tauInterval.high();
    }
}
