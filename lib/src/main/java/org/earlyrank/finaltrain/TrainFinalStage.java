package org.earlyrank.finaltrain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.base.Text;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainFinalOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.report.ReportSection;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.report.sections.FinalRunsSection;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.space.CellArch;
import org.earlyrank.space.MacroArch;
import org.earlyrank.space.RunSpec;
import org.earlyrank.spark.SparkSessions;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.StageOutput;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.TrainStage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code train-final} stage: retrains the winners of a sweep ({@link WinnerSelection}) at final scale,
 * one network at a time, each data-parallel over the session's workers ({@link DataParallelTrainer}), and
 * writes {@code final_runs}.
 *
 * <p>Final scale: the winner's architecture, seed, schedule, momentum and weight decay, with the size knobs
 * of {@link TrainFinalOptions} (channels, cells, epochs, training images, batch size, learning rate; 0 keeps
 * the run's), on the sweep's dataset with the sweep's validation and test splits (the dataset options are
 * read from the sweep's options.json, so final_test_acc and sweep_test_acc are measured on the same images).
 *
 * <p>Units: one per distinct winning run, committed when its training ends; a resumed stage does not
 * retrain a committed winner. All input (sweep folder, runs, estimates, rank_correlation for auto, dataset)
 * is read and checked before the sweep folder changes. Not part of {@code sweep}: it is run on purpose, once
 * estimates exist.
 */
public final class TrainFinalStage extends DeclaredStage implements ReportedStage {
    public static final String NAME = "train-final";
    public static final List<TableSchema> OUTPUTS = List.of(FinalRunsTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(TrainFinalOptions.SECTION);
    /** Its section of the report page. */
    static final List<ReportSection> REPORT_SECTIONS = List.of(new FinalRunsSection());
    /** Batch size of the final evaluation passes on the driver. */
    static final int EVAL_BATCH = 500;

    private final Supplier<EstimatorRegistry> estimators;

    /**
     * Reads runs and estimates, and rank_correlation (the report's) when present, for the auto estimator and
     * budget.
     *
     * @param estimators the registry train-final.estimator names are checked against
     */
    public TrainFinalStage(Supplier<EstimatorRegistry> estimators) {
        super(NAME, false, List.of(TableInput.required(RunsTable.TABLE), TableInput.required(EstimatesTable.TABLE),
                TableInput.optional(RankCorrelationTable.TABLE)), OUTPUTS, SECTIONS);
        this.estimators = estimators;
    }

    /** The winners, what they are trained as, and the options recorded for the stage. */
    record FinalTraining(WinnerSelection.Selection selection, Map<String, RunSpec> specs, Map<String, DatasetOptions> data,
                int workers, TrainFinalOptions options, Map<String, Object> recorded) {
    }

    @Override
    public List<ReportSection> reportSections() {
        return REPORT_SECTIONS;
    }

    /** Every name in train-final.estimator is a registered estimator (or auto). */
    @Override
    public void checkOptions(SweepConfig cfg) {
        EstimatorRegistry.check("train-final.estimator", cfg.get(TrainFinalOptions.SECTION).estimator(),
                TrainFinalOptions.AUTO, estimators.get().names());
    }

    /** Selects the winners and sizes their final training (the dataset is loaded and checked); writes nothing. */
    @Override
    public Plan plan(StageContext ctx) {
        FinalTraining plan = plan(ctx.spark(), ctx.config(), ctx.sweep());
        return Plan.of(plan.recorded(), OUTPUTS).withDetail(plan);
    }

    @Override
    public Map<String, Object> run(StageContext ctx) {
        return run(ctx.spark(), ctx.plan().detail(FinalTraining.class), ctx);
    }

    /** Reads and checks everything, selects the winners and sizes their final training; writes nothing. */
    static FinalTraining plan(SparkSession spark, SweepConfig cfg, SweepFolder sweep) {
        TrainFinalOptions o = cfg.get(TrainFinalOptions.SECTION);
        WinnerSelection.Selection sel = WinnerSelection.select(sweep, o);
        DatasetOptions sweepData = sweepDataset(sweep, cfg);
        int slots = SparkSessions.slots(spark);
        int workers = o.workers() > 0 ? o.workers() : slots;
        Map<String, RunSpec> specs = new LinkedHashMap<>();
        Map<String, DatasetOptions> data = new LinkedHashMap<>();
        for (RunRow r : sel.runs()) {
            RunSpec spec = finalSpec(r, o, sweep);
            specs.put(r.runId(), spec);
            DatasetOptions d = new DatasetOptions(sweepData.name(), sweepData.path(), o.trainSize(), sweepData.valSize(),
                    sweepData.testSize(), spec.imageSize(), sweepData.normalize(), sweepData.splitSeed(), sweepData.finalTestSize());
            // Load on the driver now: a dataset too small for train_size fails before the sweep folder changes.
            DatasetLoader.load(d, sweep.conf());
            data.put(r.runId(), d);
        }
        Map<String, Object> recorded = new LinkedHashMap<>(cfg.values(SECTIONS));
        List<Map<String, Object>> picks = new ArrayList<>();
        for (WinnerSelection.Pick p : sel.picks()) {
            picks.add(Map.of("estimator", p.estimator(), "budget_epoch", p.budget(), "selection", p.how(),
                    "runs", sel.winners().stream().filter(w -> w.pick().equals(p)).map(w -> w.run().runId()).toList()));
        }
        recorded.put("resolved", Map.of("picks", picks, "workers", workers, "dataset",
                DatasetOptions.SECTION.values(sweepData)));
        if (workers > slots) {
            System.err.println("[" + NAME + "] note: " + workers + " workers on " + slots + " task slots: the workers of "
                    + "each averaging period queue for slots (correct, but slower than " + slots + " workers)");
        }
        return new FinalTraining(sel, specs, data, workers, o, recorded);
    }

    /** Trains every winner not yet committed; the caller publishes. */
    static Map<String, Object> run(SparkSession spark, FinalTraining plan, StageContext stage) {
        StageOutput out = stage.output();
        SweepFolder sweep = stage.sweep();
        WinnerSelection.Selection sel = plan.selection();
        List<RunRow> runs = sel.runs();
        if (sel.winners().size() < plan.options().topK() * sel.picks().size()) {
            stage.note("fewer runs have scores than top_k x estimators: " + sel.winners().size() + " winners");
        }
        for (WinnerSelection.Pick p : sel.picks()) {
            System.err.printf("[%s] %s at budget %d (%s): top %d = %s%n", NAME, p.estimator(), p.budget(), p.how(),
                    plan.options().topK(), sel.winners().stream().filter(w -> w.pick().equals(p))
                            .map(w -> w.run().runId()).toList());
        }
        DataParallelTrainer.Settings settings = new DataParallelTrainer.Settings(plan.workers(),
                plan.options().averagingFrequency(), plan.options().onednn(), EVAL_BATCH);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        long t0 = System.nanoTime();
        int before = 0;
        int trainedNow = 0;
        Map<String, Object> accuracies = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            RunRow run = runs.get(i);
            String unit = run.runId();
            if (out.isCommitted(unit)) {
                before++;
                System.err.printf("[%s] %d/%d %s already trained (resumed)%n", NAME, i + 1, runs.size(), unit);
                continue;
            }
            RunSpec spec = plan.specs().get(unit);
            DatasetOptions data = plan.data().get(unit);
            System.err.printf("[%s] %d/%d %s %s: %d epochs, C=%d, N=%d, %s training images, batch %d, lr %s, %d workers%n",
                    NAME, i + 1, runs.size(), unit, spec.arch(), spec.epochs(), spec.channels(), spec.cells(),
                    data.trainSize() == 0 ? "all" : String.valueOf(data.trainSize()), spec.batchSize(),
                    spec.learningRate(), plan.workers());
            jsc.setJobGroup(stage.stage().group(), NAME + ": " + unit, true);
            DataParallelTrainer.Result res;
            try {
                res = DataParallelTrainer.train(spark, spec, data, sweep.hadoopConf(), settings,
                        line -> System.err.println("[" + NAME + "] " + unit + " " + line));
            } finally {
                jsc.clearJobGroup();
            }
            List<Row> rows = new ArrayList<>();
            for (WinnerSelection.Winner w : sel.of(unit)) {
                rows.add(row(sweep.sweepId(), w, spec, res, plan).toRow());
            }
            out.commit(unit, Map.of(FinalRunsTable.NAME, rows), "{\"status\":\"" + res.status() + "\"}");
            trainedNow++;
            accuracies.put(unit, res.testAcc());
            double elapsed = (System.nanoTime() - t0) / 1e9;
            int left = runs.size() - i - 1;
            System.err.printf("[%s] %d/%d done: %s test acc %s (sweep: %s), %.0f s; ~%s left%n", NAME, i + 1,
                    runs.size(), unit, fmt(res.testAcc()), fmt(run.finalTestAcc()), res.trainSeconds(),
                    Text.clock(elapsed / trainedNow * left));
            if (res.fastPathMinibatches() < res.workerMinibatches() && plan.options().onednn()) {
                stage.note(unit + ": " + (res.workerMinibatches() - res.fastPathMinibatches()) + " of "
                        + res.workerMinibatches() + " worker minibatches ran without the oneDNN fast path");
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("winners", runs.size());
        summary.put("already_trained", before);
        summary.put("trained_now", trainedNow);
        summary.put("workers", plan.workers());
        summary.put("training_master", DataParallelTrainer.TRAINING_MASTER);
        summary.put("final_test_acc", accuracies);
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    static FinalRunRow row(String sweepId, WinnerSelection.Winner w, RunSpec spec, DataParallelTrainer.Result res,
                           FinalTraining plan) {
        RunRow run = w.run();
        DatasetOptions data = plan.data().get(run.runId());
        return new FinalRunRow(sweepId, run.runId(), run.arch(), w.pick().estimator(), w.pick().budget(), w.rank(),
                spec.epochs(), plan.workers(), res.testAcc(), res.trainSeconds(), spec.channels(), spec.cells(),
                res.trainImages(), spec.batchSize(), spec.learningRate(), res.secondsPerEpoch(), run.finalTestAcc(),
                Double.isFinite(w.score()) ? w.score() : null, w.pick().how(), res.valAcc(), res.status(),
                res.nParams(), data.imageSize(), plan.options().averagingFrequency(), DataParallelTrainer.TRAINING_MASTER,
                res.workerMinibatches(), res.fastPathMinibatches());
    }

    /** The winner at final scale: its own architecture and training settings, with the configured sizes. */
    static RunSpec finalSpec(RunRow r, TrainFinalOptions o, SweepFolder sweep) {
        if (!RunsTable.SOURCE_TRAIN.equals(r.source())
                || !(CellArch.SPACE.equals(r.space()) || MacroArch.SPACE.equals(r.space()))) {
            throw new ConfigException("run " + r.runId() + " of sweep " + sweep + " was not trained by EarlyRank (source "
                    + r.source() + ", space " + r.space() + "): train-final retrains architectures of the nb201 and macro "
                    + "spaces only, not imported learning curves");
        }
        String missing = r.seed() == null ? "seed" : r.cells() == null ? "cells" : r.channels() == null ? "channels"
                : r.imageSize() == null ? "image_size" : r.batchSize() == null ? "batch_size"
                : r.learningRate() == null ? "learning_rate" : r.momentum() == null ? "momentum"
                : r.weightDecay() == null ? "weight_decay" : r.schedule() == null ? "schedule" : null;
        if (missing != null) {
            throw new TableException(RunsTable.NAME, "runs." + missing + " of run " + r.runId() + " in sweep " + sweep
                    + " is NULL: train-final cannot rebuild the run; re-run `bin/earlyrank train` with --overwrite");
        }
        return new RunSpec(r.runId(), r.arch(), r.space(), r.seed(),
                o.cells() > 0 ? o.cells() : r.cells(),
                o.channels() > 0 ? o.channels() : r.channels(),
                r.imageSize(),
                o.epochs() > 0 ? o.epochs() : r.epochsPlanned(),
                o.batchSize() > 0 ? o.batchSize() : r.batchSize(),
                o.learningRate() > 0 ? o.learningRate() : r.learningRate(),
                r.momentum(), r.weightDecay(), r.schedule(), 1.0);
    }

    /**
     * The dataset options the sweep's train stage recorded in options.json (so the final training keeps its
     * validation and test splits), else the config's.
     */
    static DatasetOptions sweepDataset(SweepFolder sweep, SweepConfig cfg) {
        JsonNode recorded = OptionsFile.read(sweep).path("stages").path(TrainStage.NAME).path("options")
                .path(DatasetOptions.SECTION.name());
        if (recorded.isObject()) {
            return DatasetOptions.SECTION.parse(recorded, Map.of(), sweep.optionsFile().toString());
        }
        return cfg.get(DatasetOptions.SECTION);
    }

    private static String fmt(Double acc) {
        return acc == null ? "n/a" : String.format("%.4f", acc);
    }
}
