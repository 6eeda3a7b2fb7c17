package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar, "Hyperband: a novel bandit-based approach to
 * hyperparameter optimization", JMLR 18, 2018, Algorithm 1) and fast Hyperband (Baker et al. 2018,
 * Section 4.2.1 and Appendix C), simulated on recorded full curves.
 *
 * <p>Hyperband with maximum budget R (the curves' length T, in epochs) and halving rate eta runs brackets
 * s = s_max..0 (s_max = floor(log_eta R)); bracket s starts n = ceil((s_max + 1) / (s + 1) * eta^s)
 * configurations and runs successive halving: round i trains n_i = floor(n eta^-i) configurations to
 * r_i = R eta^(i - s) epochs (rounded, at least 1) and promotes the best floor(n_i / eta) by their validation
 * accuracy at r_i. A promoted configuration resumes where it stopped, so a round costs r_i - r_(i-1) epochs
 * per configuration. Brackets take configurations in the ordering's order, without reuse, until the next
 * bracket cannot be filled.
 *
 * <p>Fast Hyperband is the same, except that once {@code d} configurations have been trained to a rung
 * r_i, a model of the validation accuracy at r_i from the first tau &lt; r_i epochs (fitted on those first
 * d, with its leave-one-out sigma; one per tau, fitted once) stops configurations early within a round:
 * the first max(ceil(kappa n_i), k) configurations of a round are trained fully, where k is the number the
 * round promotes (1 in a bracket's last round); each later one is stopped at the first epoch tau
 * (r_(i-1) &lt; tau &lt; r_i) where P(y_(r_i) &lt;= y_ref) &gt;= delta, y_ref being the k-th best value among the
 * round's fully trained configurations. A stopped configuration is never promoted.
 *
 * <p>Reported per variant, over the orderings: epochs used, the best validation accuracy at R found, and
 * whether that equals the best of the configurations the ordering evaluated (Hyperband itself may lose it).
 */
public final class HyperbandSimulation {
    public static final String HYPERBAND = "hyperband";
    public static final String FAST_HYPERBAND = "f-hyperband";

    /**
     * @param eta      halving rate (3)
     * @param delta    f-Hyperband's probability threshold
     * @param kappa    fraction of each round trained fully before f-Hyperband may stop configurations
     * @param minTrain d: configurations trained to a rung before f-Hyperband predicts it (the paper: 100)
     */
    public record Settings(int eta, double delta, double kappa, int minTrain) {
    }

    /**
     * One variant's result.
     *
     * @param configurations configurations evaluated per ordering
     * @param epochs         epochs used, mean per ordering
     * @param runsStopped    configurations stopped early by the model (f-Hyperband), mean per ordering
     * @param finalBestAcc   best validation accuracy at R found, mean over orderings
     * @param trueBestAcc    best validation accuracy at R among the evaluated configurations, mean
     * @param bestRecoveredFraction fraction of orderings where the variant found that best
     * @param speedupVsHyperband Hyperband's epochs over this variant's (mean of per-ordering ratios)
     * @param speedupVsFull      epochs to train every evaluated configuration to R over this variant's
     * @param modelsFitted       models f-Hyperband fitted over all orderings (0: it never stopped anything)
     */
    public record Outcome(String variant, int orderings, double configurations, double epochs, double runsStopped,
                          double finalBestAcc, double trueBestAcc, double bestRecoveredFraction,
                          double speedupVsHyperband, double speedupVsFull, int modelsFitted) {
    }

    /** One round of successive halving. */
    record Round(int configurations, int rung, int promote) {
    }

    private HyperbandSimulation() {
    }

    /** The brackets for budget R: each a list of rounds. */
    static List<List<Round>> brackets(int r, int eta) {
        int sMax = (int) Math.floor(Math.log(r) / Math.log(eta) + 1e-9);
        List<List<Round>> out = new ArrayList<>();
        for (int s = sMax; s >= 0; s--) {
            int n = (int) Math.ceil((double) (sMax + 1) / (s + 1) * Math.pow(eta, s) - 1e-9);
            List<Round> rounds = new ArrayList<>();
            for (int i = 0; i <= s; i++) {
                int ni = (int) Math.floor(n * Math.pow(eta, -i) + 1e-9);
                int ri = Math.max(1, (int) Math.round(r * Math.pow(eta, i - s)));
                int next = i < s ? (int) Math.floor(n * Math.pow(eta, -(i + 1)) + 1e-9) : 1;
                rounds.add(new Round(ni, Math.min(ri, r), Math.max(1, next)));
            }
            out.add(rounds);
        }
        return out;
    }

    /** Simulates both variants over the orderings; returns [hyperband, f-hyperband]. */
    public static List<Outcome> simulate(CurveSet data, Settings settings, ModelKind kind, int orderings, long seed,
                                         SrmFitter fitter) {
        int n = data.size();
        int r = data.epochs();
        List<List<Round>> brackets = brackets(r, settings.eta());
        // Per ordering: [configurations, epochs, stopped, best found, best evaluated, best kept] of each variant.
        double[][][] per = new double[2][orderings][];
        double[] ratio = new double[orderings];
        double[] vsFull = new double[orderings];
        int models = 0;
        for (int o = 0; o < orderings; o++) {
            int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.HYPERBAND, o));
            Run plain = new Run(data, brackets, order, settings, null, 0, fitter);
            plain.simulate();
            Run fast = new Run(data, brackets, order, settings, kind, Seeds.derive(seed, Seeds.HYPERBAND, o, 1), fitter);
            fast.simulate();
            models += fast.models.size();
            per[0][o] = plain.stats();
            per[1][o] = fast.stats();
            ratio[o] = plain.epochs / fast.epochs;
            vsFull[o] = plain.evaluated * (double) r / plain.epochs;
        }
        List<Outcome> out = new ArrayList<>();
        out.add(outcome(HYPERBAND, per[0], orderings, 1.0, EarlyStopping.mean(vsFull), 0));
        double fastVsFull = mean(per[1], 0) * r / mean(per[1], 1);
        out.add(outcome(FAST_HYPERBAND, per[1], orderings, EarlyStopping.mean(ratio), fastVsFull, models));
        return out;
    }

    private static Outcome outcome(String variant, double[][] per, int orderings, double vsHyperband, double vsFull,
                                   int models) {
        return new Outcome(variant, orderings, mean(per, 0), mean(per, 1), mean(per, 2), mean(per, 3), mean(per, 4),
                mean(per, 5), vsHyperband, vsFull, models);
    }

    private static double mean(double[][] per, int k) {
        double s = 0;
        for (double[] p : per) {
            s += p[k];
        }
        return s / per.length;
    }

    /** One simulated Hyperband run over one ordering. */
    private static final class Run {
        final CurveSet data;
        final List<List<Round>> brackets;
        final int[] order;
        final Settings settings;
        final ModelKind kind;
        final long seed;
        final SrmFitter fitter;
        /** Configurations trained to at least each rung, in the order they got there. */
        final Map<Integer, LinkedHashSet<Integer>> reached = new HashMap<>();
        final Map<Long, Srm> models = new HashMap<>();
        double epochs;
        int evaluated;
        int stopped;
        double best = Double.NEGATIVE_INFINITY;
        double bestEvaluated = Double.NEGATIVE_INFINITY;

        Run(CurveSet data, List<List<Round>> brackets, int[] order, Settings settings, ModelKind kind, long seed,
            SrmFitter fitter) {
            this.data = data;
            this.brackets = brackets;
            this.order = order;
            this.settings = settings;
            this.kind = kind;
            this.seed = seed;
            this.fitter = fitter;
        }

        double[] stats() {
            return new double[]{evaluated, epochs, stopped, best, bestEvaluated, best >= bestEvaluated ? 1 : 0};
        }

        void simulate() {
            int r = data.epochs();
            int pos = 0;
            while (true) {
                for (List<Round> bracket : brackets) {
                    int n0 = bracket.get(0).configurations();
                    if (pos + n0 > order.length) {
                        return;
                    }
                    List<Integer> active = new ArrayList<>();
                    for (int k = 0; k < n0; k++) {
                        int c = order[pos++];
                        active.add(c);
                        bestEvaluated = Math.max(bestEvaluated, data.curve(c)[r]);
                    }
                    evaluated += n0;
                    int prev = 0;
                    for (Round round : bracket) {
                        active = round(active, round, prev);
                        prev = round.rung();
                    }
                }
            }
        }

        /** Trains the active configurations to the round's rung; returns those promoted (or the winner). */
        private List<Integer> round(List<Integer> active, Round round, int prev) {
            int rung = round.rung();
            int keep = Math.min(round.promote(), active.size());
            int mustTrain = Math.max((int) Math.ceil(settings.kappa() * active.size() - 1e-9), keep);
            List<Integer> finished = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (int k = 0; k < active.size(); k++) {
                int c = active.get(k);
                int stopAt = -1;
                if (kind != null && k >= mustTrain && ready(rung)) {
                    double ref = kthBest(values, keep);
                    for (int tau = Math.max(1, prev + 1); tau < rung && stopAt < 0; tau++) {
                        Srm m = model(rung, tau);
                        double[] row = data.spec().row(data.curve(c), tau, data.runs().get(c).run());
                        if (StoppingRule.stop(m.predict(row), m.sigma(), ref, settings.delta())) {
                            stopAt = tau;
                        }
                    }
                }
                if (stopAt > 0) {
                    epochs += stopAt - prev;
                    stopped++;
                } else {
                    epochs += rung - prev;
                    finished.add(c);
                    values.add(data.curve(c)[rung]);
                    reached.computeIfAbsent(rung, x -> new LinkedHashSet<>()).add(c);
                }
            }
            Integer[] idx = new Integer[finished.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = i;
            }
            // Best first; ties keep the earlier configuration (a stable sort).
            Arrays.sort(idx, (a, b) -> Double.compare(values.get(b), values.get(a)));
            List<Integer> promoted = new ArrayList<>();
            for (int i = 0; i < Math.min(keep, idx.length); i++) {
                promoted.add(finished.get(idx[i]));
            }
            if (rung == data.epochs() && !values.isEmpty()) {
                best = Math.max(best, values.get(idx[0]));
            }
            return promoted;
        }

        private boolean ready(int rung) {
            return reached.getOrDefault(rung, new LinkedHashSet<>()).size() >= settings.minTrain();
        }

        private static double kthBest(List<Double> values, int k) {
            double[] v = values.stream().mapToDouble(d -> d).sorted().toArray();
            return v.length >= k ? v[v.length - k] : Double.NaN;
        }

        /** The model of the accuracy at {@code rung} from tau epochs, fitted once on the first d there. */
        private Srm model(int rung, int tau) {
            long key = (long) rung * 100_000L + tau;
            Srm m = models.get(key);
            if (m == null) {
                int[] rows = reached.get(rung).stream().limit(settings.minTrain()).mapToInt(i -> i).toArray();
                m = fitter.fit(kind, tau, data.design(tau, rows), data.valAt(rung, rows), Seeds.derive(seed, rung, tau),
                        true, ModelComparison.lastSeenIndex(data.spec(), tau)).srm();
                models.put(key, m);
            }
            return m;
        }
    }
}
