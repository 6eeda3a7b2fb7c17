package org.earlyrank.space;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.TrainOptions;

/**
 * Samples a sweep's run specs on the driver: distinct architectures (by their effective structure, so
 * two specs never train the same function family) and per-run hyperparameters drawn uniformly from the
 * configured lists. The same seed always gives the same specs; run ids are {@code r000, r001, ...}, and with
 * {@code space.seeds} = N > 1 each architecture's extra trainings follow it ({@code r000-s1, ..., r000-s<N-1>}).
 */
public final class RunSampler {
    private RunSampler() {
    }

    public static List<RunSpec> sample(SpaceOptions space, TrainOptions train, DatasetOptions data, long seed) {
        Random rnd = new Random(seed);
        List<Architecture> archs = sampleArchitectures(space, rnd);
        int imageSize = data.imageSize();
        List<RunSpec> out = new ArrayList<>();
        for (int i = 0; i < archs.size(); i++) {
            Architecture a = archs.get(i);
            int cells = pick(space.cells(), rnd);
            int channels = pick(space.channels(), rnd);
            if (a instanceof MacroArch m) {
                cells = m.convLayers();
            }
            RunSpec first = new RunSpec(String.format("r%03d", i), a.canonical(), a.space(), mix(seed, i), cells,
                    channels, imageSize, train.epochs(), pick(train.batchSize(), rnd), pick(train.learningRate(), rnd),
                    train.momentum(), pick(train.weightDecay(), rnd), pick(train.schedule(), rnd),
                    pick(train.trainFraction(), rnd));
            out.add(first);
            for (int k = 1; k < space.seeds(); k++) {
                out.add(replicate(first, k));
            }
        }
        return out;
    }

    /**
     * The k-th extra training of a spec (space.seeds): the same architecture and hyperparameters, its own
     * seed of initialisation and data order, run id {@code <runId>-s<k>}.
     */
    static RunSpec replicate(RunSpec s, int k) {
        return new RunSpec(s.runId() + "-s" + k, s.arch(), s.space(), mix(s.seed(), k), s.cells(), s.channels(),
                s.imageSize(), s.epochs(), s.batchSize(), s.learningRate(), s.momentum(), s.weightDecay(),
                s.schedule(), s.trainFraction());
    }

    /** Distinct architectures: the configured includes first, then uniform samples. */
    public static List<Architecture> sampleArchitectures(SpaceOptions space, Random rnd) {
        Set<String> seen = new LinkedHashSet<>();
        List<Architecture> out = new ArrayList<>();
        for (String s : space.include()) {
            Architecture a;
            try {
                a = space.type().equals(CellArch.SPACE) ? CellArch.parse(s) : MacroArch.parse(s);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("space.include: " + e.getMessage());
            }
            if (seen.add(a.effective())) {
                out.add(a);
            }
        }
        int attempts = 0;
        while (out.size() < space.runs()) {
            if (++attempts > 100_000) {
                throw new ConfigException("space.runs " + space.runs() + " exceeds the distinct architectures of this space ("
                        + out.size() + " found); lower space.runs or widen the space");
            }
            Architecture a = space.type().equals(CellArch.SPACE) ? sampleCell(space, rnd) : sampleMacro(space, rnd);
            if (seen.add(a.effective())) {
                out.add(a);
            }
        }
        return out.subList(0, space.runs());
    }

    static CellArch sampleCell(SpaceOptions space, Random rnd) {
        List<String> ops = new ArrayList<>();
        for (int e = 0; e < 6; e++) {
            ops.add(pick(space.ops(), rnd));
        }
        return new CellArch(ops);
    }

    static MacroArch sampleMacro(SpaceOptions space, Random rnd) {
        int n = space.minLayers() + rnd.nextInt(space.maxLayers() - space.minLayers() + 1);
        List<MacroArch.Layer> layers = new ArrayList<>();
        int pools = 0;
        for (int i = 0; i < n; i++) {
            layers.add(new MacroArch.Layer(pick(space.kernels(), rnd), pick(space.widths(), rnd)));
            if (i < n - 1 && pools < 2 && rnd.nextDouble() < space.poolProbability()) {
                layers.add(new MacroArch.Layer(0, 0));
                pools++;
            }
        }
        return new MacroArch(layers);
    }

    static <T> T pick(List<T> values, Random rnd) {
        return values.size() == 1 ? values.get(0) : values.get(rnd.nextInt(values.size()));
    }

    /** A well-mixed per-run seed (SplitMix64 finaliser of seed and index). */
    public static long mix(long seed, long i) {
        long z = seed * 0x9E3779B97F4A7C15L + i + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) & Long.MAX_VALUE;
    }
}
