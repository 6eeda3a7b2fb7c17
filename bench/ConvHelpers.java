import java.util.Locale;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.layers.convolution.ConvolutionHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.util.ConvolutionUtils;
import org.earlyrank.train.DirectOneDnnConvHelper;
import org.earlyrank.train.ShapeInfoCache;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One convolution's forward and backward pass (batch 128, the default sweep's layer shapes) through DL4J's
 * oneDNN helper (libnd4j's conv2d ops, which rebuild oneDNN's primitives on every call) and through
 * EarlyRank's DirectOneDnnConvHelper (primitives built once per shape), alternated in blocks; milliseconds per
 * forward+backward and whether the two agree bit for bit. BENCHMARKS.md, issue 19, round 6.
 *   source bin/common.sh && er_ensure_built && java $JVM_FLAGS -cp "$(er_classpath)" bench/ConvHelpers.java [REPS]
 */
public class ConvHelpers {
    static final int[] DIL = {1, 1};

    public static void main(String[] a) {
        int reps = a.length > 0 ? Integer.parseInt(a[0]) : 200;
        ShapeInfoCache.install();
        // outputs and gradients in a workspace, as in training (a fresh off-heap allocation per call would time ND4J)
        WorkspaceConfiguration wsConf = WorkspaceConfiguration.builder().policyLearning(LearningPolicy.FIRST_LOOP)
                .policyAllocation(AllocationPolicy.STRICT).build();
        LayerWorkspaceMgr ws = LayerWorkspaceMgr.builder().defaultWorkspace("CONV_BENCH", wsConf).build();
        // channels in, out, map size, kernel, stride: the stem, the cells' 3x3 and 1x1 at each stage, a reduction
        int[][] shapes = {{1, 8, 14, 3, 1}, {8, 8, 14, 3, 1}, {8, 8, 14, 1, 1}, {8, 16, 14, 3, 2},
                {16, 16, 7, 3, 1}, {16, 16, 7, 1, 1}, {32, 32, 4, 3, 1}, {32, 32, 4, 1, 1}};
        System.out.println("| channels in -> out | map | kernel, stride | libnd4j conv2d ops (ms) | direct (ms) | speed-up | bit for bit |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int[] c : shapes) {
            Nd4j.getRandom().setSeed(1);
            INDArray x = Nd4j.randn(DataType.FLOAT, 128, c[0], c[2], c[2]);
            INDArray w = Nd4j.randn(DataType.FLOAT, c[1], c[0], c[3], c[3]);
            INDArray b = Nd4j.zeros(DataType.FLOAT, 1, c[1]);
            int[] k = {c[3], c[3]};
            int[] s = {c[4], c[4]};
            int[] out = ConvolutionUtils.getOutputSize(x, k, s, null, ConvolutionMode.Same, DIL);
            int[] pad = ConvolutionUtils.getSameModeTopLeftPadding(out, new int[]{c[2], c[2]}, k, s, DIL);
            INDArray dy = Nd4j.randn(DataType.FLOAT, 128, c[1], out[0], out[1]);
            ConvolutionHelper[] helpers = {new MKLDNNConvHelper(DataType.FLOAT), new DirectOneDnnConvHelper(false)};
            INDArray[][] results = new INDArray[2][];
            double[] ms = new double[2];
            for (int round = 0; round < 6; round++) {
                for (int h = 0; h < 2; h++) {
                    INDArray wg = Nd4j.zeros(DataType.FLOAT, c[1], c[0], c[3], c[3]);
                    INDArray bg = Nd4j.zeros(DataType.FLOAT, 1, c[1]);
                    long t0 = System.nanoTime();
                    int n = round == 0 ? 20 : reps / 5;
                    INDArray y = null;
                    INDArray dx = null;
                    for (int i = 0; i < n; i++) {
                        try (MemoryWorkspace m = Nd4j.getWorkspaceManager().getAndActivateWorkspace(wsConf, "CONV_BENCH")) {
                            y = helpers[h].preOutput(x, w, b, k, s, pad.clone(), null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, ws);
                            dx = helpers[h].backpropGradient(x, w, b, dy, k, s, pad.clone(), bg, wg, new ActivationIdentity(),
                                    null, null, null, ConvolutionMode.Same, DIL, CNN2DFormat.NCHW, ws).getSecond();
                            if (i == n - 1) {
                                y = y.detach();
                                dx = dx.detach();
                            }
                        }
                    }
                    if (round > 0) { // round 0 warms up
                        ms[h] += (System.nanoTime() - t0) / 1e6 / n / 5;
                    }
                    results[h] = new INDArray[]{y, dx, wg};
                }
            }
            boolean same = true;
            for (int i = 0; i < 3; i++) {
                same &= java.util.Arrays.equals(results[0][i].dup('c').data().asFloat(), results[1][i].dup('c').data().asFloat());
            }
            System.out.printf(Locale.ROOT, "| %d -> %d | %dx%d | %dx%d, %d | %.2f | %.2f | %.2fx | %s |%n", c[0], c[1], c[2], c[2],
                    c[3], c[3], c[4], ms[0], ms[1], ms[0] / ms[1], same ? "yes" : "NO");
        }
    }
}
