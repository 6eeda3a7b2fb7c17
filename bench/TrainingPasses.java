import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.earlyrank.bench.TrainingBench;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;

/**
 * EarlyRank's side of bin/bench's PyTorch comparison, without the peer: the default config's first 32
 * architectures, 2 epochs each, on 2 threads of this JVM, a cold pass and then a warm one (as
 * PytorchPeerBench), printing each pass's wall seconds, summed training-pass seconds (curves.train_seconds)
 * and the median and minimum images/s over the runs. For levers that act on the JVM rather than on the
 * code, such as the garbage collector (bench/gc_ab.sh; BENCHMARKS.md, issue 19, round 9).
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -XX:+UseParallelGC -Xmx8g -cp "$(er_classpath)" bench/TrainingPasses.java
 */
public class TrainingPasses {
    public static void main(String[] a) throws Exception {
        SweepConfig cfg = ConfigLoader.load(Path.of("conf/default.yaml"), Map.of("space.runs", "32"));
        TrainOptions opts = cfg.get(TrainOptions.SECTION).withEpochs(2);
        DatasetOptions data = cfg.get(DatasetOptions.SECTION);
        List<RunSpec> specs = RunSampler.sample(cfg.get(SpaceOptions.SECTION), opts, data, cfg.seed());
        for (String pass : new String[]{"cold", "warm"}) {
            long t0 = System.nanoTime();
            TrainingBench.Result res = TrainingBench.run(specs, data, opts, 2);
            double[] r = res.perRun().stream().mapToDouble(TrainingBench.RunSpeed::imagesPerSecond).sorted().toArray();
            System.out.printf("%s pass: wall %.1f s, training passes %.1f s, images/s median %.0f, min %.0f%n", pass,
                    (System.nanoTime() - t0) / 1e9, res.trainSeconds(), (r[r.length / 2 - 1] + r[r.length / 2]) / 2, r[0]);
        }
    }
}
