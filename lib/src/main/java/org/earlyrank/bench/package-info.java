/**
 * Benchmarks of where EarlyRank's time goes, measured against this machine's limits in one process:
 * ND4J sgemm as the practical peak, training throughput, feature-capture overhead, Spark fan-out
 * against a plain thread pool, and per-run estimator costs. Used by {@code bin/bench}; never by tests
 * as timed assertions.
 */
package org.earlyrank.bench;
