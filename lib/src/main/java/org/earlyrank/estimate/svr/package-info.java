/**
 * Learning-curve regression with nu-support-vector regression, after Baker, Gupta, Raskar and Naik,
 * "Accelerating neural architecture search using performance prediction" (ICLR 2018 workshop):
 * sequential regression models (one per observed budget tau) on time-series, architecture and
 * hyperparameter features (Section 3); the comparison with last-seen value, OLS and random forest
 * (Table 1) and with the Bayesian baselines of Section 3.3.1, learning-curve extrapolation ({@link
 * org.earlyrank.estimate.svr.LceFits}) and a Bayesian neural network ({@link org.earlyrank.estimate.svr.BnnFits}),
 * through {@link org.earlyrank.estimate.svr.CurveBaseline}; early stopping with a Gaussian stopping rule (Section 4, 4.1), also driven by LCE ({@link org.earlyrank.estimate.svr.LceEarlyStopping}, Figure 4); and fast Hyperband
 * (Section 4.2.1, Appendix C), simulated on recorded full curves.
 *
 * <p>Fast Hyperband's decisions live in {@link org.earlyrank.estimate.svr.FastHyperband} (Algorithm 2: the
 * training data and models per rung, the list L, the stopping rule, the promotion) and its brackets in
 * {@link org.earlyrank.estimate.svr.HyperbandSchedule}; a search drives them one configuration and epoch at
 * a time ({@code round}, {@code check}, {@code complete}, {@code promoted}), as
 * {@link org.earlyrank.estimate.svr.HyperbandSimulation} does on recorded curves.
 *
 * <p>Everything here is deterministic given its seeds: every random draw comes from an explicit seed
 * derived with {@link org.earlyrank.estimate.svr.Seeds}, and parallel work (a fixed-size thread pool)
 * never changes a result.
 */
package org.earlyrank.estimate.svr;
