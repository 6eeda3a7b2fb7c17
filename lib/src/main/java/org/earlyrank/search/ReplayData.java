package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.LearningRates;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * A finished sweep as a search replays it: the pool of configurations (its ok runs), each one's history,
 * measured epoch seconds and truth, and the stored estimates by estimator.
 *
 * <p>Replay is only valid when a configuration stopped at budget b is exactly the prefix of its full run, so
 * {@link #of} refuses a sweep where that cannot hold, with a {@link TableException} naming the runs:
 * <ul>
 *   <li>every ok run must have been planned for the same full budget T (the learning-rate schedule is defined
 *       against the planned epochs, so a run planned for fewer epochs decays its rate earlier);</li>
 *   <li>every ok run must have a curves row with a validation accuracy for every epoch 1..T;</li>
 *   <li>where a run records a decaying schedule (linear, cosine), its initial learning rate and each epoch's
 *       learning rate, the rate of epoch t must be what that schedule over T epochs gives at the end of
 *       epoch t (between its values at (t - 1) / T and t / T of the run): this catches a sweep trained with a
 *       longer horizon than its curves. Runs that record no schedule (imported curves) are noted, not
 *       checked; a constant rate has no horizon.</li>
 * </ul>
 * Runs that did not finish (diverged, failed) are left out of the pool, with a note: a live search would
 * also have spent some compute on them, which the replay does not charge.
 *
 * <p>Epoch seconds: {@code curves.epoch_seconds}; an epoch without one is charged its run's mean measured
 * epoch, a run without any the pool's mean, and a pool without any one second per epoch (compute is then
 * counted in epochs, and the notes say so).
 *
 * <p>Immutable.
 */
public final class ReplayData {
    /** Relative tolerance of the learning-rate check (the rates are recorded as doubles from the schedule). */
    private static final double LR_TOLERANCE = 1e-6;
    private static final int LR_STEPS_PER_EPOCH = 10_000;

    private final String sweepId;
    private final int fullBudget;
    private final List<RunRow> pool;
    private final Map<String, RunHistory> histories;
    private final Map<String, double[]> epochSeconds;
    private final Map<String, List<EstimateRow>> estimates;
    private final List<String> notes;

    private ReplayData(String sweepId, int fullBudget, List<RunRow> pool, Map<String, RunHistory> histories,
                       Map<String, double[]> epochSeconds, Map<String, List<EstimateRow>> estimates,
                       List<String> notes) {
        this.sweepId = sweepId;
        this.fullBudget = fullBudget;
        this.pool = List.copyOf(pool);
        this.histories = Collections.unmodifiableMap(histories);
        this.epochSeconds = Collections.unmodifiableMap(epochSeconds);
        this.estimates = Collections.unmodifiableMap(estimates);
        this.notes = List.copyOf(notes);
    }

    /**
     * Reads a sweep through the project's readers (runs, curves, steps when present, estimates when
     * present) and checks it (see the class comment).
     *
     * @param poolFolder a sweep whose configurations restrict the pool, or null for all of the sweep's
     * @throws TableException  when a table is missing or unreadable, or the sweep cannot be replayed
     * @throws ConfigException when the pool folder shares no configuration with the sweep
     */
    public static ReplayData read(SweepFolder sweep, SweepFolder poolFolder) {
        SweepData data = SweepData.read(sweep);
        List<EstimateRow> rows = new ArrayList<>();
        if (sweep.hasTable(EstimatesTable.NAME)) {
            for (Row r : sweep.read(EstimatesTable.TABLE, "score-tse")) {
                rows.add(EstimateRow.fromRow(r));
            }
        }
        Set<String> keep = null;
        List<String> notes = new ArrayList<>();
        if (poolFolder != null && !poolFolder.root().equals(sweep.root())) {
            poolFolder.requireExists();
            Map<String, String> poolArchs = new TreeMap<>();
            for (Row r : poolFolder.read(RunsTable.TABLE, "train")) {
                RunRow run = RunRow.fromRow(r);
                poolArchs.put(run.runId(), run.arch());
            }
            keep = new TreeSet<>();
            for (RunHistory h : data.runs()) {
                if (h.run().arch() != null && h.run().arch().equals(poolArchs.get(h.runId()))) {
                    keep.add(h.runId());
                }
            }
            if (keep.isEmpty()) {
                throw new ConfigException("search.pool " + poolFolder + " shares no configuration (same run_id and arch)"
                        + " with the sweep " + sweep + "; pass the sweep that is replayed, or leave search.pool empty");
            }
            notes.add("pool restricted to the " + keep.size() + " runs of " + poolFolder + " with the same run_id and arch");
        }
        return of(data, rows, keep, notes);
    }

    /** Checks and indexes a sweep already in memory (see the class comment). */
    public static ReplayData of(SweepData data, List<EstimateRow> estimateRows) {
        return of(data, estimateRows, null, List.of());
    }

    private static ReplayData of(SweepData data, List<EstimateRow> estimateRows, Set<String> keep, List<String> given) {
        List<String> notes = new ArrayList<>(given);
        List<RunHistory> ok = new ArrayList<>();
        List<String> unfinished = new ArrayList<>();
        for (RunHistory h : data.runs()) {
            if (keep != null && !keep.contains(h.runId())) {
                continue;
            }
            if (h.run().ok()) {
                ok.add(h);
            } else {
                unfinished.add(h.runId() + " (" + h.run().status() + ")");
            }
        }
        if (ok.isEmpty()) {
            throw new TableException(RunsTable.NAME, "sweep " + data.sweepId() + " has no run with status ok to search"
                    + " over" + (unfinished.isEmpty() ? "" : " (" + String.join(", ", unfinished) + ")")
                    + "; train the sweep first (bin/earlyrank train)");
        }
        if (!unfinished.isEmpty()) {
            notes.add(unfinished.size() + " runs did not finish and are not in the pool: " + String.join(", ", unfinished)
                    + " (a live search would also have spent some compute on them)");
        }
        int full = ok.stream().mapToInt(h -> h.run().epochsPlanned()).max().orElseThrow();
        checkPlanned(data.sweepId(), ok, full);
        checkCurves(data.sweepId(), ok, full);
        checkSchedules(data.sweepId(), ok, full, notes);

        Map<String, RunHistory> histories = new LinkedHashMap<>();
        ok.forEach(h -> histories.put(h.runId(), h));
        Map<String, double[]> seconds = epochSeconds(ok, full, notes);
        Map<String, List<EstimateRow>> byEstimator = new TreeMap<>();
        for (EstimateRow r : estimateRows) {
            if (histories.containsKey(r.runId())) {
                byEstimator.computeIfAbsent(r.estimator(), k -> new ArrayList<>()).add(r);
            }
        }
        byEstimator.replaceAll((k, v) -> List.copyOf(v));
        List<RunRow> pool = ok.stream().map(RunHistory::run).toList();
        return new ReplayData(data.sweepId(), full, pool, histories, seconds, byEstimator, notes);
    }

    private static void checkPlanned(String sweepId, List<RunHistory> ok, int full) {
        List<String> shorter = ok.stream().filter(h -> h.run().epochsPlanned() != full)
                .map(h -> h.runId() + " (" + h.run().epochsPlanned() + ")").toList();
        if (!shorter.isEmpty()) {
            throw new TableException(RunsTable.NAME, "cannot replay a search over sweep " + sweepId + ": its runs were "
                    + "not all planned for the full budget of " + full + " epochs (" + list(shorter) + " planned "
                    + "fewer), so their learning-rate schedules end at different epochs and a run stopped early is not "
                    + "the prefix of a full run; replay a sweep whose runs share train.epochs");
        }
    }

    private static void checkCurves(String sweepId, List<RunHistory> ok, int full) {
        List<String> incomplete = new ArrayList<>();
        for (RunHistory h : ok) {
            int have = 0;
            for (int t = 1; t <= full; t++) {
                Double v = org.earlyrank.schema.Metric.of(h.run()).value(h.curve(t));
                if (v != null && Double.isFinite(v)) {
                    have++;
                }
            }
            if (have < full) {
                incomplete.add(h.runId() + " (" + have + " of " + full + ")");
            }
        }
        if (!incomplete.isEmpty()) {
            throw new TableException("curves", "cannot replay a search over sweep " + sweepId + ": runs did not reach "
                    + "the full budget of " + full + " epochs with a validation accuracy at every epoch: "
                    + list(incomplete) + "; replay needs a finished sweep (re-run bin/earlyrank train to finish it)");
        }
    }

    private static void checkSchedules(String sweepId, List<RunHistory> ok, int full, List<String> notes) {
        int unchecked = 0;
        for (RunHistory h : ok) {
            RunRow r = h.run();
            String schedule = r.schedule();
            Double lr0 = r.learningRate();
            if (schedule == null || lr0 == null || !(lr0 > 0)) {
                unchecked++;
                continue;
            }
            if (schedule.equals("constant")) {
                continue;
            }
            ISchedule s;
            try {
                s = LearningRates.of(schedule, 1.0, full * LR_STEPS_PER_EPOCH);
            } catch (IllegalArgumentException e) {
                unchecked++;
                continue;
            }
            for (int t = 1; t <= full; t++) {
                CurveRow c = h.curve(t);
                if (c == null || c.learningRate() == null) {
                    continue;
                }
                double ratio = c.learningRate() / lr0;
                double hi = s.valueAt((t - 1) * LR_STEPS_PER_EPOCH, t - 1);
                double lo = s.valueAt(t * LR_STEPS_PER_EPOCH, t - 1);
                if (ratio < lo - LR_TOLERANCE || ratio > hi + LR_TOLERANCE) {
                    throw new TableException("curves", "cannot replay a search over sweep " + sweepId + ": run "
                            + h.runId() + " recorded a learning rate of " + c.learningRate() + " at epoch " + t
                            + ", which its " + schedule + " schedule from " + lr0 + " over the full budget of " + full
                            + " epochs cannot give (expected " + lo * lr0 + " to " + hi * lr0 + "); its schedule's"
                            + " horizon is not the full budget, so a run stopped early is not the prefix of a full run");
                }
            }
        }
        if (unchecked > 0) {
            notes.add(unchecked + " runs record no learning-rate schedule (imported curves): assumed defined against "
                    + "the full budget of " + full + " epochs, so that a run stopped early is the prefix of a full run");
        }
    }

    private static Map<String, double[]> epochSeconds(List<RunHistory> ok, int full, List<String> notes) {
        Map<String, double[]> out = new LinkedHashMap<>();
        double poolSum = 0;
        int poolN = 0;
        int filled = 0;
        for (RunHistory h : ok) {
            double[] s = new double[full];
            double sum = 0;
            int n = 0;
            for (int t = 1; t <= full; t++) {
                CurveRow c = h.curve(t);
                Double v = c == null ? null : c.epochSeconds();
                s[t - 1] = v != null && Double.isFinite(v) && v >= 0 ? v : Double.NaN;
                if (!Double.isNaN(s[t - 1])) {
                    sum += s[t - 1];
                    n++;
                }
            }
            poolSum += sum;
            poolN += n;
            if (n > 0 && n < full) {
                filled++;
                for (int t = 0; t < full; t++) {
                    if (Double.isNaN(s[t])) {
                        s[t] = sum / n;
                    }
                }
            }
            out.put(h.runId(), s);
        }
        double poolMean = poolN > 0 ? poolSum / poolN : 1.0;
        int none = 0;
        for (double[] s : out.values()) {
            if (Double.isNaN(s[0]) && java.util.Arrays.stream(s).allMatch(Double::isNaN)) {
                none++;
                java.util.Arrays.fill(s, poolMean);
            }
        }
        if (poolN == 0) {
            notes.add("no run records epoch_seconds: compute is counted as one second per epoch");
        } else if (none > 0 || filled > 0) {
            notes.add("epoch_seconds missing: " + filled + " runs charged their mean measured epoch for the epochs "
                    + "without one, " + none + " runs the pool's mean epoch");
        }
        return out;
    }

    private static String list(List<String> items) {
        return items.size() <= 8 ? String.join(", ", items)
                : items.subList(0, 8).stream().collect(Collectors.joining(", ")) + " and " + (items.size() - 8) + " more";
    }

    public String sweepId() {
        return sweepId;
    }

    /** T: the epochs every configuration of the pool was trained to. */
    public int fullBudget() {
        return fullBudget;
    }

    /** The configurations (ok runs), sorted by run id. */
    public List<RunRow> pool() {
        return pool;
    }

    public Map<String, RunHistory> histories() {
        return histories;
    }

    /** Seconds of epoch t at index t - 1, per run id. */
    public Map<String, double[]> epochSeconds() {
        return epochSeconds;
    }

    /** Estimators with stored scores for the pool, sorted. */
    public Set<String> estimators() {
        return Collections.unmodifiableSet(estimates.keySet());
    }

    /** One estimator's stored rows for the pool (empty when it has none). */
    public List<EstimateRow> estimates(String estimator) {
        return estimates.getOrDefault(estimator, List.of());
    }

    /** What the checks found that a reader should know. */
    public List<String> notes() {
        return notes;
    }

    /** The truth of a configuration: its test accuracy after the full budget, or null. */
    public Double testAcc(String runId) {
        RunHistory h = histories.get(runId);
        if (h == null) {
            return null;
        }
        if (h.run().finalTestAcc() != null) {
            return h.run().finalTestAcc();
        }
        CurveRow c = h.curve(fullBudget);
        return c == null ? null : c.testAcc();
    }

    /** Seconds of training every configuration of the pool to the full budget. */
    public double fullComputeSeconds() {
        double s = 0;
        for (double[] e : epochSeconds.values()) {
            for (double v : e) {
                s += v;
            }
        }
        return s;
    }
}
