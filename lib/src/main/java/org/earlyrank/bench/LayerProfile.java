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
import org.earlyrank.config.SweepConfig;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.NetworkBuilder;
import org.earlyrank.train.OneDnnHelpers;
import org.earlyrank.train.ShapeInfoCache;
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
     * @param before true to profile the configuration before the speed work instead ({@link SpeedLevers#BEFORE},
     *               which also runs without the shape-information cache)
     */
    public static List<Share> run(List<RunSpec> specs, int steps, boolean before) throws IOException {
        return run(specs, steps, before, null);
    }

    /** As {@link #run(List, int, boolean)}, also counting samples per innermost method into {@code hot} (when not null). */
    static List<Share> run(List<RunSpec> specs, int steps, boolean before, Map<String, Long> hot) throws IOException {
        DataSet batch = batch();
        Map<String, long[]> counts = new TreeMap<>();
        long total = 0;
        for (RunSpec spec : specs) {
            ComputationGraph g = attached(spec, 0.01);
            if (before) {
                SpeedLevers.before(g);
                ShapeInfoCache.uninstall();
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
                    if (hot != null && !st.getFrames().isEmpty()) {
                        RecordedFrame top = st.getFrames().get(0);
                        String key = top.getMethod().getType().getName() + "." + top.getMethod().getName()
                                + (nat ? " (native)" : "");
                        hot.merge(key, 1L, Long::sum);
                    }
                }
            } finally {
                Files.deleteIfExists(file);
                ShapeInfoCache.install();
            }
        }
        Map<String, Share> out = new LinkedHashMap<>();
        long all = total;
        counts.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]))
                .forEach(e -> out.put(e.getKey(), new Share(e.getKey(), e.getValue()[0] / (double) all,
                        e.getValue()[1] / (double) Math.max(1, e.getValue()[0]))));
        return List.copyOf(out.values());
    }

    /**
     * {@code LayerProfile [N | ARCH...] [STEPS]}: N the first N architectures of conf/default.yaml's sweep
     * (default 6), or nb201 cell strings (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|) trained with that sweep's
     * other settings; STEPS timed minibatches per architecture (default 40). Prints the table before/now, then
     * each architecture's milliseconds per step (wall and thread CPU, the median of 5 timed blocks), then the
     * hottest innermost methods (self samples) of the current configuration.
     */
    public static void main(String[] args) throws IOException {
        List<String> archs = new java.util.ArrayList<>();
        List<Integer> nums = new java.util.ArrayList<>();
        for (String a : args) {
            if (a.startsWith("|")) {
                archs.add(a);
            } else {
                nums.add(Integer.parseInt(a));
            }
        }
        int n = archs.isEmpty() && !nums.isEmpty() ? nums.get(0) : 6;
        int steps = archs.isEmpty() ? (nums.size() > 1 ? nums.get(1) : 40) : (nums.isEmpty() ? 40 : nums.get(0));
        SweepConfig cfg = BenchRunner.defaultConfig(Path.of("conf", "default.yaml"));
        List<RunSpec> specs = archs.isEmpty() ? SpeedLevers.specs(cfg, n) : SpeedLevers.specs(cfg, archs);
        Map<String, Long> hot = new TreeMap<>();
        List<Share> now = run(specs, steps, false, hot);
        List<Share> before = run(specs, steps, true, null);
        System.out.println("| where (innermost layer on the stack) | before: share of step | of which native | now: share | of which native |");
        System.out.println("|---|---|---|---|---|");
        Map<String, Share> b = new LinkedHashMap<>();
        before.forEach(s -> b.put(s.category(), s));
        Map<String, Share> a = new LinkedHashMap<>();
        now.forEach(s -> a.put(s.category(), s));
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            Share x = b.get(k);
            Share z = a.get(k);
            System.out.printf("| %s | %s | %s | %s | %s |%n", k, x == null ? "-" : pct(x.share()),
                    x == null ? "-" : pct(x.nativeShare()), z == null ? "-" : pct(z.share()), z == null ? "-" : pct(z.nativeShare()));
        }
        System.out.println();
        System.out.println("| architecture | layers + vertices | ms per step (wall) | ms per step (thread CPU) |");
        System.out.println("|---|---|---|---|");
        for (RunSpec spec : specs) {
            double[] ms = stepMillis(spec, Math.max(5, steps / 5), 5);
            ComputationGraph g = new ComputationGraph(NetworkBuilder.build(spec, SHAPE, new FixedSchedule(0.01)));
            System.out.printf("| `%s` | %d | %.2f | %.2f |%n", spec.arch().replace("|", "\\|"),
                    g.getConfiguration().getVertices().size(), ms[0], ms[1]);
        }
        long all = hot.values().stream().mapToLong(Long::longValue).sum();
        System.out.println();
        System.out.println("| hottest innermost method (now) | share of samples |");
        System.out.println("|---|---|");
        hot.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(30)
                .forEach(e -> System.out.printf("| %s | %s |%n", e.getKey(), pct(e.getValue() / (double) all)));
    }

    /** Median wall and thread-CPU milliseconds per minibatch of 128 over {@code blocks} blocks of {@code steps}. */
    static double[] stepMillis(RunSpec spec, int steps, int blocks) {
        ComputationGraph g = attached(spec, 0.01);
        DataSet batch = batch();
        for (int i = 0; i < 3; i++) {
            g.fit(batch);
        }
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        double[] wall = new double[blocks];
        double[] cpu = new double[blocks];
        for (int r = 0; r < blocks; r++) {
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                g.fit(batch);
            }
            wall[r] = (System.nanoTime() - t0) / 1e6 / steps;
            cpu[r] = (threads.getCurrentThreadCpuTime() - c0) / 1e6 / steps;
        }
        return new double[] {org.earlyrank.base.Median.of(wall), org.earlyrank.base.Median.of(cpu)};
    }

    /**
     * A run of one nb201 cell at the default sweep's size (C = 8, 14x14 inputs, batch 128, Nesterov 0.9, weight
     * decay 5e-4), for the step drivers in bench/ (TwoTasks, VerboseSteps, DeallocatorRecords).
     */
    public static RunSpec cell(String arch) {
        return new RunSpec("p", arch, "nb201", 1, 1, 8, 14, 1, 128, 0.05, 0.9, 5e-4, "linear", 1.0);
    }

    /** The spec's network at a fixed learning rate, initialised, with EarlyRank's layer helpers attached. */
    public static ComputationGraph attached(RunSpec spec, double learningRate) {
        ComputationGraph g = new ComputationGraph(NetworkBuilder.build(spec, SHAPE, new FixedSchedule(learningRate)));
        g.init();
        OneDnnHelpers.attach(g);
        return g;
    }

    /** Random 14x14 inputs (speed does not depend on pixel values) and one-hot labels, batch 128. */
    public static DataSet batch() {
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 1, 14, 14);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 128, 10);
        for (int i = 0; i < 128; i++) {
            y.putScalar(i, i % 10, 1f);
        }
        return new DataSet(x, y);
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
