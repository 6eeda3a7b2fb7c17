package org.earlyrank.estimate.combined;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeSet;

import org.apache.spark.sql.Row;
import org.earlyrank.config.FitCombinedOptions;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.estimate.AbstractEstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.report.Truth;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The {@code combined} family, scored by {@code fit-combined}: one estimator, {@value CombinedInputs#NAME},
 * fitted on the sweep's other estimates ({@link CombinedInputs}: every estimator at the budget, the budget-0
 * proxies, architecture features) and cross-fitted over runs ({@link CombinedEstimator#crossFit}), against the
 * truth the report ranks by ({@code report.truth}, {@code report.truth_last_k}; {@link Truth}). A run's score
 * comes from the model of its own fold, which never saw its truth.
 *
 * <p>{@link #fit} needs the sweep read with its {@code estimates} ({@code SweepData.read(sweep,
 * List.of(EstimatesTable.TABLE))}); rows of the combined estimator itself are never inputs. The fitted scorer
 * holds every run's cross-fitted scores: a (run, budget) the fit did not score (fewer than
 * {@value CombinedEstimator#MIN_RUNS} runs with a truth at that budget, or a run outside the sweep) has no
 * score. Cost of a score: its inputs' costs, plus its fold's model selection and fit shared by the runs the
 * fold scores, plus the prediction.
 */
public final class CombinedFamily extends AbstractEstimatorFamily {
    public static final String NAME = "combined";
    public static final CombinedFamily DEFAULT = new CombinedFamily();

    public CombinedFamily() {
        super(NAME, FitCombinedOptions.SECTION);
    }

    @Override
    public List<EstimatorInfo> estimators() {
        return List.of(new EstimatorInfo(CombinedInputs.NAME, NAME, false, List.of(EstimatesTable.NAME),
                "A model of the truth on every other estimator's score at T, the budget-0 proxies and architecture "
                        + "features (White et al. 2021, OMNI), cross-fitted over runs, chosen by nested CV; fit-combined."));
    }

    /** The options of the combined estimator's cross-fit. */
    public static CombinedEstimator.Options options(FitCombinedOptions o) {
        return new CombinedEstimator.Options(o.folds(), o.innerFolds(),
                o.models().stream().map(CombinedModelKind::of).toList(), o.inputCaps(), o.seed());
    }

    /** Cross-fits the combined estimator on the sweep's estimates. */
    @Override
    public Fitted fit(FitInput in) {
        FitCombinedOptions o = in.config().get(FitCombinedOptions.SECTION);
        List<RunRow> runs = new ArrayList<>();
        List<CurveRow> curves = new ArrayList<>();
        List<EstimateRow> estimates = new ArrayList<>();
        for (RunHistory h : in.data().runs()) {
            runs.add(h.run());
            curves.addAll(h.curves());
            for (Row r : h.view().rows(EstimatesTable.NAME)) {
                estimates.add(EstimateRow.fromRow(r));
            }
        }
        Truth truth = Truth.of(runs, curves, in.config().get(ReportOptions.SECTION));
        long t0 = System.nanoTime();
        List<CombinedInputs.Design> designs = CombinedInputs.build(runs, estimates, new TreeSet<>(o.exclude()));
        CombinedEstimator.Result r = CombinedEstimator.crossFit(designs, truth.values(), options(o));
        return new Fitted(r, designs, truth.description(), (System.nanoTime() - t0) / 1e9);
    }

    /** The cross-fitted scores, by run and budget, and what was chosen. Serializable. */
    public static final class Fitted implements Scorer {
        private static final long serialVersionUID = 1L;
        private final Map<String, Map<Integer, CombinedEstimator.Estimate>> byRun = new HashMap<>();
        private final transient CombinedEstimator.Result result;
        private final transient List<CombinedInputs.Design> designs;
        private final String truth;
        private final double fitSeconds;

        Fitted(CombinedEstimator.Result result, List<CombinedInputs.Design> designs, String truth, double fitSeconds) {
            for (CombinedEstimator.Estimate e : result.estimates()) {
                byRun.computeIfAbsent(e.runId(), k -> new HashMap<>()).put(e.budget(), e);
            }
            this.result = result;
            this.designs = List.copyOf(designs);
            this.truth = truth;
            this.fitSeconds = fitSeconds;
        }

        @Override
        public List<String> estimators() {
            return List.of(CombinedInputs.NAME);
        }

        /** The budgets it scores some run at, ascending. */
        public List<Integer> budgets() {
            TreeSet<Integer> b = new TreeSet<>();
            byRun.values().forEach(m -> b.addAll(m.keySet()));
            return List.copyOf(b);
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            if (!CombinedInputs.NAME.equals(estimator)) {
                throw new IllegalArgumentException("the combined family scores only '" + CombinedInputs.NAME + "', not '"
                        + estimator + "'");
            }
            CombinedEstimator.Estimate e = byRun.getOrDefault(run.runId(), Map.of()).get(run.budget());
            return e == null ? OptionalDouble.empty() : OptionalDouble.of(e.score());
        }

        /** Every budget the fit scored the run at, with the estimate's cost. */
        @Override
        public RunScores scoreRun(RunView run, List<Integer> budgets) {
            List<Score> out = new ArrayList<>();
            Map<Integer, CombinedEstimator.Estimate> mine = byRun.getOrDefault(run.runId(), Map.of());
            for (int t : budgets) {
                CombinedEstimator.Estimate e = mine.get(t);
                if (e != null && t <= run.budget()) {
                    out.add(new Score(CombinedInputs.NAME, t, e.score(), e.costSeconds()));
                }
            }
            return RunScores.of(out);
        }

        /** The nested cross-validation's choices (on the driver that fitted it). */
        public CombinedEstimator.Result result() {
            return result;
        }

        /** The inputs per budget (on the driver that fitted it). */
        public List<CombinedInputs.Design> designs() {
            return designs;
        }

        /** What it predicts, e.g. "final test_acc". */
        public String truth() {
            return truth;
        }

        /** Wall time of building the inputs and cross-fitting every budget. */
        public double fitSeconds() {
            return fitSeconds;
        }
    }
}
