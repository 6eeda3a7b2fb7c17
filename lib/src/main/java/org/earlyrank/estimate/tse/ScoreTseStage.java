package org.earlyrank.estimate.tse;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ScoreTseOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

/**
 * The {@code score-tse} stage: scores every run at every budget 1..T with the training-speed estimators
 * and their baselines, and writes {@code estimates} rows ({@code stage = score-tse}), committed per run.
 *
 * <ul>
 *   <li>Inputs: runs and curves (required), steps (optional). A missing, incomplete, wrong-schema or
 *       unreadable table fails with one {@link org.earlyrank.schema.TableException} naming it, before
 *       anything in the sweep folder changes.</li>
 *   <li>An estimator whose {@link PerformanceEstimator#requiredTables()} the sweep lacks (an imported sweep
 *       has no steps) is skipped with a note in the log and options.json.</li>
 *   <li>A run is scored at budget t only when it has a curves row for every epoch 1..t, and at most up to
 *       its planned epochs: a diverged run stops after its last complete epoch; a failed run gets no rows.
 *       A score that is undefined (a missing loss, NaN) gets no row.</li>
 *   <li>The effective-budget rule ({@link EffectiveBudget}) is recorded in options.json under this stage:
 *       {@code overfit_epoch} (T_o), {@code effective_budget_epoch} (round(0.9 T_o)) and
 *       {@code effective_budget} (the runs looked at and each one's overfitting epoch); estimator
 *       {@code tse-eb} applies it. Every estimator is still scored at every budget, for the report.</li>
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
public final class ScoreTseStage {
    public static final String NAME = "score-tse";
    public static final String GROUP = "SCORE-TSE";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ScoreTseOptions.SECTION);

    private ScoreTseStage() {
    }

    /**
     * Runs the stage on a sweep folder: resumes it, does nothing when it already finished with the same
     * options, or redoes it with {@code overwrite}.
     *
     * @param spark unused (the stage computes on the driver); may be null
     */
    public static Map<String, Object> execute(SparkSession spark, SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        ScoreTseOptions opts = cfg.get(ScoreTseOptions.SECTION);
        checkInputs(sweep);
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(NAME, ScoreTseOptions.SECTION.values(opts));
        StageRun stage = StageRun.begin(sweep, NAME, options, OUTPUTS, overwrite, false);
        if (stage.alreadyComplete()) {
            System.err.println("[" + NAME + "] already complete in " + sweep + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        long t0 = System.nanoTime();
        SweepData data = SweepData.read(sweep);
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> summary = run(data, opts, stage, available(sweep));
        summary.put("read_seconds", readSeconds);
        stage.finish(summary);
        return summary;
    }

    /** Fails, before the sweep changes, when a table the stage reads is missing or not in its schema. */
    static void checkInputs(SweepFolder sweep) {
        sweep.requireExists();
        sweep.checkTable(RunsTable.TABLE, "train");
        sweep.checkTable(CurvesTable.TABLE, "train");
        if (sweep.hasTable(StepsTable.NAME)) {
            sweep.checkTable(StepsTable.TABLE, "train");
        }
    }

    /** Optional tables present in the sweep. */
    static Set<String> available(SweepFolder sweep) {
        return sweep.hasTable(StepsTable.NAME) ? Set.of(StepsTable.NAME) : Set.of();
    }

    /**
     * Scores every run not yet committed and commits each; the caller publishes.
     *
     * @param tables the optional tables the sweep has (e.g. steps)
     */
    public static Map<String, Object> run(SweepData data, ScoreTseOptions opts, StageRun stage, Set<String> tables) {
        EffectiveBudget rule = EffectiveBudget.of(data.okRuns(), opts.nS(), opts.overfitPatience(),
                opts.effectiveFraction(), opts.seed());
        stage.put("overfit_epoch", rule.overfitEpoch());
        stage.put("effective_budget_epoch", rule.effectiveEpoch());
        stage.put("effective_budget", rule.details(opts.nS(), opts.overfitPatience(), opts.effectiveFraction(), opts.seed()));
        noteRule(stage, rule, opts);

        List<PerformanceEstimator> estimators = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (PerformanceEstimator e : TseEstimators.create(opts, rule.effectiveEpoch())) {
            List<String> missing = e.requiredTables().stream().filter(t -> !tables.contains(t)).sorted().toList();
            if (missing.isEmpty()) {
                estimators.add(e);
            } else {
                skipped.put(e.name(), String.join(", ", missing));
            }
        }
        if (opts.estimators().contains("tse-eb") && rule.effectiveEpoch() == null) {
            skipped.put("tse-eb", "effective budget (no fully trained run)");
        }
        if (!skipped.isEmpty()) {
            Map<String, List<String>> byWhy = new TreeMap<>();
            skipped.forEach((n, why) -> byWhy.computeIfAbsent(why, k -> new ArrayList<>()).add(n));
            byWhy.forEach((why, names) -> stage.note("skipped " + String.join(", ", names) + ": "
                    + (why.contains("effective budget") ? "no effective budget, since the sweep has no fully trained run"
                    : "the sweep has no " + why + " table (they read minibatch training losses; an imported sweep, "
                    + "runs.source = import, has none)")));
        }

        StageOutput out = stage.output();
        Set<String> done = out.committed().keySet();
        Map<String, Integer> rowsByEstimator = new LinkedHashMap<>();
        estimators.forEach(e -> rowsByEstimator.put(e.name(), 0));
        int scoredNow = 0;
        long t0 = System.nanoTime();
        for (RunHistory h : data.runs()) {
            String unit = unitOf(h.runId());
            if (done.contains(unit)) {
                continue;
            }
            List<EstimateRow> rows = scoreRun(h, estimators);
            List<Row> r = new ArrayList<>(rows.size());
            for (EstimateRow e : rows) {
                r.add(e.toRow());
                rowsByEstimator.merge(e.estimator(), 1, Integer::sum);
            }
            out.commit(unit, Map.of(EstimatesTable.NAME, r), "{\"run_id\":\"" + h.runId().replace("\"", "'")
                    + "\",\"rows\":" + r.size() + "}");
            scoredNow++;
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", data.runs().size());
        summary.put("scored_now", scoredNow);
        summary.put("estimators", estimators.stream().map(PerformanceEstimator::name).toList());
        summary.put("skipped", new ArrayList<>(skipped.keySet()));
        summary.put("rows_now", rowsByEstimator);
        summary.put("overfit_epoch", rule.overfitEpoch());
        summary.put("effective_budget_epoch", rule.effectiveEpoch());
        summary.put("score_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    private static void noteRule(StageRun stage, EffectiveBudget rule, ScoreTseOptions o) {
        if (rule.overfitEpoch() == null) {
            stage.note("effective budget undefined: the sweep has no fully trained (ok) run, so T_o cannot be measured");
            return;
        }
        boolean anyOverfit = rule.overfitEpochs().values().stream().anyMatch(v -> v != null);
        String looked = rule.sampledRuns().size() + " fully trained run" + (rule.sampledRuns().size() == 1 ? "" : "s")
                + (rule.sampledRuns().size() < o.nS() ? " (fewer than n_s = " + o.nS() + ")" : "");
        if (anyOverfit) {
            stage.note("effective budget: T_o = " + rule.overfitEpoch() + " (earliest overfitting epoch among "
                    + looked + ", patience " + o.overfitPatience() + "); TSE is recommended up to epoch "
                    + rule.effectiveEpoch() + " = round(" + o.effectiveFraction() + " x T_o) (estimator tse-eb)");
        } else if (!rule.lossesSeen()) {
            stage.note("effective budget: the curves of the " + looked + " have no training and validation losses "
                    + "(imported curves hold accuracies), so overfitting cannot be seen: T_o = T_end = "
                    + rule.overfitEpoch() + "; TSE would be recommended up to epoch " + rule.effectiveEpoch()
                    + " = round(" + o.effectiveFraction() + " x T_end)");
        } else {
            stage.note("effective budget: none of " + looked + " overfits (validation loss rising "
                    + o.overfitPatience() + " epochs in a row while training loss falls), so T_o = T_end = "
                    + rule.overfitEpoch() + "; TSE is recommended up to epoch " + rule.effectiveEpoch()
                    + " = round(" + o.effectiveFraction() + " x T_end) (estimator tse-eb)");
        }
    }

    /**
     * Every estimator's score of one run at every budget 1..T it can be scored at, with its cost. Reads
     * epochs 1..T only, where T is the run's last complete epoch (at most its planned epochs).
     */
    public static List<EstimateRow> scoreRun(RunHistory h, List<PerformanceEstimator> estimators) {
        int last = EffectiveBudget.completeEpochs(h);
        if (h.run().epochsPlanned() > 0) {
            last = Math.min(last, h.run().epochsPlanned());
        }
        List<EstimateRow> rows = new ArrayList<>();
        if (last < 1) {
            return rows;
        }
        // one EpochLosses per estimator: each reads every minibatch loss it needs once over all budgets,
        // and pays for its own epoch means
        EpochLosses[] losses = new EpochLosses[estimators.size()];
        for (int i = 0; i < losses.length; i++) {
            if (estimators.get(i) instanceof EpochLossEstimator) {
                losses[i] = EpochLosses.of(h, last);
            }
        }
        for (int t = 1; t <= last; t++) {
            RunHistory ht = h.upTo(t);
            for (int i = 0; i < losses.length; i++) {
                PerformanceEstimator e = estimators.get(i);
                EpochLosses view = losses[i] == null ? null : losses[i].upTo(t);
                long t0 = System.nanoTime();
                OptionalDouble s = view != null ? ((EpochLossEstimator) e).score(view, t) : e.score(ht, t);
                long nanos = System.nanoTime() - t0;
                if (s.isPresent()) {
                    rows.add(new EstimateRow(h.run().sweepId(), h.runId(), e.name(), t, s.getAsDouble(),
                            Math.max(0, nanos) / 1e9, NAME));
                }
            }
        }
        return rows;
    }

    /** The commit unit of a run: its id, or a stable UUID of it when the id has characters units may not. */
    static String unitOf(String runId) {
        return runId.matches("[A-Za-z0-9._=-]+") ? runId
                : "run-" + UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8));
    }
}
