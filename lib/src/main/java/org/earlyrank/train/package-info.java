/**
 * Deeplearning4j training of one run (network building, oneDNN helpers, feature capture, checkpoints) and the train stage that fans runs out over Spark.
 */
package org.earlyrank.train;
