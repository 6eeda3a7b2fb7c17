package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.earlyrank.estimate.lce.CurveExtrapolation;

/**
 * The early-stopping baseline of Baker et al. 2018, Section 4.1 and Figure 4: Domhan et al.'s learning-curve
 * extrapolation drives the same probabilistic rule as the nu-SVR, P(y_T &lt;= y_best) &gt;= Delta, but from the
 * posterior predictive of each run's own partial curve ({@link CurveExtrapolation}) instead of N(prediction,
 * sigma). Needing no other runs, it has no burn-in: it may stop a run as soon as one run has finished (there is
 * no y_best before that). Simulated over the same seeded orderings as {@link EarlyStopping} (a paired
 * comparison), with the same accounting: a run stopped at tau costs tau epochs, a run trained fully costs T and
 * its truth joins the references; speedup = epochs without stopping over epochs with it (mean of the per-ordering
 * ratios).
 *
 * <p>The rule is checked at tau = 2, 2 + stride, ... &lt; T (an extrapolation needs two points; a stride above 1
 * saves fits, as Domhan et al. checked every few epochs). A fit is needed only where a run is still training,
 * which depends on the other runs' outcomes, so the fits are computed in rounds: simulate every ordering and
 * Delta with the fits at hand, treating a check whose fit is missing as "not stopped here, trained fully" and
 * collecting it; fit all collected (run, tau) in parallel ({@link LceFits#ensure}: one Spark task per run); repeat
 * until a simulation meets no missing fit. That last simulation used real fits at every check it made, so it is
 * exact; the rounds only decide which fits to compute (a run stopped early in every ordering is never fitted
 * at later epochs). Fits are shared with the model comparison.
 */
public final class LceEarlyStopping {
    /** The variant name of LCE's rule in {@code early_stopping}. */
    public static final String VARIANT = "lce-best";

    private LceEarlyStopping() {
    }

    /** The budgets at which the rule is checked. */
    static int[] checkpoints(int epochs, int stride) {
        List<Integer> out = new ArrayList<>();
        for (int tau = 2; tau < epochs; tau += stride) {
            out.add(tau);
        }
        return out.stream().mapToInt(i -> i).toArray();
    }

    /**
     * @param deltas the thresholds, each one of {@code fits.settings().deltas()}
     * @return one outcome per delta, with a {@link StoppingRule#BEST} rule and burn-in 0
     */
    public static List<EarlyStopping.Outcome> simulate(CurveSet data, List<Double> deltas, int orderings, long seed,
                                                       LceFits fits, int stride) {
        int t = data.epochs();
        int[] checks = checkpoints(t, stride);
        int[] q = new int[deltas.size()];
        for (int k = 0; k < q.length; k++) {
            double d = deltas.get(k);
            q[k] = -1;
            double[] known = fits.settings().deltas();
            for (int i = 0; i < known.length; i++) {
                if (known[i] == d) {
                    q[k] = i;
                }
            }
            if (q[k] < 0) {
                throw new IllegalArgumentException("LCE has no predictive quantile for Delta " + d + "; it keeps "
                        + Arrays.toString(known));
            }
        }
        double trueBest = Arrays.stream(data.truth()).max().orElseThrow();
        while (true) {
            TreeMap<Integer, TreeSet<Integer>> missing = new TreeMap<>();
            List<EarlyStopping.Outcome> out = new ArrayList<>();
            for (int k = 0; k < deltas.size(); k++) {
                out.add(simulate(data, deltas.get(k), q[k], checks, orderings, seed, fits, trueBest, missing));
            }
            if (missing.isEmpty()) {
                return out;
            }
            fits.ensure(missing);
        }
    }

    /**
     * One Delta over the orderings with the fits at hand; a check without a fit goes into {@code missing} and the
     * run counts as trained fully (only the final, complete simulation is returned to callers).
     */
    private static EarlyStopping.Outcome simulate(CurveSet data, double delta, int quantileIndex, int[] checks,
                                                  int orderings, long seed, LceFits fits, double trueBest,
                                                  Map<Integer, TreeSet<Integer>> missing) {
        int n = data.size();
        int t = data.epochs();
        double[] speedups = new double[orderings];
        double[] recovered = new double[orderings];
        double[] stopped = new double[orderings];
        double[] best = new double[orderings];
        double[] epochsWith = new double[orderings];
        for (int o = 0; o < orderings; o++) {
            int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.ORDER, o));
            double bestSoFar = Double.NaN;
            double epochs = 0;
            int stops = 0;
            for (int j : order) {
                int stopAt = -1;
                for (int c = 0; c < checks.length && stopAt < 0 && !Double.isNaN(bestSoFar); c++) {
                    CurveExtrapolation.Prediction p = fits.peek(j, checks[c]);
                    if (p == null) {
                        missing.computeIfAbsent(j, x -> new TreeSet<>()).add(checks[c]);
                        break;
                    }
                    double quantile = p.quantiles()[quantileIndex];
                    // P(y_T <= best) >= Delta exactly when best is at or above the Delta-quantile.
                    if (!Double.isNaN(quantile) && quantile <= bestSoFar) {
                        stopAt = checks[c];
                    }
                }
                if (stopAt > 0) {
                    epochs += stopAt;
                    stops++;
                } else {
                    epochs += t;
                    bestSoFar = Double.isNaN(bestSoFar) ? data.truth(j) : Math.max(bestSoFar, data.truth(j));
                }
            }
            speedups[o] = (double) n * t / epochs;
            recovered[o] = bestSoFar >= trueBest ? 1 : 0;
            stopped[o] = stops;
            best[o] = bestSoFar;
            epochsWith[o] = epochs;
        }
        double frac = EarlyStopping.mean(recovered);
        return new EarlyStopping.Outcome(new StoppingRule(StoppingRule.BEST, delta, null, null), orderings, 0, n,
                EarlyStopping.mean(speedups), frac > 0.5, frac, EarlyStopping.mean(stopped), EarlyStopping.mean(best),
                trueBest, (double) n * t, EarlyStopping.mean(epochsWith));
    }
}
