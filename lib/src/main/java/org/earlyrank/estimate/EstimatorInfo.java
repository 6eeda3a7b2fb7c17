package org.earlyrank.estimate;

import java.util.List;

/**
 * One registered estimator: the name users and the {@code estimates} table know it by, and what the
 * docs, the report and the stages need to know about it.
 *
 * @param name     {@code estimates.estimator}, e.g. {@code tse-ema}
 * @param family   the {@link EstimatorFamily} that produces it
 * @param accuracy whether its score predicts the run's final accuracy (in [0, 1]; a mean absolute error
 *                 against the truth is then meaningful), rather than being a score on its own scale
 * @param reads    tables it reads besides runs and curves (e.g. {@code steps}); a sweep without one of them
 *                 does not get it
 * @param doc      what it computes, one sentence for docs/options.md
 */
public record EstimatorInfo(String name, String family, boolean accuracy, List<String> reads, String doc) {
    public EstimatorInfo {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("estimator names are lowercase words joined by '-', got '" + name + "'");
        }
        reads = List.copyOf(reads);
    }
}
