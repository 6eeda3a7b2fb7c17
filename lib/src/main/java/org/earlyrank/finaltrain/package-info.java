/**
 * Final training of a sweep's winners (the {@code train-final} stage): picks the top K runs by an
 * estimator's score at a budget (estimator names checked against the estimator registry), retrains each at
 * final scale data-parallel across Spark tasks with Deeplearning4j's Spark module (parameter averaging),
 * and writes {@code final_runs}, which the report's final-runs section shows.
 */
package org.earlyrank.finaltrain;
