package org.earlyrank.estimate.ensemble;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator.Estimate;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator.RunScores;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.spark.Fanout;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code fit-ensemble} stage: scores every run that has feature histories with
 * {@link ClassifierEnsembleEstimator} ({@code fh-original}, {@code fh-optimized}, {@code fh-ensemble}) at
 * every {@code fit-ensemble.every}-th epoch, and writes the scores to {@code estimates} (stage
 * {@code fit-ensemble}).
 *
 * <p>One Spark task per run: the task reads its run's {@code features} and {@code heads} part files (the
 * features through the columnar {@link FeatureColumns} path), keeping one run's features in memory, fits
 * each epoch's head once, and commits the run's rows (so a killed stage resumes with the runs not yet
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
public final class FitEnsembleStage {
    public static final String NAME = "fit-ensemble";
    public static final String GROUP = "FIT-ENSEMBLE";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(FitEnsembleOptions.SECTION);
    /** Tables read besides runs and curves; a sweep without them is skipped. */
    public static final Set<String> REQUIRED_TABLES = Set.of(FeaturesTable.NAME, HeadsTable.NAME);

    static final String SCORED = "scored";
    static final String SKIPPED = "skipped";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FitEnsembleStage() {
    }

    /** One run's work: its id and the part files that hold its rows. */
    public record RunUnit(String runId, List<String> featureFiles, List<String> headFiles) implements Serializable {
    }

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

    /**
     * Runs the stage on a sweep folder: resumes it, or does nothing when it already finished with the
     * same options, or redoes it with {@code overwrite}.
     *
     * @throws org.earlyrank.schema.TableException when the sweep, its runs or curves are missing or corrupt
     */
    public static Map<String, Object> execute(SparkSession spark, SweepConfig cfg, SweepFolder sweep, boolean overwrite) {
        SweepData data = SweepData.read(sweep);
        StageRun stage = StageRun.begin(sweep, NAME, cfg.values(SECTIONS), OUTPUTS, overwrite, false);
        if (stage.alreadyComplete()) {
            System.err.println("[" + NAME + "] already complete in " + sweep + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        Map<String, Object> summary = run(spark, cfg.get(FitEnsembleOptions.SECTION), data, stage);
        stage.finish(summary);
        return summary;
    }

    /** Scores every run not yet committed; the caller publishes. */
    public static Map<String, Object> run(SparkSession spark, FitEnsembleOptions opts, SweepData data, StageRun stage) {
        long t0 = System.nanoTime();
        SweepFolder sweep = stage.sweep();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", data.runs().size());
        for (String t : REQUIRED_TABLES) {
            if (!sweep.hasTable(t)) {
                stage.note("sweep has no '" + t + "' table (an imported sweep, or train.val_features off): "
                        + NAME + " skipped");
                summary.put("skipped", "no " + t + " table");
                return summary;
            }
        }
        List<RunUnit> units = units(sweep, data, stage);
        StageOutput out = stage.output();
        Set<String> done = out.committed().keySet();
        List<RunUnit> todo = units.stream().filter(u -> !done.contains(u.runId())).toList();
        String sweepId = data.sweepId();
        Fanout.Work<RunUnit, Outcome> work = (unit, attempt) -> scoreRun(sweepId, unit, opts, out);
        Fanout.run(spark, GROUP, NAME, new ArrayList<>(todo), units.size() - todo.size(), work);

        List<Outcome> outcomes = new ArrayList<>();
        for (String marker : out.committed().values()) {
            outcomes.add(parse(marker));
        }
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

    /** One unit per run with feature rows; runs without any are noted and left out. */
    static List<RunUnit> units(SweepFolder sweep, SweepData data, StageRun stage) {
        List<Path> features = sweep.checkTable(FeaturesTable.TABLE, "train");
        List<Path> heads = sweep.checkTable(HeadsTable.TABLE, "train");
        List<RunUnit> units = new ArrayList<>();
        for (RunHistory h : data.runs()) {
            // Part files are named part-<stage>-<run_id>.parquet; the readers still keep only this run's rows,
            // so a run id that ends another (r1, xr1) costs a wasted read, never a wrong row.
            List<String> f = filesOf(features, h.runId());
            List<String> hd = filesOf(heads, h.runId());
            if (f.isEmpty() || hd.isEmpty()) {
                if (h.run().epochsDone() > 0 || h.run().ok()) {
                    stage.note("run " + h.runId() + " (status " + h.run().status() + ") has no "
                            + (f.isEmpty() ? "features" : "heads") + " part file: skipped");
                }
                continue;
            }
            units.add(new RunUnit(h.runId(), f, hd));
        }
        return units;
    }

    private static List<String> filesOf(List<Path> parts, String runId) {
        List<String> out = new ArrayList<>();
        for (Path p : parts) {
            if (p.getName().endsWith("-" + runId + ".parquet")) {
                out.add(p.toString());
            }
        }
        return out;
    }

    /** The task of one run: read, score every budget, commit. */
    static Outcome scoreRun(String sweepId, RunUnit unit, FitEnsembleOptions opts, StageOutput out) {
        String runId = unit.runId();
        if (out.isCommitted(runId)) {
            return null; // a speculative or retried attempt after the commit: nothing to redo
        }
        long t0 = System.nanoTime();
        Outcome outcome;
        List<Row> rows = new ArrayList<>();
        try {
            FeatureHistory history = FeatureHistory.read(runId, unit.featureFiles().stream().map(Path::new).toList(),
                    unit.headFiles().stream().map(Path::new).toList(), out.sweep().conf());
            double readSeconds = history.readSeconds();
            List<Integer> budgets = ClassifierEnsembleEstimator.budgets(history, opts.every());
            if (budgets.isEmpty()) {
                outcome = skipped(runId, "run " + runId + " has no epoch that is a multiple of fit-ensemble.every = "
                        + opts.every() + " (epochs " + history.epochs() + "): skipped", readSeconds);
            } else {
                RunScores s = ClassifierEnsembleEstimator.of(opts).scoreRun(history, budgets);
                for (Estimate e : s.estimates()) {
                    rows.add(new EstimateRow(sweepId, runId, e.estimator(), e.budgetEpoch(), e.score(), e.costSeconds(),
                            NAME).toRow());
                }
                String note = history.problem() == null ? s.note()
                        : s.note() == null ? history.problem() : history.problem() + "; " + s.note();
                outcome = new Outcome(runId, SCORED, note, rows.size(), budgets.size(), readSeconds,
                        s.computeSeconds(), s.fitSeconds(), s.uncachedSeconds(), s.headFits(), s.headFitsUncached());
            }
        } catch (UnusableHistoryException e) {
            outcome = skipped(runId, e.getMessage() + ": skipped", (System.nanoTime() - t0) / 1e9);
        }
        out.commit(runId, rows.isEmpty() ? Map.of() : Map.of(EstimatesTable.NAME, rows), marker(outcome));
        return outcome;
    }

    private static Outcome skipped(String runId, String note, double readSeconds) {
        return new Outcome(runId, SKIPPED, note, 0, 0, readSeconds, 0, 0, 0, 0, 0);
    }

    static String marker(Outcome o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Outcome parse(String marker) {
        try {
            return JSON.readValue(marker, Outcome.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable commit marker of stage " + NAME + ": " + marker, e);
        }
    }

    /** Counts, costs and the cache's saving over all committed runs. */
    static Map<String, Object> summarise(List<Outcome> outcomes, SweepData data) {
        Map<String, Double> epochSeconds = new HashMap<>();
        for (RunHistory h : data.runs()) {
            double[] s = h.curves().stream().map(CurveRow::epochSeconds).filter(x -> x != null && x > 0)
                    .mapToDouble(Double::doubleValue).toArray();
            if (s.length > 0) {
                epochSeconds.put(h.runId(), median(s));
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
            m.put("median_run_seconds", median(scored.stream().mapToDouble(Outcome::seconds).toArray()));
            double[] epochs = scored.stream().filter(o -> epochSeconds.containsKey(o.runId()))
                    .mapToDouble(o -> epochSeconds.get(o.runId())).toArray();
            double[] ratio = scored.stream().filter(o -> epochSeconds.containsKey(o.runId()))
                    .mapToDouble(o -> o.seconds() / epochSeconds.get(o.runId())).toArray();
            m.put("median_epoch_seconds", epochs.length > 0 ? median(epochs) : null);
            // The goal: at most 0.5 (the thesis reports about half an epoch of overhead).
            m.put("median_run_seconds_per_epoch_second", ratio.length > 0 ? median(ratio) : null);
        }
        return m;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
