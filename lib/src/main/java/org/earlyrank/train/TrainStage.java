package org.earlyrank.train;

import java.util.List;
import java.util.Map;

import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;

/**
 * The {@code train} stage, a root stage: samples the sweep's run specs on the driver and trains them with
 * {@link TrainingEngine}, one run per Spark task. The dataset is loaded (and so checked) in the plan, before
 * the sweep folder changes; its files' checksums go to options.json.
 */
public final class TrainStage extends DeclaredStage {
    public static final String NAME = "train";
    public static final List<TableSchema> OUTPUTS = List.of(RunsTable.TABLE, CurvesTable.TABLE, StepsTable.TABLE,
            FeaturesTable.TABLE, HeadsTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(DatasetOptions.SECTION, SpaceOptions.SECTION,
            TrainOptions.SECTION);

    public TrainStage() {
        super(NAME, true, List.of(), OUTPUTS, SECTIONS);
    }

    /** Loads the dataset on the driver: a missing one fails here, before any task starts or any file changes. */
    @Override
    public Plan plan(StageContext ctx) {
        DatasetSplits data = DatasetLoader.load(ctx.options(DatasetOptions.SECTION), ctx.sweep().conf());
        return super.plan(ctx).withDetail(data);
    }

    /** Trains every run not yet committed. */
    @Override
    public Map<String, Object> run(StageContext ctx) {
        DatasetOptions dataOpts = ctx.options(DatasetOptions.SECTION);
        TrainOptions trainOpts = ctx.options(TrainOptions.SECTION);
        List<RunSpec> specs = RunSampler.sample(ctx.options(SpaceOptions.SECTION), trainOpts, dataOpts,
                ctx.config().seed());
        ctx.put("dataset_checksums", ctx.plan().detail(DatasetSplits.class).checksums());
        return TrainingEngine.train(ctx.spark(), group(), NAME, ctx.config().sweepId(), specs, dataOpts, trainOpts,
                ctx.output(), ctx::note);
    }
}
