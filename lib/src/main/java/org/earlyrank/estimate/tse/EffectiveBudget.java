package org.earlyrank.estimate.tse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.earlyrank.base.Fractions;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunView;
import org.earlyrank.schema.CurvesTable.CurveRow;

/**
 * The effective-budget rule of the paper's Algorithm 1: look at N_s fully trained runs, take T_o, the
 * earliest epoch after which any of them overfits, and use TSE only up to {@code fraction} x T_o
 * (the paper's 0.9), because once training loss keeps falling while validation loss rises, further
 * training losses reward memorisation rather than generalisation.
 *
 * <p>The paper leaves {@code is_overfit} open. EarlyRank's definition, with patience p (option
 * {@code score-tse.overfit_patience}, default 2): a run overfits after epoch t when, for each of the next p
 * epochs, its validation loss is higher than the epoch before and its training loss (curves.train_loss,
 * the epoch's mean minibatch loss) is lower than the epoch before. Its first overfitting epoch is the
 * smallest such t, the last epoch before the validation loss starts to rise (e.g. validation losses
 * 1.0, 0.8, 0.7, 0.75, 0.8 with falling training losses: t = 3). Epochs without both losses (imported
 * curves hold accuracies only) never count as overfitting.
 *
 * <p>Fully trained runs: status ok with a curves row for every epoch 1..epochs_planned. N_s of them are
 * drawn with a seeded shuffle of the run ids (all of them when fewer). A run that never overfits limits
 * T_o to its last epoch, so when none overfits T_o = T_end. The effective budget is T_eff =
 * floor(fraction x T_o), at least 1 ({@link #effective}). It feeds TSE-E and TSE-EMA, as Algorithm 1 says
 * ("the effective training budget T_effective to use TSE-EMA or TSE-E"): estimators {@code tse-e-eb} and
 * {@code tse-ema-eb} ({@link EffectiveBudgetEstimator}).
 *
 * <p>Honesty: the rule reads the N_s runs' whole curves. That is the paper's protocol (N_s runs are
 * trained fully once, up front); it yields one number per sweep, and a run's score at budget t still
 * reads only that run's epochs 1..t.
 *
 * <p>References: Ru, Lyle, Schut, Fil, van der Wilk, Gal, "Speedy performance estimation for neural
 * architecture search", NeurIPS 2021, Algorithm 1.
 *
 * @param sampledRuns     the run ids of the N_s runs looked at, sorted
 * @param overfitEpochs   each sampled run's first overfitting epoch, null when it never overfits
 * @param endEpoch        T_end: the last epoch of the sampled runs (the shortest, should budgets differ)
 * @param overfitEpoch    T_o, null when there is no fully trained run
 * @param effectiveEpoch  T_eff = floor(fraction x T_o) (at least 1), null when T_o is null
 * @param lossesSeen      whether any sampled run has two consecutive epochs with both losses, i.e. whether
 *                        overfitting could be seen at all (imported accuracy-only curves: false)
 */
public record EffectiveBudget(List<String> sampledRuns, Map<String, Integer> overfitEpochs, Integer endEpoch,
                              Integer overfitEpoch, Integer effectiveEpoch, boolean lossesSeen)
        implements java.io.Serializable {

    /** Applies the rule to the given runs (usually the sweep's ok runs). */
    public static EffectiveBudget of(List<RunHistory> runs, int nS, int patience, double fraction, long seed) {
        List<RunHistory> full = new ArrayList<>();
        for (RunHistory h : runs) {
            if (h.run().ok() && h.run().epochsPlanned() >= 1 && h.completeEpochs() >= h.run().epochsPlanned()) {
                full.add(h);
            }
        }
        full.sort(Comparator.comparing(RunHistory::runId));
        Collections.shuffle(full, new Random(seed));
        List<RunHistory> chosen = new ArrayList<>(full.subList(0, Math.min(nS, full.size())));
        chosen.sort(Comparator.comparing(RunHistory::runId));
        if (chosen.isEmpty()) {
            return new EffectiveBudget(List.of(), Map.of(), null, null, null, false);
        }
        Map<String, Integer> perRun = new LinkedHashMap<>();
        int end = Integer.MAX_VALUE;
        int to = Integer.MAX_VALUE;
        boolean seen = false;
        for (RunHistory h : chosen) {
            seen |= hasLossPairs(h);
            int last = h.run().epochsPlanned();
            Integer o = firstOverfitEpoch(h.view().upTo(last), patience);
            perRun.put(h.runId(), o);
            end = Math.min(end, last);
            to = Math.min(to, o == null ? last : o);
        }
        return new EffectiveBudget(chosen.stream().map(RunHistory::runId).toList(),
                Collections.unmodifiableMap(perRun), end, to, effective(to, fraction), seen);
    }

    private static boolean hasLossPairs(RunHistory h) {
        CurveRow prev = null;
        for (CurveRow c : h.curves()) {
            if (prev != null && c.epoch() == prev.epoch() + 1 && c.epoch() >= 2 && prev.valLoss() != null
                    && prev.trainLoss() != null && c.valLoss() != null && c.trainLoss() != null) {
                return true;
            }
            prev = c;
        }
        return false;
    }

    /**
     * T_eff = floor(fraction x T_o), at least 1: Algorithm 1's "0.9 T_o", an epoch count, taken as the
     * whole epochs within it (T_o = 5 gives 4, where rounding would give 5 = T_o and cut nothing). The one
     * budget that is not rounded half up (DESIGN.md); the product is decimal, so 0.9 x 10 is 9, not 8.
     */
    public static int effective(int tO, double fraction) {
        return Math.max(1, Fractions.floor(fraction, tO));
    }

    /**
     * The run's first overfitting epoch under the rule above, or null when it never overfits within its
     * visible epochs.
     */
    public static Integer firstOverfitEpoch(RunView run, int patience) {
        if (patience < 1) {
            throw new IllegalArgumentException("patience must be >= 1, got " + patience);
        }
        List<CurveRow> rows = new ArrayList<>();
        for (CurveRow c : run.curves()) {
            if (c.epoch() >= 1) {
                rows.add(c);
            }
        }
        // streak = consecutive epochs, ending at row i, whose losses moved the overfitting way
        int streak = 0;
        for (int i = 1; i < rows.size(); i++) {
            CurveRow prev = rows.get(i - 1);
            CurveRow cur = rows.get(i);
            boolean step = cur.epoch() == prev.epoch() + 1 && rises(prev.valLoss(), cur.valLoss())
                    && rises(cur.trainLoss(), prev.trainLoss());
            streak = step ? streak + 1 : 0;
            if (streak == patience) {
                return rows.get(i - patience).epoch();
            }
        }
        return null;
    }

    private static boolean rises(Double from, Double to) {
        return from != null && to != null && Double.isFinite(from) && Double.isFinite(to) && to > from;
    }

    /** What options.json records under the score-tse stage besides the two headline keys. */
    public Map<String, Object> details(int nS, int patience, double fraction, long seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_s", nS);
        m.put("overfit_patience", patience);
        m.put("fraction", fraction);
        m.put("seed", seed);
        m.put("runs", overfitEpochs);
        m.put("end_epoch", endEpoch);
        m.put("overfit_epoch", overfitEpoch);
        m.put("effective_budget_epoch", effectiveEpoch);
        return m;
    }
}
