package org.earlyrank.jobs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A job that runs one stage: load the config (the job's own options become {@code --set} overrides),
 * start or join the session, run the stage through {@link Pipeline#run}, print its summary and where the
 * result is. The job names the keys of its stage's section it offers as options ({@link Shorthand}); picocli gets
 * those options when it builds the command ({@link AddShorthands}). A stage with nothing of its own to add is a
 * plain StageJob declared in {@link EarlyRank}'s table of commands; a subclass exists only for behaviour of its
 * own (a default config file, a choice of stage by an option, its own result line).
 */
@Command(mixinStandardHelpOptions = true, modelTransformer = StageJob.AddShorthands.class)
class StageJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    private final Stage stage;
    private final List<Shorthand> shorthands;
    /** The options picocli parses for the shorthands, by the config key each sets ({@code train-final.top_k}). */
    private final Map<String, OptionSpec> options = new LinkedHashMap<>();

    StageJob(Stage stage, Shorthand... shorthands) {
        this.stage = stage;
        this.shorthands = List.of(shorthands);
    }

    /**
     * Config overrides from the job's shorthands that were given, each as its key in the stage's section, with
     * the precedence of {@code --set}: {@code --train-size N} of fit-svr is {@code --set fit-svr.train_size=N}.
     */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        options.forEach((key, option) -> {
            Object v = option.getValue();
            if (v != null) {
                out.put(key, String.valueOf(v));
            }
        });
        return out;
    }

    /** The config keys this job offers as options. */
    List<Shorthand> shorthands() {
        return shorthands;
    }

    /**
     * The options for the shorthands, added to this job's command once; their keys belong to the stage's own
     * section. Picocli runs the transformer again on a subcommand built on its own ({@link EarlyRank#commands()})
     * when it builds the parent, so a second call adds nothing.
     */
    void addShorthands(CommandSpec spec) {
        if (!options.isEmpty()) {
            return;
        }
        Section<?> section = stage.sections().stream().filter(s -> s.name().equals(stage.name())).findFirst()
                .orElse(null);
        for (Shorthand s : shorthands) {
            if (section == null) {
                throw new IllegalStateException(stage.name() + " has no config section of its own for " + s.optionName());
            }
            OptionSpec option = s.option(section);
            spec.addOption(option);
            options.put(section.name() + "." + s.key(), option);
        }
    }

    /** The model transformer of every stage job: adds its shorthands once picocli has built its command. */
    static final class AddShorthands implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            ((StageJob) spec.userObject()).addShorthands(spec);
            return spec;
        }
    }

    /** The last line printed: the sweep folder (the report prints its page). */
    String result(SweepFolder sweep) {
        return "sweep: " + sweep;
    }

    /** The stage to run under this config: the job's own, unless a subclass chooses by an option. */
    Stage stage(SweepConfig cfg) {
        return stage;
    }

    @Override
    public Integer call() {
        return Jobs.withSession(common, overrides(), stage.name(), (cfg, spark) -> {
            SweepFolder sweep = common.sweepFolder(cfg, spark.sparkContext().hadoopConfiguration());
            Stage chosen = stage(cfg);
            Jobs.printSummary(chosen.name(), Pipeline.run(chosen, spark, cfg, sweep, common.overwrite));
            System.out.println(result(sweep));
            return 0;
        });
    }

}
