/**
 * Deeplearning4j training of one run (network building, oneDNN helpers, feature capture, checkpoints), the
 * training engine that fans runs out over Spark ({@link org.earlyrank.train.TrainingEngine}, which prune-mip
 * also calls), and the train stage that samples a sweep's runs and hands them to it.
 */
package org.earlyrank.train;
