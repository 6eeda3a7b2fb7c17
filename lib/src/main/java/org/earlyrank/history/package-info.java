/**
 * The nightly history: every night's sweep appended to one analyst dataset, Hive-partitioned by night
 * ({@code HISTORY_DIR/<table>/date=YYYY-MM-DD/}), and the trend report over it.
 *
 * <p>{@link org.earlyrank.history.SweepNight} reads and checks a finished sweep (nothing is written);
 * {@link org.earlyrank.history.History} publishes a night's partitions whole, replacing that night's
 * earlier ones, and reads the dataset back; {@link org.earlyrank.history.Trends} computes the flags
 * (tau outside the previous nights' intervals, a throughput drop) and
 * {@link org.earlyrank.history.TrendReport} draws {@code HISTORY_DIR/report/index.html}.
 *
 * <p>Not a {@link org.earlyrank.stage.Stage}: a stage writes into the sweep folder it runs on (its tables
 * and its record in options.json), while the history reads a finished sweep without changing it and
 * writes into a folder shared by every night.
 */
package org.earlyrank.history;
