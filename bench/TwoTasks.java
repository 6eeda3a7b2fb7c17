import java.lang.management.ManagementFactory;
import java.util.concurrent.*;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.bench.LayerProfile;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains THREADS copies of one architecture at once on THREADS threads of this JVM (random 14x14 images,
 * batch 128, 10 warm-up steps, then STEPS timed ones) and prints each thread's milliseconds per step, wall and
 * thread CPU, and the garbage collectors' counts: how much two training tasks sharing a JVM (as in bin/bench and
 * a local sweep) cost each other. Run two of these with THREADS 1 at once for two JVMs. BENCHMARKS.md, issue 19,
 * round 6.
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -Xmx4g -cp "$(er_classpath)" bench/TwoTasks.java ARCH 2 200
 */
public class TwoTasks {
    public static void main(String[] a) throws Exception {
        String arch = a[0];
        int threads = Integer.parseInt(a[1]);
        int steps = Integer.parseInt(a[2]);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CyclicBarrier start = new CyclicBarrier(threads);
        var futures = new java.util.ArrayList<Future<String>>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                ComputationGraph net = LayerProfile.attached(LayerProfile.cell(arch), 0.05);
                DataSet d = LayerProfile.batch();
                for (int i = 0; i < 10; i++) net.fit(d);
                start.await();
                var mx = ManagementFactory.getThreadMXBean();
                long c0 = mx.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) net.fit(d);
                double wall = (System.nanoTime() - t0) / 1e6 / steps;
                double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
                return String.format("%.1f ms/step wall, %.1f thread CPU", wall, cpu);
            }));
        }
        for (Future<String> f : futures) System.out.println(f.get());
        var gcs = ManagementFactory.getGarbageCollectorMXBeans();
        for (var g : gcs) System.out.println("gc " + g.getName() + " " + g.getCollectionCount() + " collections, " + g.getCollectionTime() + " ms");
        pool.shutdown();
    }
}
