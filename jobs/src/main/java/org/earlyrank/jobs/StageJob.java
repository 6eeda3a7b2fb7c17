package org.earlyrank.jobs;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Mixin;

/**
 * A job that runs one stage: load the config (the job's own options become {@code --set} overrides),
 * start or join the session, run the stage through {@link Pipeline#run}, print its summary and where the
 * result is. A subclass adds only its {@code @Command} and options.
 */
abstract class StageJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    private final Stage stage;

    StageJob(Stage stage) {
        this.stage = stage;
    }

    /**
     * Config overrides from the job's own options: every {@link ConfigKey} option that was given, as its
     * full key ({@code fit-svr.train_size}).
     */
    Map<String, String> overrides() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Field f : getClass().getDeclaredFields()) {
            ConfigKey key = f.getAnnotation(ConfigKey.class);
            if (key == null) {
                continue;
            }
            try {
                f.setAccessible(true);
                Object v = f.get(this);
                if (v != null) {
                    out.put(key.value(), String.valueOf(v));
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
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
