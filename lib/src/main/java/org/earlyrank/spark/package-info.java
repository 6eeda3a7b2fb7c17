/**
 * Spark glue: the embedded or submitted session, one-task-per-unit fan-out with attempts and progress, and the sweep pipeline that runs the stages in order.
 */
package org.earlyrank.spark;
