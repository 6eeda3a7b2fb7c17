package org.earlyrank.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.base.Text;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.spark.Fanout;
import org.earlyrank.store.StageOutput;

/**
 * Trains run specs, one Spark task per run, into a stage's output: the library function behind the
 * {@code train} stage, which prune-mip also calls for its (architecture, setting) pairs. Each task commits
 * its run's rows when the run ends (so a killed stage loses only the runs in flight) and checkpoints every
 * epoch (so a retried task resumes). A run whose task fails on its last attempt is committed as failed
 * with the error, and the others go on; a whole job aborted (executors lost more often than the retry
 * budget) commits every run not yet committed as failed, so the runs table is still complete.
 */
public final class TrainingEngine {
    private TrainingEngine() {
    }

    /** What one task reports back to the driver. */
    public record Outcome(String runId, String status, int epochsDone, Double seconds) implements Serializable {
    }

    /**
     * Trains every spec whose run is not yet committed in {@code out}.
     *
     * @param group     the Spark job group (the asking stage's name in capitals)
     * @param stageName the asking stage, for progress lines
     * @param note      where the stage's notes go (options.json)
     * @return runs, trained_now, status counts and wall_seconds
     */
    public static Map<String, Object> train(SparkSession spark, String group, String stageName, String sweepId,
                                            List<RunSpec> specs, DatasetOptions dataOpts, TrainOptions trainOpts,
                                            StageOutput out, Consumer<String> note) {
        Set<String> done = out.committed().keySet();
        List<RunSpec> todo = new ArrayList<>();
        for (RunSpec s : specs) {
            if (!done.contains(s.runId())) {
                todo.add(s);
            }
        }
        long t0 = System.nanoTime();
        Fanout.Work<RunSpec, Outcome> work = (spec, attempt) -> trainOne(sweepId, spec, dataOpts, trainOpts, out, attempt);
        try {
            Fanout.run(spark, group, stageName, todo, specs.size() - todo.size(), work);
        } catch (RuntimeException e) {
            String why = Text.rootMessage(e);
            note.accept("training job aborted: " + why);
            for (RunSpec s : todo) {
                if (!out.isCommitted(s.runId())) {
                    RunRecord failed = failedRecord(sweepId, s, "job aborted: " + why, 0);
                    out.commit(s.runId(), failed.tables(), marker(failed.run));
                }
            }
        }
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String m : out.committed().values()) {
            String status = m.replaceAll(".*\"status\":\"([a-z]+)\".*", "$1");
            byStatus.merge(status, 1, Integer::sum);
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", specs.size());
        summary.put("trained_now", todo.size());
        summary.put("status", byStatus);
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    static Outcome trainOne(String sweepId, RunSpec spec, DatasetOptions dataOpts, TrainOptions trainOpts,
                            StageOutput out, Fanout.Attempt attempt) {
        if (out.isCommitted(spec.runId())) {
            return new Outcome(spec.runId(), "already-committed", 0, null);
        }
        GpuBinding.bindCurrentTask();
        RunCheckpoint ckpt = new RunCheckpoint(out.checkpointDir(spec.runId()), out.sweep().conf());
        RunRecord rec;
        try {
            DatasetSplits data = DatasetLoader.load(dataFor(spec, dataOpts), out.sweep().conf());
            rec = new RunTrainer(sweepId, spec, data, trainOpts).train(ckpt, attempt.number());
        } catch (RuntimeException | Error e) {
            if (!attempt.last()) {
                throw e;
            }
            rec = failedRecord(sweepId, spec, "failed on all " + attempt.maxAttempts() + " attempts: " + Text.rootMessage(e),
                    attempt.number());
        }
        out.commit(spec.runId(), rec.tables(), marker(rec.run));
        ckpt.delete();
        return new Outcome(spec.runId(), rec.run.status(), rec.run.epochsDone(), rec.run.trainSeconds());
    }

    /** The dataset options of one run: the sweep's, at the run's image size (a budget knob MIP varies). */
    public static DatasetOptions dataFor(RunSpec spec, DatasetOptions sweep) {
        if (spec.imageSize() == sweep.imageSize()) {
            return sweep;
        }
        return sweep.withImageSize(spec.imageSize());
    }

    static String marker(RunRow r) {
        return "{\"status\":\"" + r.status() + "\",\"epochs_done\":" + r.epochsDone() + "}";
    }

    /** The runs row of a run that could not train at all: no other rows. */
    static RunRecord failedRecord(String sweepId, RunSpec spec, String error, int attempts) {
        RunRecord r = new RunRecord();
        r.run = new RunRow(sweepId, spec.runId(), spec.archId(), spec.arch(), spec.space(), RunsTable.SOURCE_TRAIN,
                spec.seed(), spec.epochs(), 0, null, null, RunsTable.STATUS_FAILED, error, null, null, null,
                spec.learningRate(), spec.batchSize(), spec.weightDecay(), spec.channels(), spec.cells(),
                spec.imageSize(), spec.trainFraction(), spec.hparams(), null, spec.momentum(), spec.schedule(), null,
                attempts, null);
        return r;
    }
}
