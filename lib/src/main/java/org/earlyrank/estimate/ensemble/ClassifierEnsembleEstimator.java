package org.earlyrank.estimate.ensemble;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.space.RunSampler;

/**
 * The classifier ensemble over feature histories, and the two estimators it is compared with. At budget t
 * (only epochs 1..t of the run are visible):
 * <ul>
 *   <li>{@value #ORIGINAL}: the stored head of epoch t applied, unchanged, to epoch t's validation
 *       features: the network's own validation accuracy at t, recomputed from the tables;</li>
 *   <li>{@value #OPTIMIZED}: the head of epoch t re-optimised on epoch t's training features
 *       ({@link HeadOptimizer}), applied to epoch t's validation features;</li>
 *   <li>{@value #ENSEMBLE}: for each of the last K epochs k = max(1, t-K+1)..t, the head of epoch k
 *       re-optimised on epoch k's training features and applied to epoch k's validation features; the K
 *       softmax distributions are averaged per validation sample, and the score is the accuracy of the
 *       averaged prediction.</li>
 * </ul>
 * Scores are accuracies in [0, 1]; ties between classes go to the lower class.
 *
 * <p>A head fitted for epoch k depends only on epoch k's data, so it serves every budget t >= k:
 * {@link #scoreRun} fits each epoch's head once and keeps only the validation predictions of the last K
 * epochs. The cost of an estimate ({@link Estimate#costSeconds()}) is nevertheless what producing it on
 * its own would cost: the read time of the rows it uses (the run's read time spread over epochs and splits
 * by rows), plus the fit and prediction time of every head it uses (a cached fit counted at its original
 * cost), plus its own averaging and scoring.
 *
 * <p>Deterministic for a given seed: each fit's shuffling is seeded from (seed, run id, epoch). Thread-safe
 * (no mutable state); one call per run.
 *
 * <p>References: Cao, "Efficient model performance estimation via feature histories", CMU-RI-TR-21-09,
 * 2021: Algorithm 1 (ensemble of heads over the last K epochs' feature histories), Figure 3.1 (original,
 * optimized and ensemble heads compared), Appendix A.1 (optimiser settings).
 */
public final class ClassifierEnsembleEstimator {
    public static final String ORIGINAL = "fh-original";
    public static final String OPTIMIZED = "fh-optimized";
    public static final String ENSEMBLE = "fh-ensemble";
    public static final List<String> NAMES = List.of(ORIGINAL, OPTIMIZED, ENSEMBLE);

    /** One estimate: estimator name, budget t, accuracy in [0, 1], seconds to produce it on its own. */
    public record Estimate(String estimator, int budgetEpoch, double score, double costSeconds) {
    }

    /**
     * What scoring one run produced and cost.
     *
     * @param headFits          heads fitted (each epoch once)
     * @param headFitsUncached  heads an uncached computation fits: the sum of the window sizes over budgets
     * @param fitSeconds        time in fits and their predictions
     * @param computeSeconds    wall time of the whole scoring (fits, predictions, averages), reading excluded
     * @param note              why some estimators were not scored, or null
     */
    public record RunScores(List<Estimate> estimates, int headFits, int headFitsUncached, double fitSeconds,
                            double computeSeconds, String note) {
        /** The sum of the estimates' own costs: what the run would cost without the cache. */
        public double uncachedSeconds() {
            return estimates.stream().mapToDouble(Estimate::costSeconds).sum();
        }
    }

    private final int window;
    private final HeadOptimizer optimizer;
    private final long seed;

    public ClassifierEnsembleEstimator(int window, HeadOptimizer optimizer, long seed) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be >= 1, got " + window);
        }
        this.window = window;
        this.optimizer = optimizer;
        this.seed = seed;
    }

    public static ClassifierEnsembleEstimator of(FitEnsembleOptions o) {
        return new ClassifierEnsembleEstimator(o.window(), new HeadOptimizer(o.epochs(), o.learningRate(), o.momentum(),
                o.weightDecay(), o.batchSize()), o.seed());
    }

    /** The budgets scored for a run: every, 2 * every, ... up to its last epoch, among its epochs. */
    public static List<Integer> budgets(FeatureHistory h, int every) {
        List<Integer> out = new ArrayList<>();
        for (int t : h.epochs()) {
            if (t >= 1 && t % every == 0) {
                out.add(t);
            }
        }
        return out;
    }

    /** The three estimates at one budget, computed from scratch (no cache). */
    public List<Estimate> scoreAt(FeatureHistory h, int t) {
        return scoreRun(h, List.of(t)).estimates();
    }

    /**
     * Scores a run at every given budget, fitting each epoch's head once.
     *
     * @param budgets ascending budgets, each an epoch of the history
     */
    public RunScores scoreRun(FeatureHistory h, List<Integer> budgets) {
        long start = System.nanoTime();
        boolean optimise = optimizer.epochs() == 0 || h.hasTrainFeatures();
        String note = optimise ? null : "run " + h.runId() + " has no training-set features (train.train_features = 0): "
                + OPTIMIZED + " and " + ENSEMBLE + " not scored";
        Map<Integer, Fitted> cache = new HashMap<>();
        List<Estimate> out = new ArrayList<>();
        int fits = 0;
        int fitsUncached = 0;
        double fitSeconds = 0;
        for (int b = 0; b < budgets.size(); b++) {
            int t = budgets.get(b);
            if (b > 0 && t <= budgets.get(b - 1)) {
                throw new IllegalArgumentException("budgets must ascend, got " + budgets);
            }
            FeatureHistory visible = h.upTo(t);
            FeatureHistory.Epoch et = visible.epoch(t).orElseThrow(
                    () -> new IllegalArgumentException("run " + h.runId() + " has no epoch " + t));
            long t0 = System.nanoTime();
            double original = et.head().accuracy(et.val());
            out.add(new Estimate(ORIGINAL, t, original, seconds(t0) + et.valReadSeconds()));
            if (!optimise) {
                continue;
            }
            List<Fitted> members = new ArrayList<>();
            for (int k : visible.epochs()) {
                if (k > t - window) {
                    Fitted f = cache.get(k);
                    if (f == null) {
                        f = fit(visible, k);
                        cache.put(k, f);
                        fits++;
                        fitSeconds += f.seconds;
                    }
                    fitsUncached++;
                    members.add(f);
                }
            }
            Fitted last = members.get(members.size() - 1);
            long t1 = System.nanoTime();
            double optimized = accuracy(last.valProbs, et.val().labels(), et.head().classes());
            out.add(new Estimate(OPTIMIZED, t, optimized, seconds(t1) + last.seconds + last.readSeconds));
            long t2 = System.nanoTime();
            double ensemble = ensembleAccuracy(members, et.val().labels(), et.head().classes());
            double cost = seconds(t2);
            for (Fitted f : members) {
                cost += f.seconds + f.readSeconds;
            }
            out.add(new Estimate(ENSEMBLE, t, ensemble, cost));
            // Predictions older than the next budget's window are never needed again: keep memory at K epochs.
            int next = b + 1 < budgets.size() ? budgets.get(b + 1) : Integer.MAX_VALUE;
            cache.keySet().removeIf(k -> k <= next - window);
        }
        return new RunScores(out, fits, fitsUncached, fitSeconds, seconds(start), note);
    }

    /** One epoch's re-optimised head, kept only as its validation predictions, with what it cost. */
    private record Fitted(int epoch, float[] valProbs, double seconds, double readSeconds) {
    }

    private Fitted fit(FeatureHistory visible, int k) {
        long t0 = System.nanoTime();
        FeatureHistory.Epoch e = visible.epoch(k).orElseThrow();
        LinearHead head = optimizer.fit(e.head(), e.train(), RunSampler.mix(RunSampler.mix(seed, visible.runId().hashCode()), k));
        float[] probs = head.probabilities(e.val());
        return new Fitted(k, probs, seconds(t0), e.trainReadSeconds() + e.valReadSeconds());
    }

    private static double accuracy(float[] probs, int[] labels, int k) {
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probs[i * k + c] > probs[i * k + best]) {
                    best = c;
                }
            }
            if (best == labels[i]) {
                ok++;
            }
        }
        return ok / (double) labels.length;
    }

    private static double ensembleAccuracy(List<Fitted> members, int[] labels, int k) {
        double[] sum = new double[labels.length * k];
        for (Fitted f : members) {
            float[] p = f.valProbs;
            for (int i = 0; i < sum.length; i++) {
                sum[i] += p[i];
            }
        }
        int ok = 0;
        for (int i = 0; i < labels.length; i++) {
            if (LinearHead.argmax(sum, i * k, k) == labels[i]) {
                ok++;
            }
        }
        return ok / (double) labels.length;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
