package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.bench.BenchRunner;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code earlyrank bench}: measures where the time goes, against this machine's limits. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure training against the sgemm peak, capture overhead, Spark fan-out vs a thread pool, "
                + "estimator costs and (full mode) the default sweep; write BENCHMARKS.md and optionally JSON.")
public final class BenchJob implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--quick", description = "A few minutes: fewer runs and epochs, no default sweep.")
    boolean quick;

    @Option(names = "--skip", paramLabel = "PART", split = ",",
            description = "Leave out these parts (comma-separated): training, pytorch, capture, fanout (with the "
                    + "ensemble's cost), svr, parity, levers, speed-levers, sweep. Their figures read 'not run'.")
    java.util.List<String> skip = new java.util.ArrayList<>();

    @Option(names = "--parity-sweep", paramLabel = "DIR/<sweep_id>",
            description = "Take EarlyRank's side of the PyTorch parity check from this finished sweep, trained with "
                    + "the same config (its first space.runs runs), instead of training them again.")
    String paritySweep;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", defaultValue = "BENCHMARKS.md",
            description = "Markdown file whose generated section is replaced. Default: ${DEFAULT-VALUE}.")
    Path markdown;

    @Override
    public Integer call() {
        int bad = Jobs.guard(() -> {
            BenchRunner.checkParts(skip); // before a Spark session starts
            return 0;
        });
        if (bad != 0) {
            return bad;
        }
        return Jobs.withSession(common, Map.of(), "bench", (cfg, spark) -> {
            BenchRunner runner = new BenchRunner(spark, cfg, quick, java.util.Set.copyOf(skip));
            if (paritySweep != null) {
                SweepFolder sweep = SweepFolder.at(paritySweep, new org.apache.hadoop.conf.Configuration());
                sweep.requireExists();
                runner.paritySweep(sweep);
            }
            Map<String, Object> r = runner.run();
            String cmd = "bin/bench" + (quick ? " --quick" : "") + (skip.isEmpty() ? "" : " --skip " + String.join(",", skip))
                    + (paritySweep == null ? "" : " --parity-sweep " + paritySweep)
                    + (json != null ? " --json " + json : "");
            BenchRunner.writeMarkdown(markdown, r, cmd);
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (json != null) {
                Files.writeString(json, m.writeValueAsString(r));
            }
            System.out.println(m.writeValueAsString(r));
            return 0;
        });
    }
}
