/**
 * Helpers every package shares, each written once: the rounding rule for fractions of a budget
 * ({@link org.earlyrank.base.Fractions}), the seeded shuffle ({@link org.earlyrank.base.Shuffle}), the median
 * ({@link org.earlyrank.base.Median}), the columns' mean and standard deviation
 * ({@link org.earlyrank.base.ColumnMoments}), and the few text forms the logs and pages use
 * ({@link org.earlyrank.base.Text}). Depends on nothing else in EarlyRank.
 */
package org.earlyrank.base;
