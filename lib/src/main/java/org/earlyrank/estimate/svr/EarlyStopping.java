package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Early stopping simulated on recorded full curves, as in Baker et al. 2018, Section 4.1: over seeded
 * random orderings of the configurations, the first {@code burnIn} of each ordering are trained fully and
 * train one model per budget tau = 1..T-1 (with its leave-one-out sigma); every later configuration is
 * then "trained" epoch by epoch and stopped at the first tau where its {@link StoppingRule} fires. A
 * configuration that is not stopped is trained to T and its final value joins the references. The models
 * stay those of the burn-in (they are not refitted as more configurations finish).
 *
 * <p>Per rule, over the orderings: speedup = epochs without early stopping (every configuration to T) over
 * epochs with it (the mean of the per-ordering ratios); the best configuration is recovered in an ordering
 * when the best final value among the configurations trained fully equals the best of all; runs stopped
 * and final best value are means. Values, the models' target and y_BEST alike, are the final validation
 * accuracy y_T ({@link CurveSet#finalVal}), never the test accuracy of a trained sweep, which a search
 * never sees. Epoch 0 costs nothing. A model whose sigma is not positive stops the simulation with an error.
 */
public final class EarlyStopping {
    /**
     * One early_stopping row before the sweep id is attached.
     *
     * @param bestRecoveredFraction fraction of orderings that kept the best configuration
     * @param runsStopped           configurations stopped, mean per ordering
     * @param finalBestAcc          best final value found, mean over orderings
     * @param trueBestAcc           best final value of all configurations
     */
    public record Outcome(StoppingRule rule, int orderings, int burnIn, int configurations, double speedup,
                          boolean bestRecovered, double bestRecoveredFraction, double runsStopped,
                          double finalBestAcc, double trueBestAcc, double epochsWithout, double epochsWith) {
    }

    private EarlyStopping() {
    }

    /**
     * @param kind   the model that predicts y_T (nu-SVR RBF in the paper)
     * @param burnIn configurations trained fully before any stopping (&lt; the number of configurations)
     */
    public static List<Outcome> simulate(CurveSet data, List<StoppingRule> rules, ModelKind kind, int burnIn,
                                         int orderings, long seed, SrmFitter fitter) {
        int n = data.size();
        int t = data.epochs();
        if (burnIn < 3 || burnIn >= n || t < 2) {
            throw new IllegalArgumentException("early stopping needs 3 <= burn-in < configurations and T >= 2, got"
                    + " burn-in " + burnIn + ", " + n + " configurations, T = " + t);
        }
        double[] yT = new double[n];
        for (int i = 0; i < n; i++) {
            yT[i] = data.finalVal(i);
        }
        double trueBest = Arrays.stream(yT).max().orElseThrow();
        double[][] speedups = new double[rules.size()][orderings];
        int[][] recovered = new int[rules.size()][orderings];
        double[][] stopped = new double[rules.size()][orderings];
        double[][] best = new double[rules.size()][orderings];
        double[][] epochsWith = new double[rules.size()][orderings];
        // The orderings are independent: one task each on the fitter's pool, each fitting on its own thread
        // (issue 23: the simulation's own loops, not only the fits, then use both cores). Failures surface in
        // ordering order, as before. A single ordering keeps the fits' own parallelism.
        boolean perOrdering = fitter.pool() != null && orderings > 1;
        SrmFitter inner = perOrdering ? fitter.serial() : fitter;
        List<java.util.concurrent.Callable<double[][]>> tasks = new ArrayList<>();
        for (int o = 0; o < orderings; o++) {
            int ordering = o;
            tasks.add(() -> ordering(data, rules, kind, burnIn, ordering, seed, inner, yT, trueBest));
        }
        List<double[][]> results = Parallel.all(perOrdering ? fitter.pool() : null, tasks);
        for (int o = 0; o < orderings; o++) {
            double[][] r = results.get(o);
            for (int k = 0; k < rules.size(); k++) {
                speedups[k][o] = r[k][0];
                recovered[k][o] = (int) r[k][1];
                stopped[k][o] = r[k][2];
                best[k][o] = r[k][3];
                epochsWith[k][o] = r[k][4];
            }
        }
        List<Outcome> out = new ArrayList<>();
        for (int k = 0; k < rules.size(); k++) {
            double frac = Arrays.stream(recovered[k]).average().orElse(0);
            out.add(new Outcome(rules.get(k), orderings, burnIn, n, mean(speedups[k]), frac > 0.5, frac,
                    mean(stopped[k]), mean(best[k]), trueBest, (double) n * t, mean(epochsWith[k])));
        }
        return out;
    }

    /** One ordering: per rule, {speedup, recovered (0/1), runs stopped, best final value, epochs with}. */
    private static double[][] ordering(CurveSet data, List<StoppingRule> rules, ModelKind kind, int burnIn, int o,
                                       long seed, SrmFitter fitter, double[] yT, double trueBest) {
        int n = data.size();
        int t = data.epochs();
        int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.ORDER, o));
        int[] burn = Arrays.copyOfRange(order, 0, burnIn);
        int[] later = Arrays.copyOfRange(order, burnIn, n);
        double[][] pred = new double[t][];
        double[] sigma = new double[t];
        for (int tau = 1; tau < t; tau++) {
            Srm srm = fitter.fit(kind, tau, data.design(tau, burn), data.valAt(t, burn),
                    Seeds.derive(seed, Seeds.ORDER, o, tau), true, ModelComparison.lastSeenIndex(data.spec(), tau)).srm();
            pred[tau] = fitter.predictAll(srm, data.design(tau, later));
            sigma[tau] = srm.sigma();
            if (!(sigma[tau] > 0) || !Double.isFinite(sigma[tau])) {
                throw new IllegalStateException("early stopping: the model of y_T from " + tau + " epochs has sigma "
                        + sigma[tau] + " (" + srm.sigmaEstimate().key() + " of its leave-one-out residuals on the "
                        + burnIn + " burn-in configurations of ordering " + o + "); the stopping rule needs sigma > 0:"
                        + " use fit-svr.sigma=loo-rms or a larger fit-svr.train_size");
            }
        }
        double[][] out = new double[rules.size()][];
        for (int k = 0; k < rules.size(); k++) {
            StoppingRule rule = rules.get(k);
            double[] finished = new double[n];
            int count = 0;
            for (int i : burn) {
                finished[count++] = yT[i];
                sortDescending(finished, count);
            }
            double epochs = (double) burnIn * t;
            int stops = 0;
            for (int j = 0; j < later.length; j++) {
                double ref = rule.reference(finished, count);
                int stopAt = -1;
                for (int tau = 1; tau < t && stopAt < 0; tau++) {
                    if (StoppingRule.stop(pred[tau][j], sigma[tau], ref, rule.delta())) {
                        stopAt = tau;
                    }
                }
                if (stopAt > 0) {
                    epochs += stopAt;
                    stops++;
                } else {
                    epochs += t;
                    finished[count++] = yT[later[j]];
                    sortDescending(finished, count);
                }
            }
            out[k] = new double[]{(double) n * t / epochs, finished[0] >= trueBest ? 1 : 0, stops, finished[0], epochs};
        }
        return out;
    }

    static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Insertion step: keeps finished[0..count) sorted descending after a value was appended. */
    private static void sortDescending(double[] a, int count) {
        for (int i = count - 1; i > 0 && a[i] > a[i - 1]; i--) {
            double x = a[i];
            a[i] = a[i - 1];
            a[i - 1] = x;
        }
    }
}
