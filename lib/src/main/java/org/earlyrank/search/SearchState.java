package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One search repeat in progress: the pool in the repeat's random order, which configurations were drawn,
 * the trainer, the decider, the trials so far and the results per budget (BOHB's observations D_b).
 *
 * <p>The order is the repeat's seeded permutation of the pool, so "draw a configuration at random" is
 * "take the next untried one in the order"; repeats with the same seed and index draw the same order
 * whatever the algorithm or estimator, which pairs them for comparison. Not thread-safe.
 */
public final class SearchState {
    private final List<String> order;
    private final LinkedHashSet<String> untried;
    private final Trainer trainer;
    private final Decider decider;
    private final Random random;
    private final List<Trial> trials = new ArrayList<>();
    private final TreeMap<Integer, List<String>> evaluated = new TreeMap<>();
    private final Set<String> notes = new LinkedHashSet<>();

    /**
     * @param order  the pool, in this repeat's random order
     * @param random this repeat's generator for the algorithm's own draws (BOHB)
     */
    public SearchState(List<String> order, Trainer trainer, Decider decider, Random random) {
        if (new HashSet<>(order).size() != order.size()) {
            throw new IllegalArgumentException("the pool lists a configuration twice");
        }
        this.order = List.copyOf(order);
        this.untried = new LinkedHashSet<>(order);
        this.trainer = trainer;
        this.decider = decider;
        this.random = random;
    }

    public List<String> order() {
        return order;
    }

    /** Configurations not drawn yet, in the repeat's order (read-only). */
    public Set<String> untried() {
        return Collections.unmodifiableSet(untried);
    }

    /** Draws the next untried configuration in the repeat's order: a uniform random draw. */
    public String drawRandom() {
        if (untried.isEmpty()) {
            throw new IllegalStateException("the pool is exhausted");
        }
        String id = untried.iterator().next();
        untried.remove(id);
        return id;
    }

    /** Draws a chosen untried configuration. */
    public void draw(String runId) {
        if (!untried.remove(runId)) {
            throw new IllegalArgumentException(runId + " is not an untried configuration of the pool");
        }
    }

    public Trainer trainer() {
        return trainer;
    }

    public Decider decider() {
        return decider;
    }

    public Random random() {
        return random;
    }

    /**
     * Trains the configurations to the budget, decides on them, records one trial each and returns the
     * decision; {@code promote} of them (the best) are marked promoted.
     */
    public Decider.Decision trainAndDecide(int bracket, int rung, List<String> runIds, int budgetEpoch, int promote) {
        double[] train = trainer.train(runIds, budgetEpoch);
        Decider.Decision d = decider.decide(runIds, budgetEpoch, trainer.reached());
        Set<String> promoted = new HashSet<>(d.top(promote));
        String source = d.source(decider.scorer());
        for (int i = 0; i < runIds.size(); i++) {
            String id = runIds.get(i);
            trials.add(new Trial(bracket, rung, id, budgetEpoch, d.scores()[i], source, promoted.contains(id),
                    train[i], d.estimateSeconds()[i]));
            evaluated.computeIfAbsent(budgetEpoch, k -> new ArrayList<>()).add(id);
        }
        return d;
    }

    /**
     * Records a trial decided outside {@link #trainAndDecide} (f-Hyperband decides configuration by
     * configuration, {@link FastRound}); the configuration counts as evaluated at the trial's budget.
     */
    public void record(Trial t) {
        trials.add(t);
        evaluated.computeIfAbsent(t.budgetEpoch(), k -> new ArrayList<>()).add(t.runId());
    }

    public List<Trial> trials() {
        return Collections.unmodifiableList(trials);
    }

    /** Configurations scored at each budget, in the order they were (BOHB's D_b). */
    public Map<Integer, List<String>> evaluated() {
        Map<Integer, List<String>> out = new LinkedHashMap<>();
        evaluated.forEach((b, l) -> out.put(b, Collections.unmodifiableList(l)));
        return Collections.unmodifiableMap(out);
    }

    /** Adds a note for the search's notes (kept once). */
    public void note(String note) {
        notes.add(note);
    }

    public Set<String> notes() {
        return Collections.unmodifiableSet(notes);
    }
}
