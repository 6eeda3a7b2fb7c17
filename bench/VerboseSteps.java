import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.bench.LayerProfile;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Trains one architecture (batch 128 of random 14x14 images) for 5 warm-up steps and then STEPS steps between
 * two marker lines, for oneDNN's own per-primitive timings: run with DNNL_VERBOSE=1 and sum the
 * "verbose,exec" lines between the markers by primitive and propagation kind. BENCHMARKS.md, issue 19, round 6.
 *   DNNL_VERBOSE=1 java $JVM_FLAGS -cp "$(er_classpath)" bench/VerboseSteps.java ARCH 10 > v.txt
 *   awk '/== begin/{f=1;next} /== end/{f=0} f && /verbose,exec/' v.txt | awk -F, '{k=$4" "$6; t[k]+=$NF; c[k]++}
 *       END {for (k in t) printf "%-40s %5d calls %8.2f ms\n", k, c[k], t[k]}'
 */
public class VerboseSteps {
    public static void main(String[] a) {
        ComputationGraph net = LayerProfile.attached(LayerProfile.cell(a[0]), 0.05);
        DataSet d = LayerProfile.batch();
        for (int i = 0; i < 5; i++) net.fit(d);
        System.out.println("== begin");
        long t0 = System.nanoTime();
        int n = Integer.parseInt(a[1]);
        for (int i = 0; i < n; i++) net.fit(d);
        System.out.println("== end " + (System.nanoTime() - t0) / 1e6 / n + " ms/step");
    }
}
