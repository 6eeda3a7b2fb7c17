/**
 * Performance estimators: the contract every family implements, the view of a run they read, and the
 * registry that names them. One sub-package per family: {@code zc} (zero-cost proxies at budget 0,
 * {@code score-zc}), {@code tse} (training speed and its baselines, scored by {@code score-tse}),
 * {@code ensemble} (feature histories, {@code fit-ensemble}), {@code svr} (learning-curve regression and
 * Baker et al.'s lce/bnn baselines, {@code fit-svr}), {@code combined} (a model on the others' scores,
 * {@code fit-combined}).
 *
 * <h2>The contract, in the Spark ML spirit</h2>
 * <ul>
 *   <li>An {@link org.earlyrank.estimate.EstimatorFamily} is fitted on a sweep's {@link
 *       org.earlyrank.estimate.SweepData} ({@code fit}, Spark ML's {@code Estimator.fit}): a no-op for
 *       TSE-like families (or a rule fixed once per sweep: TSE's effective budget), the training of models
 *       for a learned one (nu-SVR, cross-fitted over runs). Fitting may read every run whole, truth
 *       included, as a paper's protocol allows.</li>
 *   <li>It returns a {@link org.earlyrank.estimate.Scorer} (Spark ML's {@code Model}) that answers "score
 *       run r at budget t by estimator name": {@code score(name, view)}, and in bulk {@code scoreRun(view,
 *       budgets)}, every estimator at every budget of one run. The bulk default scores budget by budget; a
 *       family overrides it to share work (TSE's epoch means, the ensemble's per-epoch head cache, the svr
 *       models' shared fit time), giving the same values.</li>
 *   <li>A scorer reads a {@link org.earlyrank.estimate.RunView}: the run's
 *       {@link org.earlyrank.estimate.RunSettings} (what was known before it trained) and what it produced
 *       up to the budget. It has no truth (final accuracies, status, epochs done, training time): an
 *       estimator cannot read what it is meant to predict ({@code HonestyTest}).</li>
 *   <li>The {@link org.earlyrank.estimate.EstimatorRegistry} maps every estimator name to its family and
 *       the stage that writes its rows ({@link org.earlyrank.estimate.ScoringStage}); it is built from the
 *       registered stages ({@code org.earlyrank.pipeline.Stages.ESTIMATORS}). Score stages, train-final's
 *       {@code --estimator}, the option checks, docs/options.md and a search read names there.
 *       {@link org.earlyrank.estimate.EstimatorInfo} records for each name its family, what it reads, and
 *       whether its score is an accuracy (predicts the final accuracy, so a mean absolute error against the
 *       truth means something).</li>
 * </ul>
 *
 * <h2>Adding an estimator: one class and its registration</h2>
 * A TSE-like estimator (here, the validation loss after epoch T) is one class:
 * <pre>{@code
 * final class LastValLossEstimator implements PerformanceEstimator {
 *     public String name() { return "last-val-loss"; }
 *     public Set<String> requiredTables() { return Set.of(); }          // curves only
 *     public OptionalDouble score(RunView run, int budgetEpoch) {
 *         CurveRow c = run.curve(budgetEpoch);                           // nothing after t is visible
 *         return c == null || c.valLoss() == null ? OptionalDouble.empty() : OptionalDouble.of(-c.valLoss());
 *     }
 * }
 * }</pre>
 * and one entry in {@code TseFamily.ESTIMATORS} (whether its score is an accuracy, whether it needs the
 * effective budget, one sentence for the docs, how to build it from the options):
 * <pre>{@code
 * new Entry("last-val-loss", false, false, "-(validation loss after epoch T).", (o, eb) -> new LastValLossEstimator()),
 * }</pre>
 * Nothing else changes: score-tse scores it ({@code score-tse.estimators: all} includes it, or name it),
 * the report ranks it (it knows estimators only by their rows), train-final accepts {@code --estimator
 * last-val-loss}, and {@code bin/earlyrank docs} lists it. {@code ToyEstimatorTest} does exactly this with a
 * family built by {@code TseFamily.DEFAULT.with(entry)}. An estimator that reads minibatch losses extends
 * {@code EpochLossEstimator} and writes only its loss at budget T; it then shares epoch means across
 * budgets for free.
 *
 * <h2>Adding a family</h2>
 * One {@link org.earlyrank.estimate.EstimatorFamily} (its estimators, its options section, {@code fit}), and
 * the stage that writes its scores implements {@link org.earlyrank.estimate.ScoringStage} and is listed in
 * {@code Stages.ALL}. Two families show the contract's two less obvious shapes:
 * <ul>
 *   <li><b>Zero-cost proxies</b> ({@code zc.ZcFamily}), computed by {@code score-zc} on each run's initial
 *       network (rebuilt from its seed) at budget 0: a family whose scores come from its stage's rows, not
 *       from the view. Its ScoringStage is the stage that writes them; its scorer reads the rows through
 *       the view ({@code RunView.rows(table)}: rows of a small
 *       table the family asked {@code SweepData.read(sweep, tables)} for, at the budget or before, by their
 *       {@code budget_epoch} or {@code epoch}), so budget 0 sees the proxies and nothing trained.</li>
 *   <li><b>A combined estimator</b> ({@code combined.CombinedFamily}, {@code fit-combined}), fitted on other
 *       estimators' scores and cross-fitted over runs: its
 *       {@code fit} gets SweepData read with the {@code estimates} table (every run's rows, truth included in
 *       the runs rows, as the svr family learns from them) and trains one model per fold; its scorer gets
 *       each run's view, whose {@code rows("estimates")} are that run's other scores up to the budget, and
 *       scores it with the fold model that never saw the run ({@code CrossFit} shows the pattern). The
 *       current {@code CombinedFamily.Fitted} keeps each run's cross-fitted score instead of the fold
 *       models, so it scores the runs of the sweep it was fitted on (enough for estimates, the report and a
 *       replayed search), not a run added later.</li>
 * </ul>
 */
package org.earlyrank.estimate;
