/**
 * Final training of a sweep's winners (the {@code train-final} stage): picks the top K runs by an
 * estimator's score at a budget, retrains each at final scale data-parallel across Spark tasks with
 * Deeplearning4j's Spark module (parameter averaging), and writes {@code final_runs}; plus an HTML fragment
 * of that table for the report.
 */
package org.earlyrank.finaltrain;
