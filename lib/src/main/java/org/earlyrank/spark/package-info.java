/**
 * Spark glue, and nothing else: the embedded or submitted session, and one-task-per-unit fan-out with
 * attempts and progress. Engine packages use it; it depends on no engine package (the sweep pipeline that
 * sequences the stages lives above them, in {@code org.earlyrank.pipeline}).
 */
package org.earlyrank.spark;
