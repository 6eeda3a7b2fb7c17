package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.bench.BenchRunner;

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

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", defaultValue = "BENCHMARKS.md",
            description = "Markdown file whose generated section is replaced. Default: ${DEFAULT-VALUE}.")
    Path markdown;

    @Override
    public Integer call() {
        return Jobs.withSession(common, Map.of(), "bench", (cfg, spark) -> {
            Map<String, Object> r = new BenchRunner(spark, cfg, quick).run();
            String cmd = "bin/bench" + (quick ? " --quick" : "") + (json != null ? " --json " + json : "");
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
