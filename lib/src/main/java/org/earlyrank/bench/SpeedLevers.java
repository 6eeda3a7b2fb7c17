package org.earlyrank.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNConvHelper;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNSubsamplingHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.earlyrank.base.Median;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.space.RunSampler;
import org.earlyrank.space.RunSpec;
import org.earlyrank.train.DirectOneDnnConvHelper;
import org.earlyrank.train.InputShape;
import org.earlyrank.train.JavaAvgPoolHelper;
import org.earlyrank.train.NetworkBuilder;
import org.earlyrank.train.OneDnnHelpers;
import org.earlyrank.train.ShapeInfoCache;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.FixedSchedule;

/**
 * The levers of one training step, measured A/B on the same architectures in one process on one thread:
 * each setting changes one thing from EarlyRank's default network (or is the configuration before this
 * work), all settings of an architecture are built side by side, and timed blocks of a few minibatches
 * rotate through the settings for several rounds, so that the shared machine's changing load falls on every
 * setting alike. Reported per setting: the median over architectures of each architecture's median
 * images/s (wall, and the training thread's CPU time), and the median over architectures of the ratio to the
 * default. Random 14x14 inputs, batch 128 unless the setting says otherwise, learning rate 0.01.
 *
 * <p>{@code bash -c 'source bin/common.sh; er_ensure_built; er_java org.earlyrank.bench.SpeedLevers [ARCHS] [ROUNDS]'}
 * prints the table (ARCHS: the first N architectures of conf/default.yaml's sweep, default 6, or a file of nb201
 * cell strings, one a line; ROUNDS default 5; a third argument, a regular expression, keeps only the settings
 * whose names match; the default setting is always kept, as the others are measured against it).
 */
public final class SpeedLevers {
    public static final String DEFAULT = "default (this branch)";
    public static final String BEFORE = "before: cache NONE, DL4J ReLU, DL4J's oneDNN conv, batch-norm and pooling helpers, no shape cache";
    /** Convolutions through DL4J's oneDNN helper (libnd4j's conv2d ops), the default until the direct helper. */
    public static final String CONV_LIBND4J = "conv: DL4J's oneDNN helper (libnd4j conv2d ops, primitives rebuilt per call)";
    private static final InputShape SHAPE = new InputShape(1, 14, 14, 10);

    private SpeedLevers() {
    }

    /** One measured setting. */
    public record Lever(String name, double imagesPerSecond, double cpuImagesPerSecond, double vsDefault) {
    }

    /** A training step of one setting's network. */
    private interface Trainer {
        void step(DataSet batch);
    }

    private record Setting(String name, int batch, Function<RunSpec, Trainer> make) {
    }

    private static ComputationGraph network(RunSpec spec, WorkspaceMode workspaces) {
        ComputationGraphConfiguration conf = NetworkBuilder.build(spec, SHAPE, new FixedSchedule(0.01));
        conf.setTrainingWorkspaceMode(workspaces);
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        OneDnnHelpers.attach(g);
        return g;
    }

    private static Trainer graph(ComputationGraph g) {
        return g::fit;
    }

    /**
     * A trainer whose steps run with ND4J's own shape-information provider (M2.1's default, no cache); the
     * provider is global, so it is swapped for each step and put back after it.
     */
    private static Trainer withoutShapeCache(Trainer t) {
        return d -> {
            ShapeInfoCache.uninstall();
            try {
                t.step(d);
            } finally {
                ShapeInfoCache.install();
            }
        };
    }

    /** The default network with every layer of one type changed. */
    private static Function<RunSpec, Trainer> tweak(java.util.function.Consumer<ComputationGraph> change) {
        return spec -> {
            ComputationGraph g = network(spec, WorkspaceMode.ENABLED);
            change.accept(g);
            return graph(g);
        };
    }

    private static void eachLayer(ComputationGraph g, Class<? extends Layer> type, java.util.function.Consumer<Layer> f) {
        for (Layer l : g.getLayers()) {
            if (type.isInstance(l)) {
                f.accept(l);
            }
        }
    }

    /**
     * Turns a default network (helpers attached) into the configuration before the speed work: DL4J's default
     * cache mode NONE, DL4J's ReLU, DL4J's oneDNN helpers for batch norm and pooling. Same function. (The
     * shape-information cache is per JVM, not per network: the BEFORE setting also trains without it.)
     */
    public static void before(ComputationGraph g) {
        g.setCacheMode(CacheMode.NONE);
        eachLayer(g, ConvolutionLayer.class, l -> OneDnnHelpers.setHelper(l, new MKLDNNConvHelper(g.getConfiguration().getDataType())));
        dl4jRelu(g);
        DataType dt = g.getConfiguration().getDataType();
        eachLayer(g, BatchNormalization.class, l -> OneDnnHelpers.setHelper(l, new MKLDNNBatchNormHelper(dt)));
        eachLayer(g, SubsamplingLayer.class, l -> OneDnnHelpers.setHelper(l, new MKLDNNSubsamplingHelper(dt)));
    }

    private static void dl4jRelu(ComputationGraph g) {
        for (Layer l : g.getLayers()) {
            if (l.conf().getLayer() instanceof ActivationLayer a) {
                a.setActivationFn(new ActivationReLU());
            }
        }
    }

    private static List<Setting> settings() {
        DataType f = DataType.FLOAT;
        List<Setting> s = new ArrayList<>();
        s.add(new Setting(DEFAULT, 128, spec -> graph(network(spec, WorkspaceMode.ENABLED))));
        s.add(new Setting(BEFORE, 128, spec -> withoutShapeCache(tweak(SpeedLevers::before).apply(spec))));
        s.add(new Setting("no ND4J shape cache (M2.1's default)", 128,
                spec -> withoutShapeCache(graph(network(spec, WorkspaceMode.ENABLED)))));
        s.add(new Setting("cache mode NONE (DL4J's default)", 128, tweak(g -> g.setCacheMode(CacheMode.NONE))));
        s.add(new Setting("cache mode HOST", 128, tweak(g -> g.setCacheMode(CacheMode.HOST))));
        s.add(new Setting("batch norm: DL4J's oneDNN helper", 128, tweak(g -> eachLayer(g, BatchNormalization.class,
                l -> OneDnnHelpers.setHelper(l, new MKLDNNBatchNormHelper(f))))));
        s.add(new Setting("batch norm: DL4J built-in (no helper)", 128, tweak(g -> eachLayer(g, BatchNormalization.class,
                l -> OneDnnHelpers.setHelper(l, null)))));
        s.add(new Setting("ReLU: DL4J's ActivationReLU (relu_bp)", 128, tweak(SpeedLevers::dl4jRelu)));
        s.add(new Setting("pooling: DL4J built-in (no helper)", 128, tweak(g -> eachLayer(g, SubsamplingLayer.class,
                l -> OneDnnHelpers.setHelper(l, null)))));
        s.add(new Setting("pooling: no fast paths (the loops for any window)", 128, tweak(g -> eachLayer(g,
                SubsamplingLayer.class, l -> OneDnnHelpers.setHelper(l, JavaAvgPoolHelper.withoutFastPaths())))));
        s.add(new Setting("pooling: DL4J's oneDNN helper", 128, tweak(g -> eachLayer(g, SubsamplingLayer.class,
                l -> OneDnnHelpers.setHelper(l, new MKLDNNSubsamplingHelper(f))))));
        // libnd4j's conv2d without oneDNN (0.21) and without the zero bias input (1.04) were measured through a
        // helper calling the ops directly, removed once convolutions stopped going through those ops (BENCHMARKS.md)
        s.add(new Setting(CONV_LIBND4J, 128, tweak(g -> eachLayer(g, ConvolutionLayer.class,
                l -> OneDnnHelpers.setHelper(l, new MKLDNNConvHelper(f))))));
        s.add(new Setting("same as default (a noise gauge)", 128, tweak(g -> eachLayer(g, ConvolutionLayer.class,
                l -> OneDnnHelpers.setHelper(l, new DirectOneDnnConvHelper(false))))));
        s.add(new Setting("workspaces NONE (training)", 128, spec -> graph(network(spec, WorkspaceMode.NONE))));
        s.add(new Setting("batch 64 (other numerics)", 64, spec -> graph(network(spec, WorkspaceMode.ENABLED))));
        s.add(new Setting("batch 256 (other numerics)", 256, spec -> graph(network(spec, WorkspaceMode.ENABLED))));
        s.add(new Setting("SameDiff instead of the layers API", 128, spec -> {
            SameDiffNb201 sd = new SameDiffNb201(spec.arch(), spec.channels(), SHAPE.height(), SHAPE.numClasses(), 0.01);
            return sd::fit;
        }));
        return s;
    }

    /** Random inputs and one-hot labels (speed does not depend on pixel values). */
    private static DataSet batch(int n) {
        Nd4j.getRandom().setSeed(n);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, SHAPE.channels(), SHAPE.height(), SHAPE.width());
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, SHAPE.numClasses());
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % SHAPE.numClasses(), 1f);
        }
        return new DataSet(x, y);
    }

    /**
     * @param specs  nb201 runs whose architectures to measure (channels from the spec)
     * @param rounds timed rounds per architecture (each times every setting once)
     * @param steps  minibatches per timed block
     */
    public static List<Lever> run(List<RunSpec> specs, int rounds, int steps) {
        return run(specs, rounds, steps, ".*");
    }

    /** As {@link #run(List, int, int)} with only the settings whose name matches {@code only} (a regex). */
    public static List<Lever> run(List<RunSpec> specs, int rounds, int steps, String only) {
        List<Setting> settings = settings().stream().filter(s -> s.name().equals(DEFAULT) || s.name().matches(only)).toList();
        Map<Integer, DataSet> batches = new LinkedHashMap<>();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[][] wall = new double[settings.size()][specs.size()];
        double[][] cpu = new double[settings.size()][specs.size()];
        for (int a = 0; a < specs.size(); a++) {
            RunSpec spec = specs.get(a);
            List<Trainer> trainers = new ArrayList<>();
            for (Setting s : settings) {
                Trainer t = s.make().apply(spec);
                DataSet d = batches.computeIfAbsent(s.batch(), SpeedLevers::batch);
                for (int i = 0; i < 3; i++) {
                    t.step(d); // warm-up
                }
                trainers.add(t);
            }
            double[][] w = new double[settings.size()][rounds];
            double[][] c = new double[settings.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < settings.size(); k++) {
                    int i = (k + r) % settings.size(); // rotate the order from round to round
                    DataSet d = batches.get(settings.get(i).batch());
                    long c0 = threads.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    for (int b = 0; b < steps; b++) {
                        trainers.get(i).step(d);
                    }
                    double images = (double) steps * settings.get(i).batch();
                    w[i][r] = images / ((System.nanoTime() - t0) / 1e9);
                    c[i][r] = images / ((threads.getCurrentThreadCpuTime() - c0) / 1e9);
                }
            }
            for (int i = 0; i < settings.size(); i++) {
                wall[i][a] = Median.of(w[i]);
                cpu[i][a] = Median.of(c[i]);
            }
            System.err.println("[levers] " + (a + 1) + "/" + specs.size() + " " + spec.arch() + ": default "
                    + Math.round(wall[0][a]) + " images/s");
        }
        List<Lever> out = new ArrayList<>();
        for (int i = 0; i < settings.size(); i++) {
            double[] ratio = new double[specs.size()];
            for (int a = 0; a < specs.size(); a++) {
                ratio[a] = wall[i][a] / wall[0][a];
            }
            out.add(new Lever(settings.get(i).name(), Median.of(wall[i]), Median.of(cpu[i]),
                    Median.of(ratio)));
        }
        return out;
    }

    /** The first {@code n} runs of a config's sweep (nb201 only). */
    public static List<RunSpec> specs(SweepConfig cfg, int n) {
        List<RunSpec> all = RunSampler.sample(cfg.get(SpaceOptions.SECTION), cfg.get(TrainOptions.SECTION),
                cfg.get(DatasetOptions.SECTION), cfg.seed());
        return all.subList(0, Math.min(n, all.size()));
    }

    /** The given nb201 cell strings, with every other setting (channels, seed, ...) of the config's first run. */
    public static List<RunSpec> specs(SweepConfig cfg, List<String> archs) {
        RunSpec t = specs(cfg, 1).get(0);
        return archs.stream().map(a -> new RunSpec(t.runId(), a, t.space(), t.seed(), t.cells(), t.channels(),
                t.imageSize(), t.epochs(), t.batchSize(), t.learningRate(), t.momentum(), t.weightDecay(),
                t.schedule(), t.trainFraction())).toList();
    }

    /** ARCHS: a number N (the config's first N architectures) or a file of nb201 cell strings, one a line. */
    static List<RunSpec> specs(SweepConfig cfg, String archs) throws java.io.IOException {
        Path file = Path.of(archs);
        if (java.nio.file.Files.isRegularFile(file)) {
            return specs(cfg, java.nio.file.Files.readAllLines(file).stream().map(String::trim)
                    .filter(l -> !l.isEmpty()).toList());
        }
        return specs(cfg, Integer.parseInt(archs));
    }

    public static void main(String[] args) throws java.io.IOException {
        String archs = args.length > 0 ? args[0] : "6";
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        String only = args.length > 2 ? args[2] : ".*";
        SweepConfig cfg = BenchRunner.defaultConfig(Path.of("conf", "default.yaml"));
        List<Lever> levers = run(specs(cfg, archs), rounds, 6, only);
        System.out.println("| setting | images/s (wall) | images/s (thread CPU) | vs default |");
        System.out.println("|---|---|---|---|");
        for (Lever l : levers) {
            System.out.printf("| %s | %.0f | %.0f | %.2f |%n", l.name(), l.imagesPerSecond(), l.cpuImagesPerSecond(),
                    l.vsDefault());
        }
    }
}
