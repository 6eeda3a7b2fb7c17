import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

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
        RunSpec s = new RunSpec("p", a[0], "nb201", 1, 1, 8, 14, 1, 128, 0.05, 0.9, 5e-4, "linear", 1.0);
        ComputationGraph net = new ComputationGraph(NetworkBuilder.build(s, new InputShape(1, 14, 14, 10), new FixedSchedule(0.05)));
        net.init();
        OneDnnHelpers.attach(net);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) y.putScalar(i, i % 10, 1f);
        DataSet d = new DataSet(x, y);
        for (int i = 0; i < 5; i++) net.fit(d);
        System.out.println("== begin");
        long t0 = System.nanoTime();
        int n = Integer.parseInt(a[1]);
        for (int i = 0; i < n; i++) net.fit(d);
        System.out.println("== end " + (System.nanoTime() - t0) / 1e6 / n + " ms/step");
    }
}
