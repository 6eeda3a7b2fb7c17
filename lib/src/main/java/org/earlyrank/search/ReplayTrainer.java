package org.earlyrank.search;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * "Trains" configurations of a finished sweep: nothing runs; training configuration c from epoch a to b is
 * charged the seconds its run measured for epochs a+1..b ({@code curves.epoch_seconds}: training pass,
 * evaluation and feature capture). Valid because the sweep's runs reached the full budget with a schedule
 * defined against it, so a configuration stopped at b is exactly the prefix of its full run
 * ({@link ReplayData} checks this).
 *
 * <p>One per search repeat; not thread-safe.
 */
public final class ReplayTrainer implements Trainer {
    private final Map<String, double[]> epochSeconds;
    private final Map<String, Integer> reached = new HashMap<>();
    private long epochs;

    /** @param epochSeconds per run id, the seconds of epoch t at index t - 1 */
    public ReplayTrainer(Map<String, double[]> epochSeconds) {
        this.epochSeconds = epochSeconds;
    }

    @Override
    public double[] train(List<String> runIds, int budgetEpoch) {
        double[] out = new double[runIds.size()];
        for (int i = 0; i < out.length; i++) {
            String id = runIds.get(i);
            double[] sec = epochSeconds.get(id);
            if (sec == null) {
                throw new IllegalArgumentException("configuration " + id + " is not in the pool");
            }
            if (budgetEpoch > sec.length) {
                throw new IllegalStateException("configuration " + id + " has " + sec.length
                        + " recorded epochs, the search asked for " + budgetEpoch);
            }
            int from = reached.getOrDefault(id, 0);
            if (from > budgetEpoch) {
                throw new IllegalStateException("configuration " + id + " already reached epoch " + from
                        + "; a search never trains it back to " + budgetEpoch);
            }
            double s = 0;
            for (int t = from + 1; t <= budgetEpoch; t++) {
                s += sec[t - 1];
            }
            out[i] = s;
            epochs += budgetEpoch - from;
            reached.put(id, budgetEpoch);
        }
        return out;
    }

    @Override
    public Map<String, Integer> reached() {
        return Collections.unmodifiableMap(reached);
    }

    /** Epochs trained so far, all configurations together. */
    public long epochs() {
        return epochs;
    }
}
