package org.earlyrank.jobs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import org.earlyrank.bench.BenchRunner;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.bench.Machine;
import org.earlyrank.bench.ScaleBench;

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
                    + "the same config (its first space.runs runs), instead of training them again; the speed "
                    + "comparison also reports EarlyRank's images/s in that sweep's training passes "
                    + "(vs_pytorch_sweep_median, vs_pytorch_sweep_min).")
    String paritySweep;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every figure as JSON.")
    Path json;

    @Option(names = "--scale", split = ",", paramLabel = "N[,N...]",
            description = "Only the scale benchmark (issue 23): N synthetic curves each through import-curves, score-tse, "
                    + "fit-svr and report, timed, files per table, peak memory; writes its own BENCHMARKS.md section. "
                    + "Full mode runs it with 1000,15625.")
    java.util.List<Integer> scale;

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
            Map<String, Object> r;
            if (scale != null) {
                for (int n : scale) {
                    if (n < 1) {
                        System.err.println("bench: --scale takes run counts of at least 1, got " + n);
                        return 2;
                    }
                }
                Path tmp = Files.createTempDirectory("earlyrank-scale");
                try {
                    r = new java.util.LinkedHashMap<>(Machine.describe());
                    r.putAll(ScaleBench.run(spark, Path.of("data", "curves", "metaqnn_svhn.csv"), scale, tmp));
                } finally {
                    org.apache.commons.io.FileUtils.deleteQuietly(tmp.toFile());
                }
                String cmd = "bin/bench --scale " + scale.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","));
                ScaleBench.writeMarkdown(markdown, r, cmd, r);
            } else {
                BenchRunner runner = new BenchRunner(spark, cfg, quick, java.util.Set.copyOf(skip));
                if (paritySweep != null) {
                    SweepFolder sweep = SweepFolder.at(paritySweep, new org.apache.hadoop.conf.Configuration());
                    sweep.requireExists();
                    runner.paritySweep(sweep);
                }
                r = runner.run();
                String cmd = "bin/bench" + (quick ? " --quick" : "") + (skip.isEmpty() ? "" : " --skip " + String.join(",", skip))
                        + (paritySweep == null ? "" : " --parity-sweep " + paritySweep)
                        + (json != null ? " --json " + json : "");
                BenchRunner.writeMarkdown(markdown, r, cmd);
                if (r.containsKey("scale")) {
                    ScaleBench.writeMarkdown(markdown, r, cmd, r);
                }
            }
            ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            if (json != null) {
                Files.writeString(json, m.writeValueAsString(r));
            }
            System.out.println(m.writeValueAsString(r));
            return 0;
        });
    }
}
