package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Hyperband (Li et al., JMLR 18, 2018, Algorithm 1) and fast Hyperband (Baker et al. 2018, Section 4.2.1 and
 * Appendix C, Algorithms 1-2), simulated on recorded full curves. The brackets are {@link HyperbandSchedule}'s
 * for R = the curves' length T; every decision is {@link FastHyperband}'s, the code a live search drives.
 *
 * <p>Per ordering of the configurations, Hyperband iterations (every bracket once, s = s_max..0) take
 * configurations in the ordering's order, without reuse, until the next iteration cannot be filled; both
 * variants see the same ordering, so they evaluate the same unique configurations. A round trains its
 * configurations one after another (the promoted ones best first). f-Hyperband checks a configuration
 * after every epoch tau &lt; r_i in order, from tau = 1, with the models of rung r_i once they exist. The
 * cost of a round, in epochs:
 * <ul>
 *   <li>as Algorithm 2 is written (lines 2-5, the default): every configuration of a round is trained from
 *       its first epoch, to r_i or to the epoch where it stops;</li>
 *   <li>with {@code resume} (what a live search with checkpoints pays): a promoted configuration continues
 *       from the epochs it already has, so a check at a tau it already passed costs nothing.</li>
 * </ul>
 * The decisions are the same either way.
 *
 * <p>Reported per variant, over the orderings: epochs used, the best validation accuracy at R found (among
 * configurations trained to R), and whether that equals the best at R of the configurations the ordering
 * evaluated (Hyperband itself may lose it). For f-Hyperband also: the Hyperband iteration in which each
 * rung's models appeared (d configurations trained to it), and the speedup over the iterations after every
 * rung's models exist (the paper's Figure 8 reading). {@link #ceiling} replays f-Hyperband with the true
 * y_r as its prediction: the most Algorithm 2 can save on these curves with any predictor.
 */
public final class HyperbandSimulation {
    public static final String HYPERBAND = "hyperband";
    public static final String FAST_HYPERBAND = "f-hyperband";
    /** The ceiling: f-Hyperband with a perfect prediction. */
    public static final String ORACLE = "oracle";
    /** The ceiling's sigma: a spread far below any accuracy difference, so it stops exactly when y_r &lt; y_ref. */
    static final double ORACLE_SIGMA = 1e-9;

    /**
     * @param eta      halving rate (3)
     * @param delta    f-Hyperband's probability threshold Delta
     * @param kappa    kappa: k = ceil(kappa x n_next) of max_k(L, k)
     * @param minTrain d: configurations trained to a rung before f-Hyperband predicts it (the paper: 100)
     * @param offset   the paper's delta: configurations within it of the k-th best are not stopped
     * @param resume   a promoted configuration continues from its epochs (else each round trains from epoch 1,
     *                 as Algorithm 2 is written)
     */
    public record Settings(int eta, double delta, double kappa, int minTrain, double offset, boolean resume) {
        /** The paper's rule and cost: no offset, every round trains from epoch 1. */
        public Settings(int eta, double delta, double kappa, int minTrain) {
            this(eta, delta, kappa, minTrain, 0.0, false);
        }

        FastHyperband.Rule rule() {
            return new FastHyperband.Rule(kappa, offset, delta, minTrain);
        }
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
     * @param iterations         Hyperband iterations (every bracket once) per ordering
     * @param modelsFrom         f-Hyperband: per rung r_i &gt;= 2, the mean 1-based iteration in which its models
     *                           appeared, over the orderings where they did; rungs whose models never appeared
     *                           are absent (empty for Hyperband)
     * @param speedupOncePredicting f-Hyperband: Hyperband's epochs over f-Hyperband's in the iterations after
     *                           every rung's models exist (mean over orderings that have such iterations;
     *                           NaN when none has)
     */
    public record Outcome(String variant, int orderings, double configurations, double epochs, double runsStopped,
                          double finalBestAcc, double trueBestAcc, double bestRecoveredFraction,
                          double speedupVsHyperband, double speedupVsFull, int modelsFitted, double iterations,
                          Map<Integer, Double> modelsFrom, double speedupOncePredicting) {
    }

    private HyperbandSimulation() {
    }

    /** Simulates both variants over the orderings; returns [hyperband, f-hyperband]. */
    public static List<Outcome> simulate(CurveSet data, Settings settings, ModelKind kind, int orderings, long seed,
                                         SrmFitter fitter) {
        int n = data.size();
        int r = data.epochs();
        List<List<HyperbandSchedule.Round>> brackets = HyperbandSchedule.brackets(r, settings.eta());
        // Per ordering: [configurations, epochs, stopped, best found, best evaluated, best kept] of each variant.
        double[][][] per = new double[2][orderings][];
        double[] ratio = new double[orderings];
        double[] vsFull = new double[orderings];
        double[] iterations = new double[orderings];
        Map<Integer, List<Integer>> from = new TreeMap<>();
        List<Double> late = new ArrayList<>();
        int models = 0;
        // The orderings are independent: one task each on the fitter's pool, fitting on its own thread (issue
        // 23); each ordering's results are those of the sequential loop, gathered in ordering order.
        boolean perOrdering = fitter.pool() != null && orderings > 1;
        SrmFitter inner = perOrdering ? fitter.serial() : fitter;
        List<java.util.concurrent.Callable<Run[]>> tasks = new ArrayList<>();
        for (int o = 0; o < orderings; o++) {
            int ordering = o;
            tasks.add(() -> {
                int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.HYPERBAND, ordering));
                Run plain = new Run(data, brackets, order, FastHyperband.hyperband(), settings.resume(), false);
                plain.simulate();
                long modelSeed = Seeds.derive(seed, Seeds.HYPERBAND, ordering, 1);
                FastHyperband engine = new FastHyperband(settings.rule(), models(inner, kind, data.spec(), modelSeed));
                Run fast = new Run(data, brackets, order, engine, settings.resume(), false);
                fast.simulate();
                fast.modelsFitted = engine.modelsFitted();
                return new Run[]{plain, fast};
            });
        }
        List<Run[]> runs = Parallel.all(perOrdering ? fitter.pool() : null, tasks);
        for (int o = 0; o < orderings; o++) {
            Run plain = runs.get(o)[0];
            Run fast = runs.get(o)[1];
            models += fast.modelsFitted;
            per[0][o] = plain.stats();
            per[1][o] = fast.stats();
            ratio[o] = plain.epochs / fast.epochs;
            vsFull[o] = plain.evaluated * (double) r / plain.epochs;
            iterations[o] = plain.iterationEpochs.size();
            fast.modelsFrom.forEach((rung, it) -> from.computeIfAbsent(rung, x -> new ArrayList<>()).add(it));
            double once = onceEveryRungPredicts(brackets, fast.modelsFrom, plain.iterationEpochs, fast.iterationEpochs);
            if (!Double.isNaN(once)) {
                late.add(once);
            }
        }
        Map<Integer, Double> modelsFrom = new TreeMap<>();
        from.forEach((rung, its) -> modelsFrom.put(rung, its.stream().mapToInt(Integer::intValue).average().orElseThrow()));
        double its = EarlyStopping.mean(iterations);
        List<Outcome> out = new ArrayList<>();
        out.add(outcome(HYPERBAND, per[0], orderings, 1.0, EarlyStopping.mean(vsFull), 0, its, Map.of(), Double.NaN));
        double fastVsFull = mean(per[1], 0) * r / mean(per[1], 1);
        double once = late.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        out.add(outcome(FAST_HYPERBAND, per[1], orderings, EarlyStopping.mean(ratio), fastVsFull, models, its,
                modelsFrom, once));
        return out;
    }

    /**
     * f-Hyperband's models as fit-svr fits them: M[r][tau] is {@code kind} fitted by {@code fitter} on the rows
     * of {@code spec} at tau, with its leave-one-out sigma, seeded by (modelSeed, r, tau). The search stage's
     * f-hyperband uses the same models ({@code org.earlyrank.search.FastRound}).
     */
    public static FastHyperband.ModelFitter models(SrmFitter fitter, ModelKind kind, FeatureSpec spec, long modelSeed) {
        return (rung, tau, x, y) -> fitter.fit(kind, tau, x, y, Seeds.derive(modelSeed, rung, tau), true,
                ModelComparison.lastSeenIndex(spec, tau)).srm();
    }

    /**
     * The ceiling of Algorithm 2 on these curves: f-Hyperband whose prediction of y_r is y_r itself (sigma
     * {@value #ORACLE_SIGMA}), consulted at tau = 1, once d configurations have reached the rung, as the
     * models would be. Reported as variant {@value #ORACLE}, with the same orderings as {@link #simulate}.
     */
    public static Outcome ceiling(CurveSet data, Settings settings, int orderings, long seed) {
        int n = data.size();
        int r = data.epochs();
        List<List<HyperbandSchedule.Round>> brackets = HyperbandSchedule.brackets(r, settings.eta());
        double[][] per = new double[orderings][];
        double[] ratio = new double[orderings];
        double[] iterations = new double[orderings];
        for (int o = 0; o < orderings; o++) {
            int[] order = Seeds.permutation(n, Seeds.random(seed, Seeds.HYPERBAND, o));
            Run plain = new Run(data, brackets, order, FastHyperband.hyperband(), settings.resume(), false);
            plain.simulate();
            FastHyperband engine = new FastHyperband(settings.rule(), (rung, tau, x, y) -> {
                throw new IllegalStateException("the oracle fits no model");
            });
            Run oracle = new Run(data, brackets, order, engine, settings.resume(), true);
            oracle.simulate();
            per[o] = oracle.stats();
            ratio[o] = plain.epochs / oracle.epochs;
            iterations[o] = plain.iterationEpochs.size();
        }
        return outcome(ORACLE, per, orderings, EarlyStopping.mean(ratio), mean(per, 0) * r / mean(per, 1), 0,
                EarlyStopping.mean(iterations), Map.of(), Double.NaN);
    }

    /** Hyperband's epochs over f-Hyperband's in the iterations after the last checkable rung got its models. */
    private static double onceEveryRungPredicts(List<List<HyperbandSchedule.Round>> brackets,
                                                Map<Integer, Integer> modelsFrom, List<Double> plain, List<Double> fast) {
        TreeSet<Integer> checkable = new TreeSet<>();
        brackets.forEach(b -> b.forEach(round -> {
            if (round.budget() >= 2) {
                checkable.add(round.budget());
            }
        }));
        int last = 0;
        for (int rung : checkable) {
            Integer it = modelsFrom.get(rung);
            if (it == null) {
                return Double.NaN;
            }
            last = Math.max(last, it);
        }
        double p = 0;
        double f = 0;
        for (int i = last; i < plain.size(); i++) {
            p += plain.get(i);
            f += fast.get(i);
        }
        return f > 0 ? p / f : Double.NaN;
    }

    private static Outcome outcome(String variant, double[][] per, int orderings, double vsHyperband, double vsFull,
                                   int models, double iterations, Map<Integer, Double> modelsFrom, double once) {
        return new Outcome(variant, orderings, mean(per, 0), mean(per, 1), mean(per, 2), mean(per, 3), mean(per, 4),
                mean(per, 5), vsHyperband, vsFull, models, iterations, modelsFrom, once);
    }

    private static double mean(double[][] per, int k) {
        double s = 0;
        for (double[] p : per) {
            s += p[k];
        }
        return s / per.length;
    }

    /** One simulated (f-)Hyperband run over one ordering. */
    private static final class Run {
        final CurveSet data;
        final List<List<HyperbandSchedule.Round>> brackets;
        final int[] order;
        final FastHyperband engine;
        final boolean resume;
        final boolean oracle;
        /** Epochs each configuration has been trained for so far. */
        final Map<Integer, Integer> trained = new HashMap<>();
        /** Per rung, the 1-based Hyperband iteration in which its models appeared. */
        final Map<Integer, Integer> modelsFrom = new TreeMap<>();
        final List<Double> iterationEpochs = new ArrayList<>();
        double epochs;
        int evaluated;
        int stopped;
        /** Models its engine fitted (f-Hyperband). */
        int modelsFitted;
        double best = Double.NEGATIVE_INFINITY;
        double bestEvaluated = Double.NEGATIVE_INFINITY;

        Run(CurveSet data, List<List<HyperbandSchedule.Round>> brackets, int[] order, FastHyperband engine,
            boolean resume, boolean oracle) {
            this.data = data;
            this.brackets = brackets;
            this.order = order;
            this.engine = engine;
            this.resume = resume;
            this.oracle = oracle;
        }

        double[] stats() {
            return new double[]{evaluated, epochs, stopped, best, bestEvaluated, best >= bestEvaluated ? 1 : 0};
        }

        void simulate() {
            int r = data.epochs();
            int pos = 0;
            int perIteration = HyperbandSchedule.configurationsPerIteration(brackets);
            while (pos + perIteration <= order.length) {
                double before = epochs;
                for (List<HyperbandSchedule.Round> bracket : brackets) {
                    int n0 = bracket.get(0).configurations();
                    List<Integer> active = new ArrayList<>();
                    for (int k = 0; k < n0; k++) {
                        int c = order[pos++];
                        active.add(c);
                        bestEvaluated = Math.max(bestEvaluated, data.curve(c)[r]);
                    }
                    evaluated += n0;
                    for (HyperbandSchedule.Round round : bracket) {
                        active = round(active, round);
                    }
                }
                iterationEpochs.add(epochs - before);
            }
        }

        /** Algorithm 2 over the active configurations; returns those the round keeps, best first. */
        private List<Integer> round(List<Integer> active, HyperbandSchedule.Round round) {
            int rung = round.budget();
            FastHyperband.RoundState state = engine.round(round);
            for (int c : active) {
                int done = resume ? trained.getOrDefault(c, 0) : 0;
                int stopAt = -1;
                if (state.canStop() && oracle) {
                    stopAt = state.decide(c, data.curve(c)[rung], ORACLE_SIGMA).stop() ? 1 : -1;
                } else if (state.canStop()) {
                    for (int tau = 1; tau < rung && stopAt < 0; tau++) {
                        if (state.check(c, tau, row(c, tau)).stop()) {
                            stopAt = tau;
                        }
                    }
                }
                if (stopAt > 0) {
                    epochs += Math.max(0, stopAt - done);
                    trained.put(c, Math.max(done, stopAt));
                    stopped++;
                } else {
                    epochs += rung - done;
                    trained.put(c, rung);
                    boolean had = engine.predicts(rung);
                    state.complete(c, data.curve(c)[rung], tau -> row(c, tau));
                    if (!had && engine.predicts(rung)) {
                        modelsFrom.put(rung, iterationEpochs.size() + 1);
                    }
                    if (rung == data.epochs()) {
                        best = Math.max(best, data.curve(c)[rung]);
                    }
                }
            }
            return state.promoted();
        }

        private double[] row(int c, int tau) {
            return data.spec().row(data.curve(c), tau, data.runs().get(c).run());
        }
    }
}
