/**
 * EarlyRank: trains many candidate architectures on Spark with Deeplearning4j, records what cheap
 * performance estimators need, and measures how well each estimator ranks the candidates early.
 * Sub-packages hold the engine by concern; {@code org.earlyrank.jobs} (module jobs) holds the entry points.
 */
package org.earlyrank;
