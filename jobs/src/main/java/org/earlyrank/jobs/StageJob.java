package org.earlyrank.jobs;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * A job that runs one stage: load the config (the job's own options become {@code --set} overrides),
 * start or join the session, run the stage through {@link Pipeline#run}, print its summary and where the
 * result is. A subclass adds only its {@code @Command} and options; each option it declares is named after a
 * key of the stage's section ({@link #configKey}).
 */
abstract class StageJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    private final Stage stage;

    StageJob(Stage stage) {
        this.stage = stage;
    }

    /**
     * Config overrides from the job's own options, each given one as its key in the stage's section, with
     * the precedence of {@code --set}: every option a job declares is a shorthand, {@code --train-size N} of
     * fit-svr is {@code --set fit-svr.train_size=N}.
     */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : getClass().getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option == null) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object v = f.get(this);
                if (v != null) {
                    out.put(configKey(stage.name(), option), String.valueOf(v));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    /** The key an option sets, from its long name: {@code --top-k} of train-final is {@code train-final.top_k}. */
    static String configKey(String section, Option option) {
        String name = Arrays.stream(option.names()).filter(n -> n.startsWith("--")).findFirst()
                .orElseThrow(() -> new IllegalStateException("a stage job's option needs a --long name: "
                        + Arrays.toString(option.names())));
        return section + "." + name.substring(2).replace('-', '_');
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
