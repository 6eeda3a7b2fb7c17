/**
 * Search with the estimators: random search, Hyperband and BOHB whose every decision (which configurations
 * a rung promotes, which configuration the search returns) ranks configurations by any estimator's score
 * at the budget each has reached, and the replay engine that runs them over a finished sweep without
 * training anything.
 *
 * <ul>
 *   <li>Budgets: {@link org.earlyrank.search.HyperbandBrackets} (Li et al. 2017, Algorithm 1) and
 *       {@link org.earlyrank.search.Budgets} (whole epochs, rounded half up).</li>
 *   <li>Algorithms: {@link org.earlyrank.search.RandomSearch}, {@link org.earlyrank.search.Hyperband} (its
 *       rounds played by a {@link org.earlyrank.search.RoundPolicy}, the seam for fast Hyperband's
 *       stopping rule), and BOHB as Hyperband with the {@link org.earlyrank.search.BohbProposer}
 *       (Falkner et al. 2018).</li>
 *   <li>Decisions: {@link org.earlyrank.search.RungScorer} (an estimator's score of a run at a budget and
 *       its cost) and {@link org.earlyrank.search.Decider} (ranks a rung, falling back to validation
 *       accuracy where the estimator has no score).</li>
 *   <li>Replay: {@link org.earlyrank.search.SearchReplay} over a {@link org.earlyrank.search.ReplayData};
 *       {@link org.earlyrank.search.ReplayTrainer} charges measured epoch seconds;
 *       {@link org.earlyrank.search.SearchSummary} aggregates repeats (the Table 4.1 analogue of Cao 2021).</li>
 * </ul>
 *
 * <p>Everything here is deterministic for a seed: every random draw comes from a generator derived from
 * the search's seed and the repeat; there is no hidden global random state.
 */
package org.earlyrank.search;
