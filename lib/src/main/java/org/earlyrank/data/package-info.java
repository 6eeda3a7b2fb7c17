/**
 * Datasets read from packages or any Hadoop file system (IDX, CIFAR-10 binary), seeded splits, down-sampling and normalisation. Nothing is downloaded.
 */
package org.earlyrank.data;
