import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;
/**
 * ReluLayer against DL4J's ActivationLayer (the same network from JSON with the class name swapped), trained in
 * rotating blocks in one JVM, with a second ReluLayer copy as the noise gauge. BENCHMARKS.md, issue 19, round 7.
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -Xmx8g -cp "$(er_classpath)" bench/ReluAB.java ARCH 20 20
 */
public class ReluAB {
    public static void main(String[] a) throws Exception {
        String arch = a[0]; int rounds = Integer.parseInt(a[1]); int block = Integer.parseInt(a[2]);
        RunSpec s = new RunSpec("p", arch, "nb201", 1, 1, 8, 14, 1, 128, 0.05, 0.9, 5e-4, "linear", 1.0);
        ComputationGraphConfiguration c = NetworkBuilder.build(s, new InputShape(1, 14, 14, 10), new FixedSchedule(0.05));
        String json = c.toJson();
        ComputationGraph[] nets = new ComputationGraph[3];
        nets[0] = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        nets[1] = new ComputationGraph(ComputationGraphConfiguration.fromJson(json.replace("org.earlyrank.train.ReluLayer", "org.deeplearning4j.nn.conf.layers.ActivationLayer")));
        nets[2] = new ComputationGraph(ComputationGraphConfiguration.fromJson(json));
        for (var n : nets) { n.init(); OneDnnHelpers.attach(n); }
        System.out.println(nets[0].getLayer(nets[0].getLayers().length > 0 ? nets[0].getLayers()[1].conf().getLayer().getLayerName() : "").getClass() + " vs " + nets[1].getLayers()[1].getClass());
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) y.putScalar(i, i % 10, 1f);
        DataSet d = new DataSet(x, y);
        for (var n : nets) for (int i = 0; i < 30; i++) n.fit(d);
        double[] t = new double[3];
        for (int r = 0; r < rounds; r++) for (int k = 0; k < 3; k++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < block; i++) nets[k].fit(d);
            t[k] += (System.nanoTime() - t0) / 1e6;
        }
        int steps = rounds * block;
        System.out.printf("ReluLayer %.2f ms/step, ActivationLayer %.2f, ReluLayer again %.2f; ActivationLayer/ReluLayer %.3f (gauge %.3f)%n", t[0]/steps, t[1]/steps, t[2]/steps, t[1]/t[0], t[2]/t[0]);
    }
}
