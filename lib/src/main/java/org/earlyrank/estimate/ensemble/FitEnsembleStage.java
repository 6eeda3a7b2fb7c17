package org.earlyrank.estimate.ensemble;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.earlyrank.base.Median;
import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.config.Section;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.estimate.ensemble.EnsembleFamily.EnsembleScorer;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.spark.Fanout;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.StageOutput;

/**
 * The {@code fit-ensemble} stage: scores every run that has feature histories with
 * {@link ClassifierEnsembleEstimator} ({@code fh-original}, {@code fh-optimized}, {@code fh-ensemble}) at
 * every {@code fit-ensemble.every}-th epoch, and writes the scores to {@code estimates} (stage
 * {@code fit-ensemble}).
 *
 * <p>One Spark task per run: the task scores the run's view with the {@link EnsembleFamily}'s scorer, which
 * reads the run's {@code features} and {@code heads} part files (the features through the columnar
 * {@code FeatureColumns} path), keeping one run's features in memory, fits each epoch's head once, and the
 * task commits the run's rows (so a killed stage resumes with the runs not yet
 * committed). A run whose features or heads hold NaN or infinite values, or miss an epoch's validation
 * features, from some epoch on is scored at the budgets before it, with a note ({@link FeatureHistory});
 * when that is its first epoch, it is skipped with a note, as is a run without feature rows (a failed
 * run). A sweep without {@code features} or {@code heads} tables (an imported sweep) is skipped as a whole,
 * with a note.
 *
 * <p>{@code cost_seconds} of a row is the wall time to produce that estimate on its own from the stored
 * tables: the read time of the rows it uses (the run's read time spread over epochs and splits in
 * proportion to rows), every head fit and prediction it uses (a fit shared with earlier budgets counted at
 * its original cost), and its own averaging and scoring. The summary in options.json reports what the
 * run-level cache saved: {@code seconds_with_cache} (what the tasks spent reading and computing) against
 * {@code seconds_without_cache} (the sum of the rows' costs), and the median cost of a run against the
 * run's median epoch time ({@code curves.epoch_seconds}).
 *
 * <p>References: Cao, "Efficient model performance estimation via feature histories", CMU-RI-TR-21-09, 2021,
 * Algorithm 1 and Appendix A.1.
 */
public final class FitEnsembleStage extends DeclaredStage implements ScoringStage {
    public static final String NAME = "fit-ensemble";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(FitEnsembleOptions.SECTION);
    /** Tables read besides runs and curves; a sweep without them is skipped. */
    public static final List<TableSchema> FEATURE_TABLES = List.of(FeaturesTable.TABLE, HeadsTable.TABLE);

    /** runs and curves; features and heads are optional (an imported sweep has none: skipped with a note). */
    public FitEnsembleStage() {
        super(NAME, false, TableInput.runsAndCurves(TableInput.optional(FeaturesTable.TABLE),
                TableInput.optional(HeadsTable.TABLE)), OUTPUTS, SECTIONS);
    }

    static final String SCORED = "scored";
    static final String SKIPPED = "skipped";

    /**
     * What one run's task did; also its commit marker (JSON), so a resumed stage can still summarise it.
     *
     * @param readSeconds    reading and grouping the run's features and heads
     * @param computeSeconds every fit, prediction and average of the run (each head fitted once)
     * @param uncachedSeconds the sum of the run's rows' cost_seconds: the cost without the cache
     */
    public record Outcome(String runId, String status, String note, int rows, int budgets, double readSeconds,
                          double computeSeconds, double fitSeconds, double uncachedSeconds, int headFits,
                          int headFitsUncached) implements Serializable {
        /** Seconds the run cost this stage: reading plus computing. */
        public double seconds() {
            return readSeconds + computeSeconds;
        }
    }

    @Override
    public EnsembleFamily family() {
        return EnsembleFamily.DEFAULT;
    }

    @Override
    public Map<String, Object> run(StageContext ctx) {
        return run(ctx, ctx.options(FitEnsembleOptions.SECTION), SweepData.read(ctx.sweep(), FEATURE_TABLES));
    }

    /** Scores every run not yet committed, one Spark task per run; the runner publishes. */
    static Map<String, Object> run(StageContext stage, FitEnsembleOptions opts, SweepData data) {
        long t0 = System.nanoTime();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", data.runs().size());
        for (TableSchema table : FEATURE_TABLES) {
            String t = table.name();
            if (!stage.has(t)) {
                stage.note("sweep has no '" + t + "' table (an imported sweep, or train.val_features off): "
                        + NAME + " skipped");
                summary.put("skipped", "no " + t + " table");
                return summary;
            }
        }
        EnsembleScorer scorer = EnsembleFamily.DEFAULT.fit(new FitInput(data, stage.config(),
                ClassifierEnsembleEstimator.NAMES, stage::note));
        List<RunView> units = units(data, stage);
        StageOutput out = stage.output();
        Set<String> done = out.committed().keySet();
        List<RunView> todo = units.stream().filter(u -> !done.contains(u.runId())).toList();
        String sweepId = data.sweepId();
        Fanout.Work<RunView, Outcome> work = (unit, attempt) -> scoreRun(sweepId, unit, scorer, out);
        stage.fanout(new ArrayList<>(todo), units.size() - todo.size(), work);

        List<Outcome> outcomes = new ArrayList<>(out.committedRecords(Outcome.class));
        outcomes.sort((a, b) -> a.runId().compareTo(b.runId()));
        for (Outcome o : outcomes) {
            if (o.note() != null) {
                stage.note(o.note());
            }
        }
        summary.putAll(summarise(outcomes, data));
        summary.put("scored_now", todo.size());
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    /**
     * One unit per run with feature and head part files: its view up to its last complete epoch. Runs
     * without them are noted (unless they never trained an epoch) and left out.
     */
    static List<RunView> units(SweepData data, StageContext stage) {
        List<RunView> units = new ArrayList<>();
        for (RunHistory h : data.runs()) {
            RunView v = h.view();
            boolean noFeatures = v.files(FeaturesTable.NAME).isEmpty();
            if (noFeatures || v.files(HeadsTable.NAME).isEmpty()) {
                if (h.run().epochsDone() > 0 || h.run().ok()) {
                    stage.note("run " + h.runId() + " (status " + h.run().status() + ") has no "
                            + (noFeatures ? "features" : "heads") + " part file: skipped");
                }
                continue;
            }
            units.add(v.upTo(h.lastBudget()));
        }
        return units;
    }

    /** The task of one run: score every budget (every, 2 every, ...) through the family's scorer, commit. */
    static Outcome scoreRun(String sweepId, RunView unit, EnsembleScorer scorer, StageOutput out) {
        String runId = unit.runId();
        if (out.isCommitted(runId)) {
            return null; // a speculative or retried attempt after the commit: nothing to redo
        }
        RunScores s = scorer.scoreRun(unit, scorer.budgets(unit.budget()));
        List<Row> rows = new ArrayList<>();
        for (Score e : s.scores()) {
            rows.add(new EstimateRow(sweepId, runId, e.estimator(), e.budget(), e.value(), e.costSeconds(), NAME).toRow());
        }
        Outcome outcome;
        if (!s.counters().containsKey(EnsembleFamily.BUDGETS)) {
            outcome = skipped(runId, s.note(), s.counter(EnsembleFamily.READ_SECONDS));
        } else {
            double uncached = s.scores().stream().mapToDouble(Score::costSeconds).sum();
            outcome = new Outcome(runId, SCORED, s.note(), rows.size(), (int) s.counter(EnsembleFamily.BUDGETS),
                    s.counter(EnsembleFamily.READ_SECONDS), s.counter(EnsembleFamily.COMPUTE_SECONDS),
                    s.counter(EnsembleFamily.FIT_SECONDS), uncached, (int) s.counter(EnsembleFamily.HEAD_FITS),
                    (int) s.counter(EnsembleFamily.HEAD_FITS_UNCACHED));
        }
        out.commit(runId, rows.isEmpty() ? Map.of() : Map.of(EstimatesTable.NAME, rows), StageOutput.marker(outcome));
        return outcome;
    }

    private static Outcome skipped(String runId, String note, double readSeconds) {
        return new Outcome(runId, SKIPPED, note, 0, 0, readSeconds, 0, 0, 0, 0, 0);
    }

    /** Counts, costs and the cache's saving over all committed runs. */
    static Map<String, Object> summarise(List<Outcome> outcomes, SweepData data) {
        Map<String, Double> epochSeconds = new HashMap<>();
        for (RunHistory h : data.runs()) {
            double[] s = h.curves().stream().map(CurveRow::epochSeconds).filter(x -> x != null && x > 0)
                    .mapToDouble(Double::doubleValue).toArray();
            if (s.length > 0) {
                epochSeconds.put(h.runId(), Median.of(s));
            }
        }
        List<Outcome> scored = outcomes.stream().filter(o -> o.status().equals(SCORED)).toList();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scored", scored.size());
        m.put("skipped", outcomes.size() - scored.size());
        m.put("estimate_rows", scored.stream().mapToInt(Outcome::rows).sum());
        m.put("head_fits", scored.stream().mapToInt(Outcome::headFits).sum());
        m.put("head_fits_without_cache", scored.stream().mapToInt(Outcome::headFitsUncached).sum());
        double with = scored.stream().mapToDouble(Outcome::seconds).sum();
        double without = scored.stream().mapToDouble(Outcome::uncachedSeconds).sum();
        m.put("seconds_with_cache", with);
        m.put("seconds_without_cache", without);
        m.put("cache_saving_fraction", without > 0 ? 1 - with / without : null);
        m.put("read_seconds", scored.stream().mapToDouble(Outcome::readSeconds).sum());
        m.put("fit_seconds", scored.stream().mapToDouble(Outcome::fitSeconds).sum());
        if (!scored.isEmpty()) {
            m.put("median_run_seconds", Median.of(scored.stream().mapToDouble(Outcome::seconds).toArray()));
            double[] epochs = scored.stream().filter(o -> epochSeconds.containsKey(o.runId()))
                    .mapToDouble(o -> epochSeconds.get(o.runId())).toArray();
            double[] ratio = scored.stream().filter(o -> epochSeconds.containsKey(o.runId()))
                    .mapToDouble(o -> o.seconds() / epochSeconds.get(o.runId())).toArray();
            m.put("median_epoch_seconds", epochs.length > 0 ? Median.of(epochs) : null);
            // The goal: at most 0.5 (the thesis reports about half an epoch of overhead).
            m.put("median_run_seconds_per_epoch_second", ratio.length > 0 ? Median.of(ratio) : null);
        }
        return m;
    }
}
