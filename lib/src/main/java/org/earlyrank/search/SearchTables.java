package org.earlyrank.search;

import java.util.List;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.earlyrank.schema.SearchResultsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.Fs;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;

/**
 * Publishes replayed searches' rows as the sweep's {@code search_trials} and {@code search_results} tables,
 * replacing what those tables held: each is written complete (one part file and {@code _SUCCESS}) under
 * {@code _staging/search-replay/}, then swapped in by renames, so a reader never sees half a table.
 *
 * <p>Temporary: the {@code search} stage (its resume, per-search_id commits and options.json) replaces this
 * when it wraps {@link SearchReplay}.
 */
public final class SearchTables {
    static final String STAGING = "search-replay";

    private SearchTables() {
    }

    public static void write(SweepFolder sweep, List<SearchTrialRow> trials, List<SearchResultRow> results) {
        publish(sweep, SearchTrialsTable.TABLE, trials.stream().map(SearchTrialRow::toRow).toList());
        publish(sweep, SearchResultsTable.TABLE, results.stream().map(SearchResultRow::toRow).toList());
        Fs.delete(sweep.fs(), sweep.stageStaging(STAGING));
    }

    private static void publish(SweepFolder sweep, TableSchema table, List<org.apache.spark.sql.Row> rows) {
        FileSystem fs = sweep.fs();
        Path staging = sweep.stageStaging(STAGING);
        Path fresh = new Path(staging, table.name());
        Path old = new Path(staging, table.name() + "-old");
        Fs.delete(fs, fresh);
        Fs.delete(fs, old);
        Fs.mkdirs(fs, fresh);
        ParquetTableWriter.writeFile(new Path(fresh, "part-search-replay.parquet"), table, rows, sweep.conf());
        Fs.writeString(fs, new Path(fresh, SweepFolder.SUCCESS), "");
        Path target = sweep.table(table.name());
        if (Fs.exists(fs, target)) {
            Fs.rename(fs, target, old);
        }
        Fs.rename(fs, fresh, target);
        Fs.delete(fs, old);
    }
}
