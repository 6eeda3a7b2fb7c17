package org.earlyrank.estimate;

import java.util.List;
import java.util.Map;

/**
 * What scoring one run produced: its scores, a note when some could not be produced (and why), and the
 * family's own counters (seconds reading and fitting, fits done), which the stage adds up over runs for
 * its summary.
 */
public record RunScores(List<Score> scores, String note, Map<String, Double> counters) {
    public RunScores {
        scores = List.copyOf(scores);
        counters = Map.copyOf(counters);
    }

    public static RunScores of(List<Score> scores) {
        return new RunScores(scores, null, Map.of());
    }

    /** No score, and why. */
    public static RunScores none(String note) {
        return new RunScores(List.of(), note, Map.of());
    }

    public double counter(String key) {
        return counters.getOrDefault(key, 0.0);
    }
}
