package org.earlyrank.search;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongFunction;

import org.earlyrank.estimate.svr.FastHyperband;
import org.earlyrank.estimate.svr.FeatureSpec;
import org.earlyrank.estimate.svr.HyperbandSchedule;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * Fast Hyperband's round (Baker et al. 2018, Appendix C, Algorithm 2, {@code run_then_return_validation_loss}):
 * the decisions are {@link FastHyperband}'s, the engine fit-svr's simulation drives; this class is only the
 * search's driver of it. The round's configurations are taken one after another in the order given; once
 * the engine predicts the rung (d configurations of this search trained fully to it), a configuration is
 * checked after every epoch tau &lt; r_i, and stopped when the nu-SVR's predicted accuracy at r_i makes
 * {@code P(y_r <= max_k(L, k) - delta) >= Delta}; its prediction joins the round's list L. Otherwise it trains
 * to r_i and its validation accuracy there joins L (and, for the first d, the rung's training data). The round
 * keeps the n_next configurations with the largest values in L, stopped ones included (Algorithm 1, line 9).
 *
 * <p>No peeking: the engine's models of rung r are fitted on the first d configurations this search repeat
 * trained to r, from their curves up to r; nothing of a configuration it has not trained (nor beyond the epochs
 * it trained) reaches a model. One engine per search repeat: a new {@link SearchState} starts a new one (the
 * models are the search's own, never carried from another repeat).
 *
 * <p>Training resumes (a promoted configuration continues from the epochs it reached, also when it was
 * stopped), so a check at an epoch a configuration already passed costs nothing; the checks still start at
 * tau = 1 as in fit-svr's simulation, so the decisions are the same either way. A stopped configuration's
 * trial is at the epoch it stopped, scored by its prediction (score_source {@value #PREDICTED}); a completed
 * one's at r_i, scored by its validation accuracy. The estimate cost charged to a trial is the fitting time of
 * the models its checks needed first.
 *
 * <p>Not thread-safe; one search repeat at a time.
 */
public final class FastRound implements RoundPolicy {
    /** score_source of a stopped configuration's trial: the nu-SVR refitted on the search's own runs. */
    public static final String PREDICTED = "svr-refit";

    private final FastHyperband.Rule rule;
    private final LongFunction<FastHyperband.ModelFitter> models;
    private final FeatureSpec spec;
    private final Map<String, RunRow> runs;
    private final Map<String, double[]> curves;
    private SearchState current;
    private FastHyperband engine;
    private Map<String, Integer> index;
    private double fitSeconds;
    private int stopped;

    /**
     * @param rule   the stopping rule (fit-svr's hyperband_kappa, _offset, _delta, _d)
     * @param models the models of one repeat, from a seed the repeat draws
     * @param spec   the features of a row at tau ({@link FeatureSpec#row})
     * @param runs   the pool's runs, by id
     * @param curves each run's validation accuracy by epoch 0..T (NaN where absent)
     */
    public FastRound(FastHyperband.Rule rule, LongFunction<FastHyperband.ModelFitter> models, FeatureSpec spec,
                     Map<String, RunRow> runs, Map<String, double[]> curves) {
        this.rule = rule;
        this.models = models;
        this.spec = spec;
        this.runs = Map.copyOf(runs);
        this.curves = Map.copyOf(curves);
    }

    public FastHyperband.Rule rule() {
        return rule;
    }

    /** Configurations stopped early by the rule in the current repeat. */
    public int stopped() {
        return stopped;
    }

    /** Models fitted in the current repeat. */
    public int modelsFitted() {
        return engine == null ? 0 : engine.modelsFitted();
    }

    private void start(SearchState state) {
        current = state;
        FastHyperband.ModelFitter fit = models.apply(state.random().nextLong());
        engine = new FastHyperband(rule, (rung, tau, x, y) -> {
            long t0 = System.nanoTime();
            try {
                return fit.fit(rung, tau, x, y);
            } finally {
                fitSeconds += (System.nanoTime() - t0) / 1e9;
            }
        });
        index = new HashMap<>();
        for (String id : state.order()) {
            index.put(id, index.size());
        }
        stopped = 0;
    }

    @Override
    public List<String> play(SearchState state, Bracket bracket, int rung, List<String> active) {
        if (state != current) {
            start(state);
        }
        Bracket.Rung r = bracket.rungs().get(rung);
        int budget = r.budgetEpoch();
        FastHyperband.RoundState round = engine.round(new HyperbandSchedule.Round(active.size(), budget,
                Math.min(r.promote(), active.size())));
        List<Trial> trials = new ArrayList<>();
        for (String id : active) {
            int c = index.get(id);
            int done = state.trainer().reached().getOrDefault(id, 0);
            double fitBefore = fitSeconds;
            FastHyperband.Decision stop = null;
            int stopAt = 0;
            for (int tau = 1; tau < budget && stop == null && round.canStop(); tau++) {
                FastHyperband.Decision d = round.check(c, tau, row(id, tau));
                if (d.stop()) {
                    stop = d;
                    stopAt = tau;
                }
            }
            double estimate = fitSeconds - fitBefore;
            if (stop != null) {
                int to = Math.max(done, stopAt);
                double train = to > done ? state.trainer().train(List.of(id), to)[0] : 0;
                trials.add(new Trial(bracket.s(), rung, id, to, stop.prediction(), PREDICTED, false, train, estimate));
                stopped++;
            } else {
                double train = budget > done ? state.trainer().train(List.of(id), budget)[0] : 0;
                double y = curves.get(id)[budget];
                round.complete(c, y, tau -> row(id, tau));
                trials.add(new Trial(bracket.s(), rung, id, budget, y, ValAccScorer.NAME, false, train, estimate));
            }
        }
        List<String> promoted = new ArrayList<>();
        for (int c : round.promoted()) {
            promoted.add(state.order().get(c));
        }
        Set<String> kept = new HashSet<>(promoted);
        for (Trial t : trials) {
            state.record(new Trial(t.bracket(), t.rung(), t.runId(), t.budgetEpoch(), t.score(), t.scoreSource(),
                    kept.contains(t.runId()), t.trainSeconds(), t.estimateSeconds()));
        }
        return promoted;
    }

    /** The features of a configuration at tau: its curve up to tau (and its static settings) only. */
    private double[] row(String id, int tau) {
        double[] full = curves.get(id);
        double[] seen = new double[full.length];
        java.util.Arrays.fill(seen, Double.NaN);
        System.arraycopy(full, 0, seen, 0, tau + 1);
        return spec.row(seen, tau, runs.get(id));
    }
}
