package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.estimate.SweepData;

/**
 * Out-of-fold {@code svr} models for every run: the usable runs ({@link CurveSet}) are split into k seeded
 * folds; the models of fold f (one per budget) are trained on up to {@code trainSize} runs drawn, seeded,
 * from the other folds, and score the runs of fold f. So no run is scored by a model that saw its final
 * value, whether the sweep has fewer runs than the training size (the default sweep) or thousands. Runs
 * outside the usable set (not ok, missing epochs) were never trained on; fold 0's models score them at
 * every budget their curve covers.
 *
 * <p>Cost of an estimate: the fitting time of the model that produced it, shared equally by the runs it
 * scores, plus the prediction time.
 */
public final class CrossFit {
    private CrossFit() {
    }

    /** Fits every fold's models; the returned scorer scores each run with its own fold's. */
    public static Fitted fit(SweepData sweep, CurveSet data, List<Integer> taus, ModelKind kind, int trainSize, int folds,
                             long seed, SrmFitter fitter) {
        int n = data.size();
        int k = Math.max(2, Math.min(folds, n));
        int[] perm = Seeds.permutation(n, Seeds.random(seed, Seeds.CROSS_FIT));
        int[] foldOf = new int[n];
        for (int p = 0; p < n; p++) {
            foldOf[perm[p]] = p % k;
        }
        Map<String, Integer> fold = new HashMap<>();
        for (int i = 0; i < n; i++) {
            fold.put(data.runs().get(i).runId(), foldOf[i]);
        }
        // Every (fold, tau) model is one task on the fitter's pool, fitting on its own thread (issue 23).
        List<Integer> budgets = new ArrayList<>(new TreeSet<>(taus));
        boolean perModel = fitter.pool() != null && k * budgets.size() > 1;
        SrmFitter inner = perModel ? fitter.serial() : fitter;
        List<java.util.concurrent.Callable<Object[]>> tasks = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> rest = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                if (foldOf[perm[p]] != f) {
                    rest.add(perm[p]);
                }
            }
            int[] train = rest.stream().limit(trainSize).mapToInt(i -> i).toArray();
            Arrays.sort(train);
            int foldIndex = f;
            for (int tau : budgets) {
                tasks.add(() -> {
                    long t0 = System.nanoTime();
                    Srm m = inner.fit(kind, tau, data.design(tau, train), data.truth(train),
                            Seeds.derive(seed, Seeds.CROSS_FIT, foldIndex, tau), false,
                            ModelComparison.lastSeenIndex(data.spec(), tau)).srm();
                    return new Object[]{m, (System.nanoTime() - t0) / 1e9};
                });
            }
        }
        List<Object[]> fitted = Parallel.all(perModel ? fitter.pool() : null, tasks);
        List<SvrCurveEstimator> models = new ArrayList<>();
        List<Map<Integer, Double>> fitSeconds = new ArrayList<>();
        int next = 0;
        for (int f = 0; f < k; f++) {
            Map<Integer, Srm> byTau = new LinkedHashMap<>();
            Map<Integer, Double> seconds = new HashMap<>();
            for (int tau : budgets) {
                Object[] r = fitted.get(next++);
                byTau.put(tau, (Srm) r[0]);
                seconds.put(tau, (Double) r[1]);
            }
            models.add(new SvrCurveEstimator(data.spec(), byTau, data.scale()));
            fitSeconds.add(seconds);
        }
        // Each model's fit time is shared by the runs it scores: count them (fold 0 also scores the runs
        // outside the usable set).
        // Counted in contiguous chunks of runs on the pool (each run's count is independent).
        List<RunHistory> all = sweep.runs();
        int chunk = Math.max(64, (all.size() + 63) / 64);
        List<java.util.concurrent.Callable<List<Map<Integer, Integer>>>> counts = new ArrayList<>();
        for (int from = 0; from < all.size(); from += chunk) {
            List<RunHistory> part = all.subList(from, Math.min(all.size(), from + chunk));
            counts.add(() -> {
                List<Map<Integer, Integer>> mine = new ArrayList<>();
                for (int f = 0; f < k; f++) {
                    mine.add(new HashMap<>());
                }
                for (RunHistory h : part) {
                    int f = fold.getOrDefault(h.runId(), 0);
                    for (int tau : budgets) {
                        if (models.get(f).score(h.view().upTo(tau), tau).isPresent()) {
                            mine.get(f).merge(tau, 1, Integer::sum);
                        }
                    }
                }
                return mine;
            });
        }
        List<Map<Integer, Integer>> scored = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            scored.add(new HashMap<>());
        }
        for (List<Map<Integer, Integer>> part : Parallel.all(fitter.pool(), counts)) {
            for (int f = 0; f < k; f++) {
                Map<Integer, Integer> total = scored.get(f);
                part.get(f).forEach((tau, c) -> total.merge(tau, c, Integer::sum));
            }
        }
        List<Map<Integer, Double>> share = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            Map<Integer, Double> s = new HashMap<>();
            for (Map.Entry<Integer, Double> e : fitSeconds.get(f).entrySet()) {
                int c = scored.get(f).getOrDefault(e.getKey(), 0);
                s.put(e.getKey(), c == 0 ? 0 : e.getValue() / c);
            }
            share.add(s);
        }
        return new Fitted(fold, models, share);
    }

    /**
     * The fitted models: each run is scored by its own fold's (runs outside the usable set by fold 0's).
     * Serializable.
     */
    public static final class Fitted implements Scorer {
        private static final long serialVersionUID = 1L;
        private final Map<String, Integer> fold;
        private final List<SvrCurveEstimator> models;
        private final List<Map<Integer, Double>> share;

        Fitted(Map<String, Integer> fold, List<SvrCurveEstimator> models, List<Map<Integer, Double>> share) {
            this.fold = Map.copyOf(fold);
            this.models = List.copyOf(models);
            this.share = List.copyOf(share);
        }

        @Override
        public List<String> estimators() {
            return List.of(SvrCurveEstimator.NAME);
        }

        /** The fold whose models score a run. */
        public int foldOf(String runId) {
            return fold.getOrDefault(runId, 0);
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            if (!SvrCurveEstimator.NAME.equals(estimator)) {
                throw new IllegalArgumentException("the svr family scores only '" + SvrCurveEstimator.NAME + "', not '"
                        + estimator + "'");
            }
            return models.get(foldOf(run.runId())).score(run, run.budget());
        }

        /** Every budget, each with its prediction time plus its model's share of the fit time. */
        @Override
        public RunScores scoreRun(RunView run, List<Integer> budgets) {
            int f = foldOf(run.runId());
            List<Score> out = new ArrayList<>();
            for (Score s : Score.timed(SvrCurveEstimator.NAME, budgets, tau -> models.get(f).score(run.upTo(tau), tau))) {
                out.add(s.plusCost(share.get(f).getOrDefault(s.budget(), 0.0)));
            }
            return RunScores.of(out);
        }
    }
}
