/**
 * The sweep folder on any Hadoop file system: Parquet part-file I/O without Spark, per-unit staged commits, publishing whole tables, options.json and each stage's lifecycle (resume, refuse, overwrite).
 */
package org.earlyrank.store;
