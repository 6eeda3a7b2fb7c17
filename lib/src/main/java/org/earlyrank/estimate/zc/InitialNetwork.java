package org.earlyrank.estimate.zc;

import java.io.Serializable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.CellArch;
import org.earlyrank.space.MacroArch;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.NetworkStats;
import org.earlyrank.train.OneDnnHelpers;
import org.earlyrank.train.RunTrainer;
import org.earlyrank.train.TrainStage;
import org.earlyrank.train.TrainingEngine;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A trained run's initial network, rebuilt exactly as its training built it: {@link RunTrainer#newNetwork}
 * from the run's spec (its runs row), its seed, and the dataset and train options the sweep recorded, with
 * the oneDNN helpers attached when training had them. DL4J initialises the weights from the run's seed, so
 * this is the network the run's first update started from; {@link #rebuild} checks that its parameter
 * count and FLOPs are those the runs table recorded.
 *
 * @param spec         the run's spec, from its runs row
 * @param trainer      the trainer that built the network, as training built it
 * @param data         the splits the run trained on (the proxies read its first training minibatches)
 * @param net          the initial network
 * @param buildSeconds building and initialising the network (not part of any proxy's cost: training builds it
 *                     anyway)
 */
public record InitialNetwork(RunSpec spec, RunTrainer trainer, DatasetSplits data, ComputationGraph net,
                             double buildSeconds) {

    /**
     * What a run needs to be rebuilt: its spec and what the runs table recorded of its network.
     *
     * @param nParams runs.n_params, or null
     * @param flops   runs.flops, or null
     */
    public record Unit(RunSpec spec, Long nParams, Long flops) implements Serializable {
        public String runId() {
            return spec.runId();
        }
    }

    /** The dataset and train options a trained sweep recorded in options.json. */
    public record Recorded(DatasetOptions dataset, TrainOptions train) implements Serializable {
    }

    /**
     * The options the sweep's train stage recorded, or empty when it has none (an imported sweep: curves
     * without networks).
     */
    public static Optional<Recorded> recorded(SweepFolder sweep) {
        JsonNode train = OptionsFile.read(sweep).path("stages").path(TrainStage.NAME).path("options");
        if (!train.isObject()) {
            return Optional.empty();
        }
        String source = sweep.optionsFile().toString();
        return Optional.of(new Recorded(DatasetOptions.SECTION.parse(train.path(DatasetOptions.SECTION.name()), Map.of(), source),
                TrainOptions.SECTION.parse(train.path(TrainOptions.SECTION.name()), Map.of(), source)));
    }

    /**
     * Why a runs row cannot be rebuilt (an imported run, a space without networks, a run that never built
     * its network), or null when it can.
     */
    public static String whyNot(RunRow r) {
        if (!RunsTable.SOURCE_TRAIN.equals(r.source())) {
            return "imported (runs.source = " + r.source() + "): no network";
        }
        if (!CellArch.SPACE.equals(r.space()) && !MacroArch.SPACE.equals(r.space())) {
            return "space " + r.space() + " has no network builder";
        }
        if (r.seed() == null || r.nParams() == null) {
            return "never built its network (status " + r.status() + ")";
        }
        return null;
    }

    /** The unit of a rebuildable runs row ({@link #whyNot} is null). */
    public static Unit unitOf(RunRow r) {
        return new Unit(new RunSpec(r.runId(), r.arch(), r.space(), r.seed(), r.cells(), r.channels(), r.imageSize(),
                r.epochsPlanned(), r.batchSize(), r.learningRate(), r.momentum(), r.weightDecay(), r.schedule(),
                r.trainFraction()), r.nParams(), r.flops());
    }

    /**
     * Rebuilds the run's initial network.
     *
     * @throws IllegalStateException when its parameter count or FLOPs differ from the runs table (the code
     *                               that builds networks changed since the sweep was trained)
     */
    public static InitialNetwork rebuild(String sweepId, Unit u, DatasetOptions dataOpts, TrainOptions trainOpts,
                                         Configuration conf) {
        RunSpec spec = u.spec();
        DatasetSplits data = DatasetLoader.load(TrainingEngine.dataFor(spec, dataOpts), conf);
        RunTrainer trainer = new RunTrainer(sweepId, spec, data, trainOpts);
        long t0 = System.nanoTime();
        int n = trainer.trainingSet().count();
        ComputationGraph net = trainer.newNetwork(((n + spec.batchSize() - 1) / spec.batchSize()) * spec.epochs());
        if (trainOpts.onednn()) {
            OneDnnHelpers.attach(net);
        }
        double build = (System.nanoTime() - t0) / 1e9;
        long flops = NetworkStats.of(net.getConfiguration(), RunTrainer.shapeOf(data)).flopsPerImage();
        if (u.nParams() != null && u.nParams() != net.numParams() || u.flops() != null && u.flops() != flops) {
            throw new IllegalStateException("run " + spec.runId() + ": the rebuilt network has " + net.numParams()
                    + " parameters and " + flops + " FLOPs but the runs table says " + u.nParams() + " and " + u.flops()
                    + "; the code that builds networks changed since the sweep was trained");
        }
        return new InitialNetwork(spec, trainer, data, net, build);
    }

    /**
     * The chosen proxies on this network, from the run's first {@code minibatches} training minibatches
     * (assembled only when a chosen proxy reads data).
     */
    public List<ProxyScore> proxies(int minibatches, Collection<ZeroCostProxy> which) {
        ProxyBatch batch = which.stream().anyMatch(ZeroCostProxy::readsData)
                ? ProxyBatch.firstMinibatches(trainer.trainingSet(), spec.seed(), spec.batchSize(), minibatches) : null;
        return ZeroCostProxies.compute(net, RunTrainer.shapeOf(data), batch, which);
    }

    /**
     * Frees the network's arrays and collects the proxies' garbage now. The proxies' passes run without
     * workspaces ({@link GraphPass}), so every activation and gradient they make is an off-heap ND4J array that
     * only the garbage collector frees, and with a large heap it runs rarely: the default sweep's score-zc
     * (48 runs, -Xmx8g) grew to 22 GB resident by its 20th run and was killed by the kernel. One collection per
     * run (a fraction of a second, against seconds of proxies) keeps the stage at a run's worth of garbage.
     */
    public void release() {
        OneDnnHelpers.release(net);
        net.close();
        System.gc();
    }
}
