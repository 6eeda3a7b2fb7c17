package org.earlyrank.search;

/**
 * A search algorithm over a finite pool of configurations: draws configurations, trains them through the
 * state's {@link Trainer}, decides through its {@link Decider}, and returns the configuration it picks.
 * Implementations hold settings only; all per-repeat state lives in the {@link SearchState}, so one instance
 * serves every repeat.
 */
public interface SearchAlgorithm {
    /** {@code random}, {@code hyperband}, {@code bohb}. */
    String name();

    /**
     * Plays one repeat.
     *
     * @return the picked configuration's run id
     * @throws IllegalStateException when the pool is too small to run anything (the caller checks first)
     */
    String play(SearchState state);
}
