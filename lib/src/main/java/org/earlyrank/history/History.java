package org.earlyrank.history;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.NightsTable;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.schema.Tables;
import org.earlyrank.store.Fs;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;

/**
 * The history folder: one Hive-partitioned dataset per table, {@code HISTORY_DIR/<table>/date=YYYY-MM-DD/
 * part-00000.parquet} (plus {@code _SUCCESS}), so {@code spark.read().parquet("HISTORY_DIR/rank_correlation")}
 * or DuckDB's {@code read_parquet('HISTORY_DIR/rank_correlation/*}{@code /*.parquet', hive_partitioning = true)}
 * reads every night with a {@code date} column. Each partition holds the table's declared columns.
 *
 * <p>{@link #publish} writes the whole night under {@code _staging/} first and only then swaps each table's
 * partition in (rename), so a failure while writing leaves the history as it was, and re-running a night
 * replaces its partitions instead of adding rows. Readers skip {@code _staging} (Spark, DuckDB and pyarrow
 * ignore paths starting with {@code _}). One writer at a time (bin/nightly holds a lock).
 *
 * @param root the folder, qualified on construction ({@link Fs#qualified}): any Hadoop file system URI
 * @param conf the Hadoop configuration its files are read and written with
 */
public record History(Path root, Configuration conf) {
    public static final String STAGING = "_staging";
    public static final String REPORT = "report";
    static final String PART = "part-00000.parquet";

    /**
     * The tables of the history, in the order the report and the docs list them: nights, then the sweep's
     * small tables. estimator_comparison joins once a branch declares it in {@link Tables} (the report's
     * paired comparison, issue 17); until then a sweep has no such table.
     */
    public static final List<TableSchema> TABLES = tables();

    public History {
        root = Fs.qualified(root, conf);
    }

    /** The history at a URI or local path (created on the first publish). */
    public static History at(String dir, Configuration conf) {
        return new History(new Path(dir), conf);
    }

    private static List<TableSchema> tables() {
        List<TableSchema> out = new ArrayList<>(List.of(NightsTable.TABLE, RankCorrelationTable.TABLE));
        Tables.byName("estimator_comparison").ifPresent(out::add);
        out.add(SearchResultsTable.TABLE);
        out.add(FinalRunsTable.TABLE);
        return List.copyOf(out);
    }

    /** A history table by name. */
    public static Optional<TableSchema> declared(String name) {
        return TABLES.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * Parses a night's date.
     *
     * @throws ConfigException naming the flag when it is not YYYY-MM-DD
     */
    public static LocalDate parseDate(String text) {
        try {
            if (text.matches("\\d{4}-\\d{2}-\\d{2}")) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // falls through to the message below
        }
        throw new ConfigException("--date must be a day as YYYY-MM-DD (e.g. 2026-03-14), got '" + text + "'");
    }

    FileSystem fs() {
        return Fs.of(root, conf);
    }

    public Path table(String name) {
        return new Path(root, name);
    }

    /** {@code <table>/date=YYYY-MM-DD}. */
    public Path partition(String table, LocalDate date) {
        return new Path(table(table), "date=" + date);
    }

    public Path reportDir() {
        return new Path(root, REPORT);
    }

    /**
     * Publishes a night: every table it has is written to {@code _staging/night-<date>-<uuid>/} and then
     * swapped in as {@code <table>/date=<date>}; that night's earlier partitions, including those of tables
     * tonight's sweep lacks, are removed. Nothing in the history changes until every file is written.
     *
     * @return rows written per table
     */
    public Map<String, Integer> publish(Night night) {
        FileSystem fs = fs();
        String prefix = "night-" + night.date() + "-";
        Path staging = new Path(root, STAGING);
        for (FileStatus st : Fs.list(fs, staging)) {
            if (st.getPath().getName().startsWith(prefix)) {
                Fs.delete(fs, st.getPath()); // left by a killed publish of the same night
            }
        }
        Path work = new Path(staging, prefix + UUID.randomUUID());
        Map<String, Integer> written = new LinkedHashMap<>();
        try {
            for (Map.Entry<TableSchema, List<Row>> e : night.tables().entrySet()) {
                Path dir = new Path(new Path(work, "new"), e.getKey().name());
                ParquetTableWriter.writeFile(new Path(dir, PART), e.getKey(), e.getValue(), conf);
                Fs.writeBytes(fs, new Path(dir, SweepFolder.SUCCESS), new byte[0]);
                written.put(e.getKey().name(), e.getValue().size());
            }
        } catch (RuntimeException e) {
            Fs.delete(fs, work);
            throw e;
        }
        for (TableSchema t : TABLES) {
            Path target = partition(t.name(), night.date());
            if (Fs.exists(fs, target)) {
                Fs.rename(fs, target, new Path(new Path(work, "old"), t.name()));
            }
            if (written.containsKey(t.name())) {
                Fs.rename(fs, new Path(new Path(work, "new"), t.name()), target);
            }
        }
        Fs.delete(fs, work);
        if (Fs.list(fs, staging).isEmpty()) {
            Fs.delete(fs, staging);
        }
        return written;
    }

    /** The nights in the history (dates of the nights table's partitions), oldest first. */
    public List<LocalDate> nights() {
        List<LocalDate> out = new ArrayList<>();
        for (FileStatus st : Fs.list(fs(), table(NightsTable.NAME))) {
            LocalDate d = dateOf(st);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** A row of a history table and the night it belongs to. */
    public record Dated(LocalDate date, Row row) {
    }

    /**
     * Every night's rows of a table, oldest night first, read on this JVM with the declared schema (the
     * history tables are small). Empty when the table has no partition.
     */
    public List<Dated> read(TableSchema table) {
        FileSystem fs = fs();
        List<Dated> out = new ArrayList<>();
        for (FileStatus st : Fs.list(fs, table(table.name()))) {
            LocalDate d = dateOf(st);
            if (d == null) {
                continue;
            }
            for (FileStatus f : Fs.list(fs, st.getPath())) {
                String n = f.getPath().getName();
                if (f.isFile() && n.endsWith(".parquet") && !n.startsWith("_") && !n.startsWith(".")) {
                    ParquetTableReader.forEach(f.getPath(), table, conf, r -> out.add(new Dated(d, r)));
                }
            }
        }
        return out;
    }

    private static LocalDate dateOf(FileStatus st) {
        String n = st.getPath().getName();
        if (!st.isDirectory() || !n.startsWith("date=")) {
            return null;
        }
        try {
            return LocalDate.parse(n.substring("date=".length()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
