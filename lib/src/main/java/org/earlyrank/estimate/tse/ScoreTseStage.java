package org.earlyrank.estimate.tse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.Scorer;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.estimate.tse.TseFamily.TseScorer;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.CommitBatcher;
import org.earlyrank.store.StageOutput;

/**
 * The {@code score-tse} stage: fits the {@link TseFamily} on the sweep and scores every run at every budget
 * 1..T with it, writing {@code estimates} rows ({@code stage = score-tse}), committed in batches of runs
 * ({@link CommitBatcher}: a commit at least every second, so a kill loses about a second of scoring).
 *
 * <ul>
 *   <li>Inputs: runs and curves (required), steps (optional); checked by the runner before anything in the
 *       sweep folder changes.</li>
 *   <li>Estimators: {@code score-tse.estimators}, names of the family or {@code all}; options.json records
 *       the resolved names. An estimator that reads a table the sweep lacks (an imported sweep has no steps)
 *       or needs an effective budget the sweep has none of is skipped with a note in the log and
 *       options.json.</li>
 *   <li>A run is scored at budget t only when it has a curves row for every epoch 1..t, and at most up to
 *       its planned epochs: a diverged run stops after its last complete epoch; a failed run gets no rows.
 *       A score that is undefined (a missing loss, NaN) gets no row.</li>
 *   <li>The effective-budget rule ({@link EffectiveBudget}) is recorded in options.json under this stage:
 *       {@code overfit_epoch} (T_o), {@code effective_budget_epoch} (T_eff = floor(0.9 T_o)) and
 *       {@code effective_budget} (the runs looked at and each one's overfitting epoch); estimators
 *       {@code tse-e-eb} and {@code tse-ema-eb} apply it. Every estimator is still scored at every budget,
 *       for the report.</li>
 *   <li>{@code cost_seconds}: the measured wall time of computing that score from the run's rows, already
 *       read into memory (reading the tables is shared by all estimators and reported once as
 *       {@code read_seconds} in the summary). Budgets are scored in order and each estimator keeps the
 *       epoch means it computed for the run ({@link EpochLosses}), as it would while the run trains: the
 *       score at budget t pays for epoch t's mean and the sum over t epochs, not for recomputing epochs
 *       before t. A run's costs therefore add up to the work actually done.</li>
 * </ul>
 *
 * <p>options.json records the {@code score-tse} section only (not the sweep's name and master seed), so
 * scoring a sweep with another config file whose score-tse keys are the same finds the stage complete
 * instead of refusing it.
 *
 * <p>Runs on the driver: the work is linear in the steps rows (each estimator sums each minibatch loss
 * once) plus O(T^2) additions of epoch means and curve-row reads per run (T = the run's epochs), well
 * under a millisecond for a run of 200 epochs. The Spark session is not used.
 */
public final class ScoreTseStage extends DeclaredStage implements ScoringStage {
    public static final String NAME = "score-tse";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ScoreTseOptions.SECTION);

    private final TseFamily family;

    public ScoreTseStage() {
        this(TseFamily.DEFAULT);
    }

    /** @param family the family it scores (a test registers a toy estimator this way) */
    public ScoreTseStage(TseFamily family) {
        super(NAME, false, TableInput.runsAndCurves(TableInput.optional(StepsTable.TABLE)), OUTPUTS, SECTIONS);
        this.family = family;
    }

    @Override
    public TseFamily family() {
        return family;
    }

    /** Every name in score-tse.estimators is one of the family's. */
    @Override
    public void checkOptions(SweepConfig cfg) {
        EstimatorRegistry.check("score-tse.estimators", cfg.get(ScoreTseOptions.SECTION).estimators(),
                ScoreTseOptions.ALL, family.names());
    }

    /**
     * The score-tse section only, with the estimators resolved to names: scoring depends neither on the
     * sweep's name or master seed nor on how the names were asked for.
     */
    @Override
    public Map<String, Object> options(SweepConfig cfg) {
        ScoreTseOptions o = cfg.get(ScoreTseOptions.SECTION);
        Map<String, Object> section = new LinkedHashMap<>(ScoreTseOptions.SECTION.values(o));
        section.put("estimators", family.resolve(o.estimators()));
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(NAME, section);
        return options;
    }

    @Override
    public Map<String, Object> run(StageContext stage) {
        ScoreTseOptions opts = stage.options(ScoreTseOptions.SECTION);
        long t0 = System.nanoTime();
        SweepData data = SweepData.read(stage.sweep());
        double readSeconds = (System.nanoTime() - t0) / 1e9;

        TseScorer scorer = family.fit(new FitInput(data, stage.config(), family.resolve(opts.estimators()), stage::note));
        EffectiveBudget rule = scorer.effectiveBudget();
        stage.put("overfit_epoch", rule.overfitEpoch());
        stage.put("effective_budget_epoch", rule.effectiveEpoch());
        stage.put("effective_budget", rule.details(opts.nS(), opts.overfitPatience(), opts.effectiveFraction(), opts.seed()));
        noteRule(stage, rule, opts);
        Map<String, List<String>> byWhy = new TreeMap<>();
        scorer.skipped().forEach((n, why) -> byWhy.computeIfAbsent(why, k -> new ArrayList<>()).add(n));
        byWhy.forEach((why, names) -> stage.note("skipped " + String.join(", ", names) + ": " + why));

        StageOutput out = stage.output();
        Set<String> done = CommitBatcher.committedRuns(out);
        CommitBatcher batch = new CommitBatcher(out);
        Map<String, Integer> rowsByEstimator = new LinkedHashMap<>();
        scorer.estimators().forEach(e -> rowsByEstimator.put(e, 0));
        int scoredNow = 0;
        long t1 = System.nanoTime();
        for (RunHistory h : data.runs()) {
            if (done.contains(h.runId())) {
                continue;
            }
            List<Row> r = new ArrayList<>();
            for (EstimateRow e : scoreRun(h, scorer)) {
                r.add(e.toRow());
                rowsByEstimator.merge(e.estimator(), 1, Integer::sum);
            }
            batch.add(h.runId(), Map.of(EstimatesTable.NAME, r));
            scoredNow++;
        }
        batch.flush();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", data.runs().size());
        summary.put("scored_now", scoredNow);
        summary.put("estimators", scorer.estimators());
        summary.put("skipped", new ArrayList<>(scorer.skipped().keySet()));
        summary.put("rows_now", rowsByEstimator);
        summary.put("overfit_epoch", rule.overfitEpoch());
        summary.put("effective_budget_epoch", rule.effectiveEpoch());
        summary.put("score_seconds", (System.nanoTime() - t1) / 1e9);
        summary.put("commits_now", batch.commits());
        summary.put("read_seconds", readSeconds);
        return summary;
    }

    private static void noteRule(StageContext stage, EffectiveBudget rule, ScoreTseOptions o) {
        if (rule.overfitEpoch() == null) {
            stage.note("effective budget undefined: the sweep has no fully trained (ok) run, so T_o cannot be measured");
            return;
        }
        boolean anyOverfit = rule.overfitEpochs().values().stream().anyMatch(v -> v != null);
        String looked = rule.sampledRuns().size() + " fully trained run" + (rule.sampledRuns().size() == 1 ? "" : "s")
                + (rule.sampledRuns().size() < o.nS() ? " (fewer than n_s = " + o.nS() + ")" : "");
        String teff = "T_eff = floor(" + o.effectiveFraction() + " x ";
        if (anyOverfit) {
            stage.note("effective budget: T_o = " + rule.overfitEpoch() + " (earliest overfitting epoch among "
                    + looked + ", patience " + o.overfitPatience() + "); TSE-E and TSE-EMA are recommended up to epoch "
                    + rule.effectiveEpoch() + " = " + teff + "T_o) (estimators tse-e-eb, tse-ema-eb)");
        } else if (!rule.lossesSeen()) {
            stage.note("effective budget: the curves of the " + looked + " have no training and validation losses "
                    + "(imported curves hold accuracies), so overfitting cannot be seen: T_o = T_end = "
                    + rule.overfitEpoch() + "; TSE would be recommended up to epoch " + rule.effectiveEpoch()
                    + " = " + teff + "T_end)");
        } else {
            stage.note("effective budget: none of " + looked + " overfits (validation loss rising "
                    + o.overfitPatience() + " epochs in a row while training loss falls), so T_o = T_end = "
                    + rule.overfitEpoch() + "; TSE-E and TSE-EMA are recommended up to epoch " + rule.effectiveEpoch()
                    + " = " + teff + "T_end) (estimators tse-e-eb, tse-ema-eb)");
        }
    }

    /**
     * Every estimator's score of one run at every budget 1..T it can be scored at, with its cost. The scorer
     * sees the run's view up to T, where T is its last complete epoch (at most its planned epochs).
     */
    public static List<EstimateRow> scoreRun(RunHistory h, Scorer scorer) {
        int last = h.lastBudget();
        List<EstimateRow> rows = new ArrayList<>();
        if (last < 1) {
            return rows;
        }
        List<Integer> budgets = IntStream.rangeClosed(1, last).boxed().toList();
        for (Score s : scorer.scoreRun(h.view().upTo(last), budgets).scores()) {
            rows.add(new EstimateRow(h.run().sweepId(), h.runId(), s.estimator(), s.budget(), s.value(), s.costSeconds(),
                    NAME));
        }
        return rows;
    }
}
