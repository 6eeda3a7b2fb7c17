package org.earlyrank.estimate.tse;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.estimate.AbstractEstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.schema.StepsTable;

/**
 * The {@code tse} family: training-speed estimation and its baselines, scored by {@code score-tse}. Nothing
 * is learned from other runs; {@link #fit} reads the options and fixes the effective budget of Algorithm 1
 * once for the sweep ({@link EffectiveBudget}, for {@code tse-e-eb} and {@code tse-ema-eb}).
 *
 * <p>Adding an estimator here is one class (usually an {@link EpochLossEstimator}, which needs only its
 * loss at budget T) and one {@link Entry} in {@link #ESTIMATORS}; the stage, the report, the option checks,
 * train-final and docs/options.md pick it up from the registry. The package documentation has a worked
 * example.
 */
public final class TseFamily extends AbstractEstimatorFamily {
    public static final String NAME = "tse";

    /** Builds an estimator from the family's options and, for the effective-budget ones, T_eff. */
    @FunctionalInterface
    public interface Factory extends Serializable {
        PerformanceEstimator make(ScoreTseOptions options, int effectiveBudget);
    }

    /**
     * One registered estimator.
     *
     * @param accuracy        whether the score predicts the final accuracy (val-acc) rather than being a
     *                        negated loss
     * @param effectiveBudget whether it needs T_eff (a sweep without a fully trained run has none)
     */
    public record Entry(String name, boolean accuracy, boolean effectiveBudget, String doc, Factory factory)
            implements Serializable {
    }

    /** Every estimator of the family, in report order: the paper's three, the baselines, the variants. */
    public static final List<Entry> ESTIMATORS = List.of(
            new Entry("tse", false, false, "-(L_1 + ... + L_T): the sum of the epochs' mean minibatch training losses (Ru et al. 2021, Eq. 1).",
                    (o, eb) -> TseEstimator.paper()),
            new Entry("tse-e", false, false, "-(sum of L_t over the last E epochs), E = score-tse.e (Eq. 2).",
                    (o, eb) -> new TseEEstimator(o.e())),
            new Entry("tse-ema", false, false, "-(sum over t <= T of gamma^(T-t) L_t), gamma = score-tse.gamma (Eq. 3).",
                    (o, eb) -> new TseEmaEstimator(o.gamma())),
            new Entry("val-acc", true, false, "Validation accuracy after epoch T (early stopping at T); on an imported sweep of another metric (runs.metric) its value, negated when lower is better.",
                    (o, eb) -> new ValAccEstimator()),
            new Entry("sovl", false, false, "-(sum of the validation losses after epochs 1..T) (SoVL).",
                    (o, eb) -> new SovlEstimator()),
            new Entry("tl-mini", false, false, "-(loss of the last minibatch of epoch T) (TLmini).",
                    (o, eb) -> new TlMiniEstimator()),
            new Entry("tse-prev", false, false, "-(L_1 + ... + L_(T-1)): the authors' original code's convention; none at T = 1.",
                    (o, eb) -> TseEstimator.previousEpochs()),
            new Entry("tse-ema-naslib", false, false, "NASLib's SoTL-EMA: -(m_1 + ... + m_T), m_t = (1-mu) m_(t-1) + mu L_t, mu = score-tse.naslib_mu.",
                    (o, eb) -> new TseEmaNaslibEstimator(o.naslibMu())),
            new Entry("tse-e-eb", false, true, "TSE-E at min(T, T_eff), T_eff = floor(0.9 T_o) of Algorithm 1.",
                    (o, eb) -> new EffectiveBudgetEstimator("tse-e-eb", new TseEEstimator(o.e()), eb)),
            new Entry("tse-ema-eb", false, true, "TSE-EMA at min(T, T_eff), T_eff = floor(0.9 T_o) of Algorithm 1.",
                    (o, eb) -> new EffectiveBudgetEstimator("tse-ema-eb", new TseEmaEstimator(o.gamma()), eb)));

    /** The family as registered. */
    public static final TseFamily DEFAULT = new TseFamily(ESTIMATORS);

    private final List<Entry> entries;

    public TseFamily(List<Entry> entries) {
        super(NAME, ScoreTseOptions.SECTION);
        this.entries = List.copyOf(entries);
    }

    /** The family with one more estimator (how a test registers a toy one). */
    public TseFamily with(Entry extra) {
        List<Entry> all = new ArrayList<>(entries);
        all.add(extra);
        return new TseFamily(all);
    }

    @Override
    public List<EstimatorInfo> estimators() {
        ScoreTseOptions defaults = ScoreTseOptions.SECTION.defaults();
        List<EstimatorInfo> out = new ArrayList<>();
        for (Entry e : entries) {
            List<String> reads = e.factory().make(defaults, 1).requiredTables().stream().sorted().toList();
            out.add(new EstimatorInfo(e.name(), NAME, e.accuracy(), reads, e.doc()));
        }
        return out;
    }

    /** The names an options record asks for, in report order ({@code all}: every one). */
    public List<String> resolve(List<String> asked) {
        if (asked.equals(List.of(ScoreTseOptions.ALL))) {
            return entries.stream().map(Entry::name).toList();
        }
        return entries.stream().map(Entry::name).filter(asked::contains).toList();
    }

    /**
     * Fixes the effective budget and builds the estimators asked for; those that need a table the sweep
     * lacks (steps, on an imported sweep) or an effective budget it has none of are skipped with the reason.
     */
    @Override
    public TseScorer fit(FitInput in) {
        ScoreTseOptions o = in.config().get(ScoreTseOptions.SECTION);
        EffectiveBudget rule = EffectiveBudget.of(in.data().okRuns(), o.nS(), o.overfitPatience(),
                o.effectiveFraction(), o.seed());
        List<PerformanceEstimator> estimators = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (Entry e : entries) {
            if (!in.estimators().contains(e.name())) {
                continue;
            }
            if (e.effectiveBudget() && rule.effectiveEpoch() == null) {
                skipped.put(e.name(), "no effective budget, since the sweep has no fully trained run");
                continue;
            }
            PerformanceEstimator est = e.factory().make(o, e.effectiveBudget() ? rule.effectiveEpoch() : 1);
            if (est.requiredTables().contains(StepsTable.NAME) && !in.data().hasSteps()) {
                skipped.put(e.name(), "the sweep has no steps table (they read minibatch training losses; an imported "
                        + "sweep, runs.source = import, has none)");
                continue;
            }
            estimators.add(est);
        }
        return new TseScorer(estimators, skipped, rule);
    }

    /**
     * The fitted family: its estimators, and the effective budget they were built with. Scoring a run at
     * many budgets lets each estimator share its work across budgets ({@link EpochLossEstimator#scoreRun}).
     */
    public static final class TseScorer implements Scorer {
        private static final long serialVersionUID = 1L;
        private final List<PerformanceEstimator> estimators;
        private final Map<String, String> skipped;
        private final EffectiveBudget rule;

        TseScorer(List<PerformanceEstimator> estimators, Map<String, String> skipped, EffectiveBudget rule) {
            this.estimators = List.copyOf(estimators);
            this.skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
            this.rule = rule;
        }

        /** The effective-budget rule fixed for the sweep (T_o, T_eff and the runs looked at). */
        public EffectiveBudget effectiveBudget() {
            return rule;
        }

        @Override
        public List<String> estimators() {
            return estimators.stream().map(PerformanceEstimator::name).toList();
        }

        @Override
        public Map<String, String> skipped() {
            return skipped;
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            for (PerformanceEstimator e : estimators) {
                if (e.name().equals(estimator)) {
                    return e.score(run, run.budget());
                }
            }
            throw new IllegalArgumentException("estimator '" + estimator + "' is not scored here; it scores "
                    + estimators());
        }

        /** Each estimator's own bulk path (TSE shares epoch means across budgets), in the Scorer's order. */
        @Override
        public RunScores scoreRun(RunView run, List<Integer> budgets) {
            List<Score> out = new ArrayList<>();
            for (PerformanceEstimator e : estimators) {
                out.addAll(e.scoreRun(run, budgets));
            }
            return Scorer.inOrder(estimators(), out);
        }
    }

    /** For tests: the estimators of the options, as the stage would build them (T_eff given). */
    static List<PerformanceEstimator> create(ScoreTseOptions o, Integer effectiveBudget) {
        List<PerformanceEstimator> out = new ArrayList<>();
        for (Entry e : DEFAULT.entries) {
            if (!DEFAULT.resolve(o.estimators()).contains(e.name()) || (e.effectiveBudget() && effectiveBudget == null)) {
                continue;
            }
            out.add(e.factory().make(o, e.effectiveBudget() ? effectiveBudget : 1));
        }
        return out;
    }

    /** Names of the registered entries, for the option check. */
    Set<String> names() {
        return new java.util.LinkedHashSet<>(entries.stream().map(Entry::name).toList());
    }
}
