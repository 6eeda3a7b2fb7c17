package org.earlyrank.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.NetworkBuilder;
import org.earlyrank.train.OneDnnHelpers;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a training step's time goes, by layer type: trains EarlyRank's default networks on this thread
 * while Java Flight Recorder samples it (every 2 ms, Java and native frames), and charges each sample to the
 * innermost DL4J layer or graph vertex on its stack, split into forward and backward and into time in native
 * code (libnd4j, oneDNN, and their format conversions) and in Java (DL4J's and ND4J's own work, workspaces,
 * EarlyRank's helpers). Samples outside any layer go to the updater (Nesterov with L2), the graph's own
 * bookkeeping, or "other". Shares are of all samples of the training thread during the timed steps.
 */
public final class LayerProfile {
    private static final InputShape SHAPE = new InputShape(1, 14, 14, 10);

    private LayerProfile() {
    }

    /** Share of samples per category; each category also has its native share. */
    public record Share(String category, double share, double nativeShare) {
    }

    /**
     * Profiles {@code steps} minibatches of 128 of each spec's default network (after 3 warm-up steps).
     *
     * @param before true to profile the configuration before this work instead ({@link SpeedLevers#BEFORE})
     */
    public static List<Share> run(List<RunSpec> specs, int steps, boolean before) throws IOException {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        DataSet batch = new DataSet(x, y);
        Map<String, long[]> counts = new TreeMap<>();
        long total = 0;
        for (RunSpec spec : specs) {
            ComputationGraph g = new ComputationGraph(NetworkBuilder.build(spec, SHAPE, new FixedSchedule(0.01)));
            g.init();
            OneDnnHelpers.attach(g);
            if (before) {
                SpeedLevers.before(g);
            }
            for (int i = 0; i < 3; i++) {
                g.fit(batch);
            }
            Path file = Files.createTempFile("earlyrank-profile", ".jfr");
            try (Recording rec = new Recording()) {
                rec.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(2));
                rec.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(2));
                rec.start();
                for (int i = 0; i < steps; i++) {
                    g.fit(batch);
                }
                rec.stop();
                rec.dump(file);
                String me = Thread.currentThread().getName();
                for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
                    RecordedThread t = e.getThread("sampledThread");
                    RecordedStackTrace st = e.getStackTrace();
                    if (t == null || st == null || !me.equals(t.getJavaName())) {
                        continue;
                    }
                    boolean nat = e.getEventType().getName().equals("jdk.NativeMethodSample");
                    long[] c = counts.computeIfAbsent(category(st.getFrames()), k -> new long[2]);
                    c[0]++;
                    if (nat) {
                        c[1]++;
                    }
                    total++;
                }
            } finally {
                Files.deleteIfExists(file);
            }
        }
        Map<String, Share> out = new LinkedHashMap<>();
        long all = total;
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.put(e.getKey(), new Share(e.getKey(), e.getValue()[0] / (double) all,
                        e.getValue()[1] / (double) Math.max(1, e.getValue()[0]))));
        return List.copyOf(out.values());
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        List<RunSpec> specs = SpeedLevers.specs(BenchRunner.defaultConfig(Path.of("conf", "default.yaml")), n);
        List<Share> now = run(specs, steps, false);
        List<Share> before = run(specs, steps, true);
        System.out.println("| where (innermost layer on the stack) | before: share of step | of which native | now: share | of which native |");
        System.out.println("|---|---|---|---|---|");
        Map<String, Share> b = new LinkedHashMap<>();
        before.forEach(s -> b.put(s.category(), s));
        Map<String, Share> a = new LinkedHashMap<>();
        now.forEach(s -> a.put(s.category(), s));
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        for (String k : keys) {
            Share x = b.get(k);
            Share z = a.get(k);
            System.out.printf("| %s | %s | %s | %s | %s |%n", k, x == null ? "-" : pct(x.share()),
                    x == null ? "-" : pct(x.nativeShare()), z == null ? "-" : pct(z.share()), z == null ? "-" : pct(z.nativeShare()));
        }
    }

    static String pct(double v) {
        return String.format("%.1f%%", 100 * v);
    }

    /** The category of one stack (frames from the innermost out). */
    static String category(List<RecordedFrame> frames) {
        boolean backward = false;
        for (RecordedFrame f : frames) {
            String m = f.getMethod().getName();
            backward |= m.equals("backpropGradient") || m.equals("doBackward") || m.equals("calcBackpropGradients");
        }
        boolean graph = false;
        for (RecordedFrame f : frames) {
            String cls = f.getMethod().getType().getName();
            String kind = layerKind(cls);
            if (kind != null) {
                return kind + (backward ? ", backward" : ", forward");
            }
            if (cls.startsWith("org.deeplearning4j.nn.updater.") || cls.startsWith("org.nd4j.linalg.learning.")
                    || cls.startsWith("org.deeplearning4j.nn.conf.") && cls.contains("Regulariz")) {
                return "updater (Nesterov, L2)";
            }
            graph |= cls.equals("org.deeplearning4j.nn.graph.ComputationGraph");
        }
        return graph ? "graph bookkeeping (ComputationGraph)" : "other";
    }

    private static String layerKind(String cls) {
        if (cls.startsWith("org.earlyrank.train.AvgPoolLayer")) {
            return "pooling";
        }
        if (!cls.startsWith("org.deeplearning4j.nn.layers.") && !cls.startsWith("org.deeplearning4j.nn.graph.vertex.impl.")
                || cls.contains(".mkldnn.") || cls.endsWith(".LayerVertex")) {
            return null;
        }
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return switch (simple) {
            case "BaseLayer", "AbstractLayer", "BaseGraphVertex" -> null; // shared code: the caller says which layer
            case "ConvolutionLayer" -> "convolution";
            case "BatchNormalization" -> "batch norm";
            case "ActivationLayer" -> "activation (ReLU)";
            case "SubsamplingLayer" -> "pooling";
            case "ElementWiseVertex", "ScaleVertex" -> "vertices (sums, scaling)";
            case "GlobalPoolingLayer", "OutputLayer", "BaseOutputLayer" -> "head (global pooling, softmax)";
            default -> cls.contains(".vertex.") ? "vertices (sums, scaling)" : "other layers (" + simple + ")";
        };
    }
}
