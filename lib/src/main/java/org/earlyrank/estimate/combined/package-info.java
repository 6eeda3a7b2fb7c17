/**
 * The combined estimator: at each budget, a model (gradient boosting, random forest or nu-SVR, chosen by
 * nested cross-validation) from the other estimators' scores, the zero-cost proxies and architecture
 * features to the truth, cross-fitted over runs so no run is scored by a model that saw its truth (after
 * White et al.'s OMNI predictor, NeurIPS 2021). {@link org.earlyrank.estimate.combined.CombinedEstimator}
 * has the protocol; {@link org.earlyrank.estimate.combined.CombinedBenchmark} measures it against every
 * single estimator on a finished sweep.
 */
package org.earlyrank.estimate.combined;
