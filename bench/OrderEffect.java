import java.nio.file.Path;
import java.util.*;
import org.earlyrank.config.*;
import org.earlyrank.space.*;
import org.earlyrank.bench.*;

/**
 * Is bin/bench's order effect (issue 19: the first architectures it trains compare worse with PyTorch than the
 * last) JIT warm-up? Trains the default sweep's first N architectures (2 epochs, 2 at a time, as the PyTorch
 * comparison does) twice in one JVM after the bench's warm-up, and prints each one's images/s in both passes:
 * warm-up would show as the first architectures gaining more in pass 2 than the last. BENCHMARKS.md, issue 19.
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -Xmx8g -cp "$(er_classpath)" bench/OrderEffect.java 16
 * With a second argument {@code once} it trains one pass and prints its makespan and rates, for an A/B of JVM flags
 * (e.g. {@code -XX:+UseParallelGC} before {@code -Xmx8g}).
 */
public class OrderEffect {
    public static void main(String[] a) throws Exception {
        int n = Integer.parseInt(a[0]);
        boolean once = a.length > 1 && a[1].equals("once");
        SweepConfig cfg = ConfigLoader.load(Path.of("conf/default.yaml"), Map.of());
        TrainOptions t = cfg.get(TrainOptions.SECTION);
        DatasetOptions d = cfg.get(DatasetOptions.SECTION);
        TrainOptions e2 = t.withEpochs(2);
        TrainOptions e1 = t.withEpochs(1);
        List<RunSpec> specs = RunSampler.sample(cfg.get(SpaceOptions.SECTION), e2, d, cfg.seed()).subList(0, n);
        List<RunSpec> w1 = RunSampler.sample(cfg.get(SpaceOptions.SECTION), e1, d, cfg.seed()).subList(0, 2);
        long t0 = System.nanoTime();
        TrainingBench.run(w1, d, e1, 2);
        System.out.printf("warm-up %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (once) { // one pass: the makespan and images/s of the N runs (for an A/B of JVM flags)
            t0 = System.nanoTime();
            TrainingBench.Result r = TrainingBench.run(specs, d, e2, 2);
            double[] v = r.perRun().stream().mapToDouble(TrainingBench.RunSpeed::imagesPerSecond).toArray();
            System.out.printf("makespan %.1f s, median %.0f images/s per run, sum of the runs' rates %.0f%n",
                    (System.nanoTime() - t0) / 1e9, org.earlyrank.base.Median.of(v), Arrays.stream(v).sum());
            return;
        }
        double[][] ips = new double[2][n];
        for (int pass = 0; pass < 2; pass++) {
            t0 = System.nanoTime();
            TrainingBench.Result r = TrainingBench.run(specs, d, e2, 2);
            for (int i = 0; i < n; i++) ips[pass][i] = r.perRun().get(i).imagesPerSecond();
            System.out.printf("pass %d: %.1f s%n", pass + 1, (System.nanoTime() - t0) / 1e9);
        }
        for (int i = 0; i < n; i++) {
            System.out.printf("%2d %7.0f %7.0f %.2f %s%n", i, ips[0][i], ips[1][i], ips[1][i] / ips[0][i], specs.get(i).arch());
        }
    }
}
