package org.earlyrank.estimate;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.earlyrank.schema.Metric;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * What is known about a run before it trains: its identity, architecture and settings, from its
 * {@code runs} row. It leaves out everything that training decides (status, epochs done, error, final
 * accuracies, time taken, attempts), so an estimator that reads it cannot read the truth. It keeps the
 * validation metric and its direction ({@link Metric}), which a score must follow to mean "higher is better".
 *
 * <p>Immutable and serializable.
 */
public record RunSettings(String sweepId, String runId, String archId, String arch, String space, String source,
                          Long seed, int epochsPlanned, Long nParams, Long flops, Double learningRate,
                          Integer batchSize, Double weightDecay, Integer channels, Integer cells, Integer imageSize,
                          Double trainFraction, Map<String, Double> hparams, String dataset, Double momentum,
                          String schedule, Integer depth, Metric metric) implements Serializable {
    public RunSettings {
        hparams = hparams == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(hparams));
        metric = metric == null ? Metric.ACCURACY : metric;
    }

    /** The settings part of a runs row. */
    public static RunSettings of(RunRow r) {
        return new RunSettings(r.sweepId(), r.runId(), r.archId(), r.arch(), r.space(), r.source(), r.seed(),
                r.epochsPlanned(), r.nParams(), r.flops(), r.learningRate(), r.batchSize(), r.weightDecay(), r.channels(),
                r.cells(), r.imageSize(), r.trainFraction(), r.hparams(), r.dataset(), r.momentum(), r.schedule(),
                r.depth(), Metric.of(r));
    }
}
