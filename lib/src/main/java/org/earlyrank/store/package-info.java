/**
 * The sweep folder on any Hadoop file system and the one Parquet layer every stage, the export and winner
 * selection use: {@link org.earlyrank.store.ParquetTableReader} (rows, schema checked against the table's
 * declaration first), {@link org.earlyrank.store.FeatureColumns} (the same check, one run's features read
 * column by column), {@link org.earlyrank.store.ParquetTableWriter}; per-unit staged commits, publishing whole
 * tables, options.json and each stage's lifecycle (resume, refuse, overwrite: {@code StageRun}).
 */
package org.earlyrank.store;
