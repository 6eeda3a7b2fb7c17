package org.earlyrank.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.spark.Fanout;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.StageRun;

/**
 * The {@code train} stage: samples the sweep's run specs on the driver and trains one run per Spark task.
 * Each task commits its run's rows when the run ends (so a killed sweep loses only the runs in flight)
 * and checkpoints every epoch (so a retried task resumes). A run whose task fails on its last attempt is
 * recorded as failed with the error, and the sweep goes on.
 */
public final class TrainStage {
    public static final String NAME = "train";
    public static final String GROUP = "TRAIN";
    public static final List<TableSchema> OUTPUTS = List.of(RunsTable.TABLE, CurvesTable.TABLE, StepsTable.TABLE,
            FeaturesTable.TABLE, HeadsTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(DatasetOptions.SECTION, SpaceOptions.SECTION,
            TrainOptions.SECTION);

    private TrainStage() {
    }

    /** What one task reports back to the driver. */
    public record Outcome(String runId, String status, int epochsDone, Double seconds) implements Serializable {
    }

    /**
     * Runs the stage on a sweep folder: resumes it, or does nothing when it already finished with the
     * same options, or starts afresh with {@code overwrite}. The dataset is checked before anything in
     * the sweep folder changes.
     */
    public static Map<String, Object> execute(SparkSession spark, SweepConfig cfg, org.earlyrank.store.SweepFolder sweep,
                                              boolean overwrite) {
        DatasetLoader.load(cfg.get(DatasetOptions.SECTION), sweep.conf());
        StageRun stage = StageRun.begin(sweep, NAME, cfg.values(SECTIONS), OUTPUTS, overwrite, true);
        if (stage.alreadyComplete()) {
            System.err.println("[" + NAME + "] already complete in " + sweep + "; nothing to do (--overwrite redoes it)");
            return Map.of("already_complete", true);
        }
        Map<String, Object> summary = run(spark, cfg, stage);
        stage.finish(summary);
        return summary;
    }

    /** Trains every run not yet committed; the caller publishes. */
    public static Map<String, Object> run(SparkSession spark, SweepConfig cfg, StageRun stage) {
        DatasetOptions dataOpts = cfg.get(DatasetOptions.SECTION);
        TrainOptions trainOpts = cfg.get(TrainOptions.SECTION);
        List<RunSpec> specs = RunSampler.sample(cfg.get(SpaceOptions.SECTION), trainOpts, dataOpts, cfg.seed());
        // Load on the driver first: a missing dataset fails here, before any task starts, and the checksums
        // of the files used go to options.json.
        DatasetSplits data = DatasetLoader.load(dataOpts, stage.sweep().conf());
        stage.put("dataset_checksums", data.checksums());
        return trainSpecs(spark, cfg.sweepId(), specs, dataOpts, trainOpts, stage);
    }

    /** Trains the given specs (the MIP stage calls this with its own specs). */
    public static Map<String, Object> trainSpecs(SparkSession spark, String sweepId, List<RunSpec> specs,
                                                 DatasetOptions dataOpts, TrainOptions trainOpts, StageRun stage) {
        return trainSpecs(spark, GROUP, NAME, sweepId, specs, dataOpts, trainOpts, stage);
    }

    /**
     * Trains the given specs under another stage's job group and name (prune-mip trains its pairs this
     * way, so the Spark UI and the progress lines name the stage that asked).
     */
    public static Map<String, Object> trainSpecs(SparkSession spark, String group, String stageName, String sweepId,
                                                 List<RunSpec> specs, DatasetOptions dataOpts, TrainOptions trainOpts,
                                                 StageRun stage) {
        StageOutput out = stage.output();
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
            // The job was aborted (e.g. executors lost more often than the retry budget): record every run
            // that did not commit as failed, so the sweep still finishes with a complete runs table.
            String why = rootMessage(e);
            stage.note("training job aborted: " + why);
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
            rec = failedRecord(sweepId, spec, "failed on all " + attempt.maxAttempts() + " attempts: " + rootMessage(e),
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

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }
}
