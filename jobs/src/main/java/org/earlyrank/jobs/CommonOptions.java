package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Option;

/** Options every stage takes: the config, overrides, and where the sweep lives. */
public final class CommonOptions {
    @Option(names = "--conf", paramLabel = "FILE",
            description = "YAML config (default: conf/default.yaml of the EarlyRank install, else built-in defaults).")
    Path conf;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config key, e.g. --set train.epochs=3 (repeatable; wins over the file).")
    List<String> sets = List.of();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
            description = "Output root (any Hadoop file system URI); the sweep goes to DIR/<sweep_id>. Default: ${DEFAULT-VALUE}.")
    String out;

    @Option(names = "--sweep-id", paramLabel = "ID", description = "Sweep id (default: the config's name).")
    String sweepId;

    @Option(names = "--overwrite", description = "Start afresh instead of resuming what the same --out holds.")
    boolean overwrite;

    @Option(names = "--sweep", paramLabel = "DIR/<sweep_id>",
            description = "The sweep folder a stage reads and adds to (default: --out/<sweep id>).")
    String sweep;

    /** The sweep folder: --sweep when given, else --out/<sweep id of the config>. */
    SweepFolder sweepFolder(SweepConfig cfg, org.apache.hadoop.conf.Configuration conf) {
        return sweep != null ? SweepFolder.at(sweep, conf) : SweepFolder.at(out, cfg.sweepId(), conf);
    }

    /** Loads the config: --set, then --conf (or the default file), then defaults. */
    SweepConfig config(Map<String, String> extra) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set takes KEY=VALUE (e.g. --set train.epochs=3), got '" + s + "'");
            }
            overrides.put(s.substring(0, eq).trim(), s.substring(eq + 1));
        }
        overrides.putAll(extra);
        if (sweepId != null) {
            overrides.put("name", sweepId);
        }
        return ConfigLoader.load(confFile(), overrides);
    }

    Path confFile() {
        if (conf != null) {
            return conf;
        }
        Path dflt = Jobs.installPath("conf", "default.yaml");
        return Files.isRegularFile(dflt) ? dflt : null;
    }
}
