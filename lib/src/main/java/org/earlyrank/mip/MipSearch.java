package org.earlyrank.mip;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.earlyrank.mip.TrialEvaluator.TrialScore;
import org.earlyrank.space.RunSampler;

/**
 * Minimum importance pruning (Algorithm 1): until every parameter of Omega is fixed, sample T settings
 * from the cost-aware distribution (Eq. 2), score them (r_s against full training), add them to D, fit a
 * random forest on D, and fix the least important free parameter (Eq. 7-9). The setting left when all are
 * fixed is scored last ({@code kind = final}).
 *
 * <p>Rules where the paper leaves a choice (each recorded in the decision's {@code reason}):
 * <ul>
 *   <li>Eq. 8-9: importance is a share of the whole forest's decrease in impurity ({@link ImportanceForest});
 *       a parameter with importance below the threshold takes its cheapest value (lowest modelled cost;
 *       ties broken by the lower mean measured cost of D's trials with that value, then by the configured
 *       order); otherwise the value it has in the trial of D with the best r_s (ties: the cheaper trial,
 *       then the earlier). When no tree splits (r_s constant over D), every importance is 0 and the
 *       parameter takes its cheapest value: nothing in D says it matters.</li>
 *   <li>Ties for least important go to the earlier parameter in Omega's order.</li>
 *   <li>The objective of a trial is {@code r_s - lambda x mean_cost / full_cost}: the paper prints
 *       "+ lambda" before the cost term of Eq. 1, but its text asks for the cheapest setting that still
 *       ranks well, so cost is penalised. It is null when no pair of the setting produced a cost.</li>
 *   <li>Each iteration draws from its own generator, seeded from (seed, iteration), so a re-run after a
 *       crash draws the same settings (and reuses their trained pairs).</li>
 * </ul>
 *
 * <p>Runs on the calling thread; deterministic for a deterministic evaluator.
 *
 * <p>References: X. Zheng, R. Ji, L. Tang, Y. Wang, X. Chao, B. Zhang, "Rethinking performance
 * estimation in neural architecture search", CVPR 2020, Section 4, Eq. 1-9, Algorithm 1.
 */
public final class MipSearch {
    public static final String SAMPLED = "sampled";
    public static final String FINAL = "final";
    public static final String REFERENCE = "reference";
    public static final String RULE_CHEAPEST = "cheapest";
    public static final String RULE_BEST = "best_spearman";

    /**
     * @param trialsPerIteration  T
     * @param importanceThreshold Eq. 9 threshold (the paper: 0.1)
     * @param costLambda          lambda of the objective
     * @param fullCostSeconds     mean seconds per architecture of full training (the objective's cost unit)
     * @param forestTrees         trees per forest
     * @param seed                seed of the sampler and the forests
     */
    public record Options(int trialsPerIteration, double importanceThreshold, double costLambda,
                          double fullCostSeconds, int forestTrees, long seed) {
    }

    /** One scored setting: a row of mip_trials. */
    public record Trial(int iteration, int trial, String kind, BudgetSetting setting, TrialScore score,
                        Double objective) {
    }

    /** A free parameter's importance in one iteration: a row of mip_importance. */
    public record Importance(int iteration, BudgetParameter parameter, double importance, double raw, int trials,
                             int rank) {
    }

    /** The parameter fixed in one iteration: a row of mip_decisions. */
    public record Decision(int iteration, BudgetParameter parameter, double value, String rule, double importance,
                           String reason) {
    }

    /**
     * What the search found.
     *
     * @param finalSetting the setting with every parameter fixed
     * @param best         the scored trial (sampled or final) with the highest objective
     */
    public record Result(List<Trial> trials, List<Importance> importances, List<Decision> decisions,
                         BudgetSetting finalSetting, Trial best) {
    }

    /** Called after each iteration's decision (progress; tests simulate a crash here). */
    @FunctionalInterface
    public interface Listener {
        void afterIteration(int iteration, Decision decision, List<Importance> importances);
    }

    private final CostAwareSampler sampler;
    private final TrialEvaluator evaluator;
    private final Options opts;

    public MipSearch(CostAwareSampler sampler, TrialEvaluator evaluator, Options opts) {
        this.sampler = sampler;
        this.evaluator = evaluator;
        this.opts = opts;
    }

    public Result run(Listener listener) {
        BudgetSpace space = sampler.space();
        List<BudgetParameter> params = space.parameters();
        Map<BudgetParameter, Double> fixed = new EnumMap<>(BudgetParameter.class);
        List<Trial> d = new ArrayList<>();
        List<Importance> importances = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        int iteration = 0;
        while (fixed.size() < params.size()) {
            iteration++;
            Random rnd = new Random(RunSampler.mix(opts.seed(), iteration));
            List<BudgetSetting> settings = new ArrayList<>();
            for (int t = 0; t < opts.trialsPerIteration(); t++) {
                settings.add(sampler.sample(rnd, fixed));
            }
            List<TrialScore> scores = score(iteration, settings);
            for (int t = 0; t < settings.size(); t++) {
                d.add(trial(iteration, t + 1, SAMPLED, settings.get(t), scores.get(t)));
            }

            double[] rs = d.stream().mapToDouble(x -> x.score().spearman()).toArray();
            double[] raw = ImportanceForest.meanDecreaseInImpurity(params, d.stream().map(Trial::setting).toList(), rs,
                    opts.forestTrees(), RunSampler.mix(opts.seed(), -iteration));
            boolean[] free = new boolean[params.size()];
            for (int j = 0; j < free.length; j++) {
                free[j] = !fixed.containsKey(params.get(j));
            }
            double[] imp = ImportanceForest.normalise(raw, free);
            List<Importance> now = new ArrayList<>();
            for (int j = 0; j < params.size(); j++) {
                if (free[j]) {
                    int rank = 1;
                    for (int k = 0; k < params.size(); k++) {
                        if (free[k] && (imp[k] > imp[j] || (imp[k] == imp[j] && k < j))) {
                            rank++;
                        }
                    }
                    now.add(new Importance(iteration, params.get(j), imp[j], raw[j], d.size(), rank));
                }
            }
            importances.addAll(now);

            int least = -1;
            for (int j = 0; j < params.size(); j++) {
                if (free[j] && (least < 0 || imp[j] < imp[least])) {
                    least = j;
                }
            }
            BudgetParameter p = params.get(least);
            boolean noSplit = allZero(raw);
            Decision decision = imp[least] < opts.importanceThreshold()
                    ? cheapest(iteration, p, imp[least], d, noSplit)
                    : bestValue(iteration, p, imp[least], d, noSplit);
            fixed.put(p, decision.value());
            decisions.add(decision);
            if (listener != null) {
                listener.afterIteration(iteration, decision, now);
            }
        }
        BudgetSetting finalSetting = new BudgetSetting(fixed);
        int last = iteration + 1;
        Trial fin = trial(last, 1, FINAL, finalSetting, score(last, List.of(finalSetting)).get(0));
        List<Trial> all = new ArrayList<>(d);
        all.add(fin);
        return new Result(all, importances, decisions, finalSetting, best(all));
    }

    private List<TrialScore> score(int iteration, List<BudgetSetting> settings) {
        List<TrialScore> s = evaluator.evaluate(iteration, settings);
        if (s.size() != settings.size()) {
            throw new IllegalStateException("evaluator returned " + s.size() + " scores for " + settings.size() + " settings");
        }
        return s;
    }

    private Trial trial(int iteration, int t, String kind, BudgetSetting b, TrialScore s) {
        Double objective = s.meanCostSeconds() == null ? null
                : s.spearman() - opts.costLambda() * s.meanCostSeconds() / opts.fullCostSeconds();
        return new Trial(iteration, t, kind, b, s, objective);
    }

    /** The trial with the highest objective (ties: lower cost, then earlier); null if none has one. */
    static Trial best(List<Trial> trials) {
        Trial best = null;
        for (Trial t : trials) {
            if (t.objective() == null) {
                continue;
            }
            if (best == null || t.objective() > best.objective()
                    || (t.objective().equals(best.objective())
                    && t.score().meanCostSeconds() < best.score().meanCostSeconds())) {
                best = t;
            }
        }
        return best;
    }

    private Decision cheapest(int iteration, BudgetParameter p, double importance, List<Trial> d, boolean noSplit) {
        List<Double> values = sampler.space().values(p);
        double[] c = sampler.normalisedCosts(p);
        int best = 0;
        for (int i = 1; i < values.size(); i++) {
            if (c[i] < c[best] - 1e-12) {
                best = i;
            } else if (Math.abs(c[i] - c[best]) <= 1e-12
                    && measuredCost(p, values.get(i), d) < measuredCost(p, values.get(best), d)) {
                best = i;
            }
        }
        String reason = String.format("importance %.4f < %.2f%s: cheapest value (modelled cost %.4f x the cheapest setting's)",
                importance, opts.importanceThreshold(), noSplit ? " (no split in D: the forest explains nothing)" : "", c[best]);
        return new Decision(iteration, p, values.get(best), RULE_CHEAPEST, importance, reason);
    }

    private Decision bestValue(int iteration, BudgetParameter p, double importance, List<Trial> d, boolean noSplit) {
        Trial best = null;
        for (Trial t : d) {
            if (best == null || t.score().spearman() > best.score().spearman()
                    || (t.score().spearman() == best.score().spearman()
                    && cost(t) < cost(best))) {
                best = t;
            }
        }
        double v = best.setting().get(p);
        String reason = String.format("importance %.4f >= %.2f%s: value of the best trial in D (iteration %d, trial %d, "
                        + "r_s %.4f)", importance, opts.importanceThreshold(), noSplit ? " (no split in D: the forest explains nothing)" : "",
                best.iteration(), best.trial(), best.score().spearman());
        return new Decision(iteration, p, v, RULE_BEST, importance, reason);
    }

    private static double cost(Trial t) {
        return t.score().meanCostSeconds() == null ? Double.POSITIVE_INFINITY : t.score().meanCostSeconds();
    }

    /** Mean measured cost of D's trials where p = v; +inf when none. */
    private static double measuredCost(BudgetParameter p, double v, List<Trial> d) {
        double sum = 0;
        int n = 0;
        for (Trial t : d) {
            if (t.setting().get(p) == v && t.score().meanCostSeconds() != null) {
                sum += t.score().meanCostSeconds();
                n++;
            }
        }
        return n == 0 ? Double.POSITIVE_INFINITY : sum / n;
    }

    private static boolean allZero(double[] raw) {
        for (double r : raw) {
            if (r > 0) {
                return false;
            }
        }
        return true;
    }
}
