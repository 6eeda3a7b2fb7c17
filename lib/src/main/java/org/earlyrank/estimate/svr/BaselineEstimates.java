package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;

/**
 * Baker et al.'s Bayesian baselines as estimators in {@code estimates} (issue 22 item 1): {@code lce} and
 * {@code bnn} predict a run's final validation accuracy at the budgets the model comparison evaluates them
 * at ({@code fit-svr.baseline_fractions}), when {@code fit-svr.models} names them.
 *
 * <ul>
 *   <li>{@code lce} ({@link LceFits}): the mean of the run's learning-curve extrapolation from its own first
 *       tau epochs (Domhan et al. 2015); nothing is learned from other runs. It reuses the stage's cache, so
 *       a (run, tau) the model comparison already fitted costs nothing more; its cost is that fit's time.</li>
 *   <li>{@code bnn} ({@link BnnFits}): cross-fitted like {@code svr}, the usable runs split into
 *       {@code fit-svr.cross_fit_folds} seeded folds; fold f's runs are predicted by a network trained on the
 *       other folds' full curves and fold f's first tau epochs (Baker et al.: partially observed curves are
 *       training data too), so no run is scored by a model that saw its final value. Cost: the fit's time
 *       shared by the fold's runs.</li>
 * </ul>
 * Only the usable runs of the {@link CurveSet} (ok, complete curve, with a truth) are scored. Serializable:
 * it holds the scores, not the models.
 */
public final class BaselineEstimates implements Scorer {
    private static final long serialVersionUID = 1L;
    /** estimator -> run id -> budget -> score. */
    private final Map<String, Map<String, Map<Integer, Score>>> scores;

    private BaselineEstimates(Map<String, Map<String, Map<Integer, Score>>> scores) {
        this.scores = scores;
    }

    /** None: the models name neither baseline. */
    public static BaselineEstimates none() {
        return new BaselineEstimates(new LinkedHashMap<>());
    }

    /**
     * Scores every usable run at every tau of {@code taus} with each baseline in {@code baselines}.
     *
     * @param folds cross-fitting folds of bnn
     */
    public static BaselineEstimates fit(CurveSet data, Map<ModelKind, CurveBaseline> baselines, SortedSet<Integer> taus,
                                        int folds, long seed) {
        Map<String, Map<String, Map<Integer, Score>>> out = new LinkedHashMap<>();
        if (baselines.get(ModelKind.LCE) instanceof LceFits lce) {
            Map<Integer, TreeSet<Integer>> need = new TreeMap<>();
            for (int i = 0; i < data.size(); i++) {
                need.put(i, new TreeSet<>(taus));
            }
            lce.ensure(need);
            Map<String, Map<Integer, Score>> m = new HashMap<>();
            for (int i = 0; i < data.size(); i++) {
                for (int tau : taus) {
                    var p = lce.get(i, tau);
                    if (Double.isFinite(p.mean())) {
                        m.computeIfAbsent(data.runs().get(i).runId(), k -> new HashMap<>())
                                .put(tau, new Score(ModelKind.LCE.modelName(), tau, p.mean(), p.seconds()));
                    }
                }
            }
            out.put(ModelKind.LCE.modelName(), m);
        }
        CurveBaseline bnn = baselines.get(ModelKind.BNN);
        if (bnn != null) {
            int n = data.size();
            int k = Math.max(2, Math.min(folds, n));
            int[] perm = Seeds.permutation(n, Seeds.random(seed, Seeds.CROSS_FIT, Seeds.BNN));
            int[] foldOf = new int[n];
            for (int p = 0; p < n; p++) {
                foldOf[perm[p]] = p % k;
            }
            List<CurveBaseline.Request> requests = new ArrayList<>();
            for (int tau : taus) {
                for (int f = 0; f < k; f++) {
                    List<Integer> train = new ArrayList<>();
                    List<Integer> test = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        (foldOf[i] == f ? test : train).add(i);
                    }
                    requests.add(new CurveBaseline.Request(tau, train.stream().mapToInt(x -> x).toArray(),
                            test.stream().mapToInt(x -> x).toArray(), Seeds.derive(seed, Seeds.CROSS_FIT, Seeds.BNN, f, tau)));
                }
            }
            bnn.prepare(requests);
            Map<String, Map<Integer, Score>> m = new HashMap<>();
            for (CurveBaseline.Request r : requests) {
                CurveBaseline.Predicted p = bnn.predict(r);
                double share = p.fitSeconds() / r.test().length;
                for (int j = 0; j < r.test().length; j++) {
                    if (Double.isFinite(p.predictions()[j])) {
                        m.computeIfAbsent(data.runs().get(r.test()[j]).runId(), x -> new HashMap<>())
                                .put(r.tau(), new Score(ModelKind.BNN.modelName(), r.tau(), p.predictions()[j], share));
                    }
                }
            }
            out.put(ModelKind.BNN.modelName(), m);
        }
        return new BaselineEstimates(out);
    }

    @Override
    public List<String> estimators() {
        return List.copyOf(scores.keySet());
    }

    @Override
    public OptionalDouble score(String estimator, RunView run) {
        Map<String, Map<Integer, Score>> m = scores.get(estimator);
        if (m == null) {
            throw new IllegalArgumentException("estimator '" + estimator + "' is not scored here; it scores " + estimators());
        }
        Score s = m.getOrDefault(run.runId(), Map.of()).get(run.budget());
        return s == null ? OptionalDouble.empty() : OptionalDouble.of(s.value());
    }

    /** The stored scores at the budgets asked for, with their costs. */
    @Override
    public RunScores scoreRun(RunView run, List<Integer> budgets) {
        List<Score> out = new ArrayList<>();
        for (String e : estimators()) {
            Map<Integer, Score> mine = scores.get(e).getOrDefault(run.runId(), Map.of());
            for (int t : budgets) {
                Score s = mine.get(t);
                if (s != null && t <= run.budget()) {
                    out.add(s);
                }
            }
        }
        return Scorer.inOrder(estimators(), out);
    }
}
