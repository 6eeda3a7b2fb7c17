package org.earlyrank.search;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.StepsTable.StepRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.spark.Fanout;
import org.earlyrank.store.StageOutput;
import org.earlyrank.train.GpuBinding;
import org.earlyrank.train.RunCheckpoint;
import org.earlyrank.train.RunRecord;
import org.earlyrank.train.RunTrainer;
import org.earlyrank.train.TrainingEngine;

/**
 * Trains a live search's configurations on Spark: each {@link #train} call (one rung) is one Spark job of
 * that rung's configurations, one task each ({@link Fanout}). A task resumes its configuration from its
 * checkpoint ({@link RunCheckpoint} in the stage's staging folder) and trains it to the rung's budget with
 * {@link RunTrainer#train(RunCheckpoint, int, int)}: the learning-rate schedule's horizon is the search's
 * maximal budget (the specs' epochs), so a configuration stopped at a rung is the prefix of its full run.
 *
 * <p>Each configuration is one unit of the stage's output, named by its run id, re-committed at every rung
 * with all its rows so far (runs, curves, steps, features, heads up to the epoch it reached): the later
 * commit replaces the earlier one, so the published tables hold each configuration once, up to the epoch it
 * reached. The commit marker records the epochs reached; a resumed search (the algorithm replays its
 * decisions from the start: they depend only on the seed and the committed rows) finds a configuration
 * already at or past a rung's budget and trains nothing for it, so no rung is trained twice.
 *
 * <p>Compute charged per configuration and rung: the measured {@code curves.epoch_seconds} of the epochs the
 * rung added (training pass, evaluation and capture), as replay charges ({@link ReplayTrainer}); the same
 * figure whether the rung ran now or in the killed run.
 *
 * <p>One per search; not thread-safe.
 */
public final class LiveTrainer implements Trainer {
    private final SparkSession spark;
    private final String group;
    private final String stageName;
    private final String sweepId;
    private final Map<String, RunSpec> specs;
    private final DatasetOptions dataOpts;
    private final TrainOptions trainOpts;
    private final StageOutput out;
    private final Map<String, Integer> reached = new HashMap<>();
    private final Map<String, RunHistory> histories = new HashMap<>();
    private long epochsTrainedNow;
    private int jobs;

    /** @param specs every configuration of the pool, by run id, planned for the maximal budget */
    public LiveTrainer(SparkSession spark, String group, String stageName, String sweepId, Map<String, RunSpec> specs,
                       DatasetOptions dataOpts, TrainOptions trainOpts, StageOutput out) {
        this.spark = spark;
        this.group = group;
        this.stageName = stageName;
        this.sweepId = sweepId;
        this.specs = specs;
        this.dataOpts = dataOpts;
        this.trainOpts = trainOpts;
        this.out = out;
    }

    /** What one task reports: the configuration and the epochs it reached. */
    record Outcome(String runId, int epochsDone, String status) implements Serializable {
    }

    @Override
    public double[] train(List<String> runIds, int budgetEpoch) {
        Map<String, Integer> onDisk = committedEpochs();
        List<RunSpec> todo = new ArrayList<>();
        for (String id : runIds) {
            RunSpec spec = specs.get(id);
            if (spec == null) {
                throw new IllegalArgumentException("configuration " + id + " is not in the pool");
            }
            if (budgetEpoch > spec.epochs()) {
                throw new IllegalStateException("configuration " + id + " is planned for " + spec.epochs()
                        + " epochs, the search asked for " + budgetEpoch);
            }
            int from = reached.getOrDefault(id, 0);
            if (from > budgetEpoch) {
                throw new IllegalStateException("configuration " + id + " already reached epoch " + from
                        + "; a search never trains it back to " + budgetEpoch);
            }
            Integer done = onDisk.get(id);
            boolean stopped = done != null && !RunsTable.STATUS_OK.equals(status(id));
            if ((done == null || done < budgetEpoch) && !stopped) {
                todo.add(spec);
            }
        }
        if (!todo.isEmpty()) {
            String sweep = sweepId;
            DatasetOptions d = dataOpts;
            TrainOptions t = trainOpts;
            StageOutput o = out;
            int b = budgetEpoch;
            Fanout.Work<RunSpec, Outcome> work = (spec, attempt) -> trainToRung(sweep, spec, b, d, t, o, attempt);
            Fanout.run(spark, group, stageName + " rung " + budgetEpoch, todo, 0, work);
            jobs++;
            for (RunSpec s : todo) {
                epochsTrainedNow += budgetEpoch - onDisk.getOrDefault(s.runId(), 0);
                histories.remove(s.runId());
            }
        }
        double[] seconds = new double[runIds.size()];
        for (int i = 0; i < seconds.length; i++) {
            String id = runIds.get(i);
            int from = reached.getOrDefault(id, 0);
            RunHistory h = history(id);
            for (CurveRow c : h.curves()) {
                if (c.epoch() > from && c.epoch() <= budgetEpoch && c.epochSeconds() != null) {
                    seconds[i] += c.epochSeconds();
                }
            }
            reached.put(id, budgetEpoch);
        }
        return seconds;
    }

    /**
     * One task: resume the configuration from its checkpoint, train it to the rung's budget, commit all its
     * rows so far; the checkpoint goes once the configuration reached its planned epochs or stopped (diverged,
     * failed), and with the rest of the staging folder when the search publishes.
     */
    static Outcome trainToRung(String sweepId, RunSpec spec, int budgetEpoch, DatasetOptions dataOpts,
                               TrainOptions trainOpts, StageOutput out, Fanout.Attempt attempt) {
        GpuBinding.bindCurrentTask();
        RunCheckpoint ckpt = new RunCheckpoint(out.checkpointDir(spec.runId()), out.sweep().conf());
        DatasetSplits data = DatasetLoader.load(TrainingEngine.dataFor(spec, dataOpts), out.sweep().conf());
        RunRecord rec = new RunTrainer(sweepId, spec, data, trainOpts).train(ckpt, attempt.number(), budgetEpoch);
        out.commit(spec.runId(), rec.tables(), "{\"status\":\"" + rec.run.status() + "\",\"epochs_done\":"
                + rec.run.epochsDone() + "}");
        if (rec.run.epochsDone() >= spec.epochs() || !rec.run.ok()) {
            ckpt.delete();
        }
        return new Outcome(spec.runId(), rec.run.epochsDone(), rec.run.status());
    }

    /** Epochs each committed configuration reached, from the commit markers (a resumed search's too). */
    Map<String, Integer> committedEpochs() {
        Map<String, Integer> m = new HashMap<>();
        out.committed().forEach((unit, marker) -> {
            if (specs.containsKey(unit)) {
                m.put(unit, Integer.parseInt(marker.replaceAll(".*\"epochs_done\":([0-9]+).*", "$1")));
            }
        });
        return m;
    }

    private String status(String runId) {
        String marker = out.committed().get(runId);
        return marker == null ? null : marker.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
    }

    /**
     * A trained configuration's history as committed (runs row, curves, minibatch losses), what the estimators
     * score; read back from its committed unit once per rung it trained.
     */
    public RunHistory history(String runId) {
        RunHistory h = histories.get(runId);
        if (h == null) {
            if (!out.isCommitted(runId)) {
                throw new IllegalStateException("configuration " + runId + " has not been trained");
            }
            RunRow run = RunRow.fromRow(out.committedRows(runId, RunsTable.TABLE).get(0));
            List<CurveRow> curves = new ArrayList<>();
            for (Row r : out.committedRows(runId, CurvesTable.TABLE)) {
                curves.add(CurveRow.fromRow(r));
            }
            curves.sort((a, b) -> Integer.compare(a.epoch(), b.epoch()));
            TreeMap<Integer, TreeMap<Integer, Double>> byEpoch = new TreeMap<>();
            for (Row r : out.committedRows(runId, StepsTable.TABLE)) {
                StepRow s = StepRow.fromRow(r);
                byEpoch.computeIfAbsent(s.epoch(), k -> new TreeMap<>()).put(s.step(), s.loss());
            }
            Map<Integer, double[]> steps = new LinkedHashMap<>();
            byEpoch.forEach((e, m) -> steps.put(e, m.values().stream().mapToDouble(Double::doubleValue).toArray()));
            h = new RunHistory(run, curves, steps);
            histories.put(runId, h);
        }
        return h;
    }

    @Override
    public Map<String, Integer> reached() {
        return Collections.unmodifiableMap(reached);
    }

    /** Epochs this process trained (a resumed search's rungs found on disk are not counted). */
    public long epochsTrainedNow() {
        return epochsTrainedNow;
    }

    /** Spark jobs this process ran: one per rung that had something to train. */
    public int jobs() {
        return jobs;
    }
}
