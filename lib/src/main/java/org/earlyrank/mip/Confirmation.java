package org.earlyrank.mip;

import java.util.List;

import org.earlyrank.mip.PairTraining.PairResult;
import org.earlyrank.mip.TrialEvaluator.TrialScore;

import smile.stat.distribution.GaussianDistribution;

/**
 * The chosen setting checked on architectures that took no part in the search (G', disjoint from G):
 * r_s = Spearman(R_b, R_f) on G', R_b and R_f final validation accuracies as in the search (Zheng et al.
 * 2020, Eq. 1), with a confidence interval. r_s measured on G itself is optimistic: the search picked the
 * setting with the best r_s (less its cost) among many noisy ones; on G' it is an honest estimate.
 *
 * <p>Interval: Fisher's z = atanh(r_s) with Fieller, Hartley and Pearson's variance 1.06 / (n - 3) for
 * Spearman's coefficient (Biometrika 44, 1957), z +- q sqrt(1.06 / (n - 3)) mapped back by tanh, q the
 * standard normal quantile of (1 + confidence) / 2. It is analytic (no resampling) and needs n > 3 and
 * |r_s| < 1; otherwise it is null.
 *
 * @param architectures   architectures of G' with an R_f (ok full training)
 * @param spearman        r_s on G'; null when undefined
 * @param ciLow           lower end, or null
 * @param ciHigh          upper end, or null
 * @param costSeconds     mean training seconds per architecture under the setting
 * @param fullCostSeconds mean training seconds per architecture under full training
 */
public record Confirmation(int architectures, Double spearman, Double ciLow, Double ciHigh, Double costSeconds,
                           Double fullCostSeconds) {
    /** Fieller, Hartley and Pearson's variance factor of atanh(Spearman's rho): var = 1.06 / (n - 3). */
    static final double FIELLER = 1.06;

    /**
     * @param budget     G' trained under the setting
     * @param full       G' under full training (R_f)
     * @param confidence nominal coverage in (0, 1)
     */
    public static Confirmation of(List<PairResult> budget, List<PairResult> full, double confidence) {
        TrialScore s = PairTraining.score(budget, PairTraining.validationTruth(full), java.util.Map.of());
        Double rho = s.defined() ? s.spearman() : null;
        double[] ci = interval(rho, s.archs(), confidence);
        return new Confirmation(s.archs(), rho, ci == null ? null : ci[0], ci == null ? null : ci[1],
                s.meanCostSeconds(), meanCost(full));
    }

    /** The Fisher-z interval with Fieller's variance, or null when n <= 3, |rho| = 1 or rho is null. */
    static double[] interval(Double rho, int n, double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
        }
        // |rho| within rounding of 1 (a perfect ranking computed as Pearson's r on ranks): atanh is infinite.
        if (rho == null || n <= 3 || Math.abs(rho) >= 1 - 1e-9) {
            return null;
        }
        double z = 0.5 * Math.log((1 + rho) / (1 - rho));
        double half = GaussianDistribution.getInstance().quantile((1 + confidence) / 2) * Math.sqrt(FIELLER / (n - 3));
        return new double[]{Math.tanh(z - half), Math.tanh(z + half)};
    }

    private static Double meanCost(List<PairResult> runs) {
        double sum = 0;
        int n = 0;
        for (PairResult r : runs) {
            if (r.costSeconds() != null) {
                sum += r.costSeconds();
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }
}
