package org.earlyrank.estimate.lce;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import smile.math.special.Erf;

/**
 * Learning-curve extrapolation (LCE) of Domhan, Springenberg and Hutter (IJCAI 2015): from the first tau
 * epochs of one run's validation curve alone (no other run is used), the posterior predictive distribution
 * of its value at epoch T.
 * <ol>
 *   <li>Each of the eleven families ({@link CurveFamily}) with no more parameters than observed epochs is fitted
 *       by least squares ({@link FamilyFit}); families whose fit the prior rejects are left out, as in the
 *       authors' implementation.</li>
 *   <li>The posterior over the weighted combination ({@link CurveCombination}: weights, every family's
 *       parameters, the noise sigma) is sampled by an affine-invariant ensemble sampler
 *       ({@link EnsembleSampler}; emcee in the paper), the walkers starting in a small ball around the
 *       least-squares parameters, equal weights and the residuals' standard deviation.</li>
 *   <li>The prediction of y_T is the posterior predictive mean, E[f_comb(T)]; its spread combines the
 *       posterior spread of f_comb(T) with the noise: Var = Var[f_comb(T)] + E[sigma^2]. For the
 *       early-stopping rule, P(y_T &lt;= y) = mean over samples of Phi((y - f_comb(T)) / sigma) (the paper's
 *       Eq. (4)), and {@link Prediction#quantiles} holds the y where that probability reaches each Delta.</li>
 * </ol>
 * With fewer than two epochs, or when no family's fit is admissible, there is nothing to extrapolate: the
 * prediction is the last observed value with no spread and the rule never stops ({@link Prediction#fallback}).
 *
 * <p>Deterministic given the seed. Stateless and thread-safe; runs on executors.
 */
public final class CurveExtrapolation {
    private CurveExtrapolation() {
    }

    /**
     * The chain. Domhan et al. ran 100 walkers for 2500 steps with 500 burn-in (emcee); the defaults
     * ({@code fit-svr.lce_*}) are shorter because this implementation fits every run at every budget.
     *
     * @param walkers at least this many walkers (raised to 2 d + 2 for d dimensions, emcee's rule)
     * @param steps   steps of every walker
     * @param burnIn  steps discarded before sampling
     * @param keep    at most this many posterior samples kept (thinned evenly over the post-burn-in steps)
     * @param deltas  probabilities whose predictive quantiles are kept for the stopping rule
     */
    public record Settings(int walkers, int steps, int burnIn, int keep, double[] deltas) implements Serializable {
        public Settings {
            if (walkers < 2 || steps < 1 || burnIn < 0 || burnIn >= steps || keep < 1) {
                throw new IllegalArgumentException("LCE chain needs walkers >= 2, steps >= 1, 0 <= burn-in < steps and"
                        + " keep >= 1; got walkers " + walkers + ", steps " + steps + ", burn-in " + burnIn + ", keep " + keep);
            }
            deltas = deltas.clone();
        }
    }

    /**
     * The posterior predictive of y_T.
     *
     * @param mean       E[y_T] (the last observed value on a fallback)
     * @param sd         its standard deviation (NaN on a fallback)
     * @param quantiles  per {@link Settings#deltas}, the y with P(y_T &lt;= y) = delta (NaN on a fallback)
     * @param families   families in the combination (0 on a fallback)
     * @param acceptance the sampler's acceptance fraction
     * @param seconds    wall time of the fit (least squares and sampling)
     * @param fallback   true when nothing could be fitted (see the class comment)
     */
    public record Prediction(double mean, double sd, double[] quantiles, int families, double acceptance,
                             double seconds, boolean fallback) implements Serializable {
    }

    /**
     * @param observed validation accuracy of epochs 1..tau (finite)
     * @param epochs   T &gt; tau
     */
    public static Prediction predict(double[] observed, int epochs, Settings s, long seed) {
        long t0 = System.nanoTime();
        int tau = observed.length;
        if (epochs <= tau) {
            throw new IllegalArgumentException("LCE extrapolates to T = " + epochs + " from " + tau + " epochs: T must be later");
        }
        double[] x = new double[tau];
        for (int i = 0; i < tau; i++) {
            x[i] = i + 1;
        }
        List<CurveFamily> kept = new ArrayList<>();
        List<double[]> params = new ArrayList<>();
        if (tau >= 2) {
            CurveCombination single = new CurveCombination(List.of(), observed, epochs);
            for (CurveFamily f : CurveCombination.fittable(tau)) {
                double[] p = FamilyFit.fit(f, x, observed, single);
                if (p != null) {
                    kept.add(f);
                    params.add(p);
                }
            }
        }
        if (kept.isEmpty()) {
            double[] nan = new double[s.deltas().length];
            Arrays.fill(nan, Double.NaN);
            return new Prediction(observed[tau - 1], Double.NaN, nan, 0, 0, seconds(t0), true);
        }
        CurveCombination model = new CurveCombination(kept, observed, epochs);
        int d = model.dimension();
        double[] start = new double[d];
        for (int k = 0; k < kept.size(); k++) {
            System.arraycopy(params.get(k), 0, start, model.offset(k), kept.get(k).arity());
            start[model.sigmaIndex() + 1 + k] = 0.5;
        }
        double[] fitted = model.fittedEqualWeights(params);
        double ss = 0;
        for (int i = 0; i < tau; i++) {
            ss += (observed[i] - fitted[i]) * (observed[i] - fitted[i]);
        }
        start[model.sigmaIndex()] = Math.min(1, Math.max(1e-3, Math.sqrt(ss / tau)));
        Random rnd = new Random(seed);
        double[][] walkers = ball(model, start, Math.max(s.walkers(), 2 * d + 2), rnd);
        int sampled = s.steps() - s.burnIn();
        int thin = Math.max(1, (int) Math.ceil((double) sampled * walkers.length / s.keep()));
        List<double[]> draws = new ArrayList<>();
        int si = model.sigmaIndex();
        double acceptance = EnsembleSampler.run(model::logPosterior, walkers, s.steps(), s.burnIn(), thin, rnd,
                w -> draws.add(new double[]{model.finalValue(w), w[si]}));
        double mean = 0;
        double noise = 0;
        for (double[] dr : draws) {
            mean += dr[0] / draws.size();
            noise += dr[1] * dr[1] / draws.size();
        }
        double var = 0;
        for (double[] dr : draws) {
            var += (dr[0] - mean) * (dr[0] - mean) / draws.size();
        }
        double[] q = new double[s.deltas().length];
        for (int i = 0; i < q.length; i++) {
            q[i] = quantile(draws, s.deltas()[i]);
        }
        return new Prediction(mean, Math.sqrt(var + noise), q, kept.size(), acceptance, seconds(t0), false);
    }

    /** P(y_T &lt;= y) under the mixture of N(f_s, sigma_s^2) over the kept samples. */
    static double cdf(List<double[]> draws, double y) {
        double p = 0;
        for (double[] dr : draws) {
            p += 0.5 * Erf.erfc(-(y - dr[0]) / (dr[1] * Math.sqrt(2)));
        }
        return p / draws.size();
    }

    /** The y with {@link #cdf} = p, by bisection (the CDF is continuous and increasing). */
    static double quantile(List<double[]> draws, double p) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] dr : draws) {
            lo = Math.min(lo, dr[0] - 10 * dr[1]);
            hi = Math.max(hi, dr[0] + 10 * dr[1]);
        }
        for (int i = 0; i < 60 && hi - lo > 1e-9; i++) {
            double mid = 0.5 * (lo + hi);
            if (cdf(draws, mid) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * Walkers in a small ball around the start (relative spread 1e-4, absolute 1e-6, as small as the authors'
     * 1e-6 ball so the chain starts at the least-squares fit), each inside the prior's support.
     */
    static double[][] ball(CurveCombination model, double[] start, int n, Random rnd) {
        double[][] w = new double[n][];
        for (int k = 0; k < n; k++) {
            double[] p = start.clone();
            for (int attempt = 0; attempt < 100; attempt++) {
                for (int i = 0; i < p.length; i++) {
                    p[i] = start[i] + (1e-4 * Math.abs(start[i]) + 1e-6) * rnd.nextGaussian();
                }
                if (model.logPosterior(p) > Double.NEGATIVE_INFINITY) {
                    break;
                }
                p = start.clone();
            }
            w[k] = p;
        }
        return w;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
