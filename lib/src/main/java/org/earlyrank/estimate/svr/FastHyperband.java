package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Fast Hyperband's decisions (Baker, Gupta, Raskar and Naik 2018, Appendix C, Algorithm 2,
 * {@code run_then_return_validation_loss}), one at a time, so that a simulation on recorded curves and a
 * live search drive the same code. Plain Hyperband is the same with no models ({@link #hyperband()}).
 *
 * <p>Across the whole search it keeps, per rung r (a round's budget r_i), the training data D[r] (the
 * feature rows at every tau &lt; r and the value y_r of the first d configurations trained fully to r) and
 * the models M[r][tau] that predict y_r from the first tau epochs, fitted once D[r] holds d curves (the
 * paper: d = 100, "once we have trained 100 models to r_i iterations", Section 4.2.1), each with its sigma.
 *
 * <p>A round ({@link #round}) trains its configurations one after another in the order given and keeps a
 * list L of one value per configuration. After epoch tau &lt; r of a configuration, if M[r][tau] exists,
 * the configuration is stopped when {@code Phi(max_k(L, kappa n) - delta; y_hat, sigma) >= Delta}, where
 * {@code max_k} is the k-th largest value of L or -infinity while L holds fewer than k values, k =
 * ceil(kappa x n_next) (at least 1), delta the offset and Delta the probability threshold; its prediction
 * y_hat joins L (line 9). A configuration trained to r adds y_r to L (line 14) and, while D[r] holds
 * fewer than d curves, its curve to D[r] (lines 17-18). The round keeps the n_next configurations with
 * the largest values in L, stopped ones included (Algorithm 1, line 9), best first.
 *
 * <p>The paper's pseudo-code leaves three details open; here: a configuration that reaches r adds y_r to
 * L even where M[r][r-1] would exist (models read tau &lt; r epochs only, so the last epoch is always the
 * observed value); k is rounded up, since max_k needs a whole k; the models are fitted once, on the first d
 * curves, and never refitted. Ties in L keep the earlier configuration.
 *
 * <p>A driver (a search, or {@link HyperbandSimulation} on recorded curves) runs, for each bracket of
 * {@link HyperbandSchedule#brackets} and each of its rounds: {@code state = round(r)}; for each
 * configuration in order, while {@code state.canStop()} it trains one epoch at a time and asks
 * {@code state.check(config, tau, row)} after each epoch tau &lt; r_i, leaving the configuration when a
 * decision stops it; otherwise, at r_i, {@code state.complete(config, y_r, rows)}; then
 * {@code state.promoted()} are the next round's configurations. Whether a promoted configuration restarts
 * (as Algorithm 2 is written) or resumes from a checkpoint is the driver's affair: the decisions are the
 * same. {@link RoundState#decide} applies the rule to a prediction from elsewhere (another estimator).
 *
 * <p>Not thread-safe: one search drives one instance.
 */
public final class FastHyperband {
    /**
     * f-Hyperband's stopping rule.
     *
     * @param kappa     fraction kappa of the n_next configurations a round keeps that sets k = ceil(kappa n_next)
     * @param offset    delta, the accuracy offset below the k-th best (0: the paper's Section 4 rule)
     * @param threshold Delta, the probability threshold in (0, 1)
     * @param minTrain  d, configurations trained fully to a rung before its models are fitted (at least 3)
     */
    public record Rule(double kappa, double offset, double threshold, int minTrain) {
        public Rule {
            if (!(kappa >= 0 && kappa <= 1)) {
                throw new IllegalArgumentException("kappa must be in [0, 1], got " + kappa);
            }
            if (!(offset >= 0) || !Double.isFinite(offset)) {
                throw new IllegalArgumentException("the offset delta must be finite and >= 0, got " + offset);
            }
            if (!(threshold > 0 && threshold < 1)) {
                throw new IllegalArgumentException("the threshold Delta must be in (0, 1), got " + threshold);
            }
            if (minTrain < 3) {
                throw new IllegalArgumentException("d must be at least 3 (a model needs 3 rows), got " + minTrain);
            }
        }

        /** k of max_k for a round that keeps {@code next} configurations: ceil(kappa x next), at least 1. */
        public int k(int next) {
            return Math.max(1, (int) Math.ceil(kappa * next - 1e-9));
        }
    }

    /** Fits the model M[r][tau] of y_r from the first tau epochs on D[r][tau] (with its sigma). */
    @FunctionalInterface
    public interface ModelFitter {
        Srm fit(int rung, int tau, double[][] rows, double[] targets);
    }

    /**
     * One stopping decision.
     *
     * @param stop        whether the configuration stops
     * @param prediction  y_hat, the model's prediction of y_r (NaN when no model was consulted)
     * @param sigma       the model's sigma (NaN when no model was consulted)
     * @param reference   max_k(L, k) - delta (-infinity while L holds fewer than k values)
     * @param probability Phi(reference; y_hat, sigma) (0 when no model was consulted)
     */
    public record Decision(boolean stop, double prediction, double sigma, double reference, double probability) {
    }

    private final Rule rule;
    private final ModelFitter fitter;
    /** D[r]: rows per tau (index tau - 1) and targets of the first d configurations trained to r. */
    private final Map<Integer, List<double[][]>> rows = new HashMap<>();
    private final Map<Integer, List<Double>> targets = new HashMap<>();
    private final Map<Long, Srm> models = new HashMap<>();

    /**
     * @param fitter fits M[r][tau]; null for plain Hyperband (no model, nothing ever stops)
     */
    public FastHyperband(Rule rule, ModelFitter fitter) {
        this.rule = rule;
        this.fitter = fitter;
    }

    /** Plain Hyperband: every configuration of a round is trained to r. */
    public static FastHyperband hyperband() {
        return new FastHyperband(new Rule(1, 0, 0.5, 3), null);
    }

    public Rule rule() {
        return rule;
    }

    /** Whether M[r] is trained: d configurations have been trained fully to rung r (never for plain Hyperband). */
    public boolean predicts(int rung) {
        return fitter != null && targets.getOrDefault(rung, List.of()).size() >= rule.minTrain();
    }

    /** Models fitted so far (one per rung and tau consulted). */
    public int modelsFitted() {
        return models.size();
    }

    /** Starts one call of Algorithm 2 for a round of successive halving. */
    public RoundState round(HyperbandSchedule.Round round) {
        return new RoundState(round);
    }

    /** The model M[r][tau], fitted on D[r] the first time it is needed; its sigma checked. */
    private Srm model(int rung, int tau) {
        long key = (long) rung << 32 | tau;
        Srm m = models.get(key);
        if (m == null) {
            List<double[][]> d = rows.get(rung);
            double[][] x = new double[rule.minTrain()][];
            double[] y = new double[rule.minTrain()];
            for (int i = 0; i < x.length; i++) {
                x[i] = d.get(i)[tau - 1];
                y[i] = targets.get(rung).get(i);
            }
            m = fitter.fit(rung, tau, x, y);
            double s = m.sigma();
            if (!(s > 0) || !Double.isFinite(s)) {
                throw new IllegalStateException("f-Hyperband: the model of the accuracy at epoch " + rung + " from " + tau
                        + " epochs has sigma " + s + " (" + m.sigmaEstimate().key() + " of its leave-one-out residuals,"
                        + " fitted on the first " + x.length + " configurations trained to epoch " + rung + "); a"
                        + " stopping rule needs sigma > 0: use fit-svr.sigma=loo-rms or a larger fit-svr.hyperband_d");
            }
            models.put(key, m);
        }
        return m;
    }

    /** The state of one call of Algorithm 2: the list L and the configurations in the order they were trained. */
    public final class RoundState {
        private final HyperbandSchedule.Round round;
        private final int k;
        private final List<Integer> configs = new ArrayList<>();
        private final List<Double> values = new ArrayList<>();

        private RoundState(HyperbandSchedule.Round round) {
            this.round = round;
            this.k = rule.k(round.next());
        }

        public HyperbandSchedule.Round round() {
            return round;
        }

        /** k of max_k(L, k). */
        public int k() {
            return k;
        }

        /** max_k(L, k) - delta; -infinity while L holds fewer than k values (nothing can stop yet). */
        public double reference() {
            if (values.size() < k) {
                return Double.NEGATIVE_INFINITY;
            }
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return v[v.length - k] - rule.offset();
        }

        /** Whether a check after some epoch tau &lt; r can stop a configuration now (a model and a finite reference). */
        public boolean canStop() {
            return round.budget() >= 2 && predicts(round.budget()) && values.size() >= k;
        }

        /**
         * Lines 6-11: a configuration has been trained for tau &lt; r epochs; with M[r][tau] and a finite
         * reference, decides whether it stops. A stopped configuration's prediction joins L: do not train or
         * check it further in this round.
         *
         * @param config the configuration (its id in the caller's pool)
         * @param tau    epochs observed, 1 &lt;= tau &lt; r
         * @param row    its feature row at tau ({@link FeatureSpec#row})
         */
        public Decision check(int config, int tau, double[] row) {
            if (tau < 1 || tau >= round.budget()) {
                throw new IllegalArgumentException("a check reads 1 <= tau < r = " + round.budget() + " epochs, got " + tau);
            }
            double ref = reference();
            if (!canStop()) {
                return new Decision(false, Double.NaN, Double.NaN, ref, 0);
            }
            Srm m = model(round.budget(), tau);
            return decide(config, m.predict(row), m.sigma());
        }

        /**
         * Lines 8-10 with a prediction from elsewhere (another estimator of y_r, or the true y_r for a
         * ceiling): stops the configuration when Phi(max_k(L, k) - delta; prediction, sigma) &gt;= Delta, and
         * then its prediction joins L. Nothing stops while L holds fewer than k values.
         *
         * @throws IllegalArgumentException when sigma is not a positive finite number
         */
        public Decision decide(int config, double prediction, double sigma) {
            double ref = reference();
            double p = StoppingRule.probability(prediction, sigma, ref);
            boolean stop = p >= rule.threshold();
            if (stop) {
                configs.add(config);
                values.add(prediction);
            }
            return new Decision(stop, prediction, sigma, ref, p);
        }

        /**
         * Lines 13-22: a configuration was trained to r with value y_r; it joins L and, while D[r] holds
         * fewer than d curves, its rows join D[r].
         *
         * @param rowAt its feature row at every tau = 1..r-1
         */
        public void complete(int config, double yr, IntFunction<double[]> rowAt) {
            configs.add(config);
            values.add(yr);
            int r = round.budget();
            List<Double> t = targets.computeIfAbsent(r, x -> new ArrayList<>());
            if (fitter != null && t.size() < rule.minTrain()) {
                double[][] byTau = new double[r - 1][];
                for (int tau = 1; tau < r; tau++) {
                    byTau[tau - 1] = rowAt.apply(tau);
                }
                rows.computeIfAbsent(r, x -> new ArrayList<>()).add(byTau);
                t.add(yr);
            }
        }

        /** L: one value per configuration trained or stopped, in that order. */
        public double[] values() {
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        /**
         * Algorithm 1, line 9: the n_next configurations with the largest values in L, best first (ties: the
         * earlier), stopped ones included.
         */
        public List<Integer> promoted() {
            Integer[] idx = new Integer[values.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (a, b) -> Double.compare(values.get(b), values.get(a)));
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < Math.min(round.next(), idx.length); i++) {
                out.add(configs.get(idx[i]));
            }
            return out;
        }
    }
}
