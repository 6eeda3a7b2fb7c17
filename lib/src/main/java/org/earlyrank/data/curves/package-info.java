/**
 * Import of published learning curves: a wide CSV (one row per configuration, one column per epoch)
 * becomes the {@code runs} and {@code curves} tables of a sweep folder, so every estimator and the
 * report also run on public benchmark data without training.
 */
package org.earlyrank.data.curves;
