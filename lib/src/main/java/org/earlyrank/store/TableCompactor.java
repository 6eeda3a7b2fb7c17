package org.earlyrank.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.TableSchema;

/**
 * Rewrites the part files one stage committed to a table (one per unit: a run, or a batch of runs) as the
 * published layout: a few large files, rows sorted by {@code run_id} and then {@code epoch} (the columns
 * the table has), so that a reader looking for one run skips the other row groups through their
 * {@code run_id} statistics.
 *
 * <ul>
 *   <li>Files are named {@code <prefix>-00000.parquet}, {@code <prefix>-00001.parquet}, ...; a new file starts
 *       at a run boundary once the current one holds {@link #targetBytes} (128 MiB, or 1/16 of the staged
 *       bytes when that is more, so a stage writes at most about 16 files to a table). A run's rows are never
 *       split across files.</li>
 *   <li>Row groups of 8 MiB ({@link #ROW_GROUP_BYTES}; the Hadoop key {@value #ROW_GROUP_KEY} overrides it):
 *       small enough that one run's read fetches little else.</li>
 *   <li>The footer carries {@code earlyrank.sorted_by = run_id,epoch} ({@link #SORTED_BY}); readers use it to
 *       tell a published sorted file from a per-run one of the old layout, which they still read.</li>
 *   <li>A table always gets at least one file (with no rows when the stage wrote none), so readers see its
 *       columns.</li>
 * </ul>
 *
 * <p>Memory: inputs are ordered by their footers' {@code run_id} ranges and read one group of overlapping
 * files at a time (a group is usually one file: one commit's rows), so the compaction holds at most one
 * commit's worth of rows, which the stage held in memory anyway when it committed them.
 */
public final class TableCompactor {
    public static final long TARGET_FILE_BYTES = 128L << 20;
    public static final int MAX_FILES = 16;
    public static final long ROW_GROUP_BYTES = 8L << 20;
    /** Hadoop configuration key overriding {@link #ROW_GROUP_BYTES} (bytes). */
    public static final String ROW_GROUP_KEY = "earlyrank.publish.row_group_bytes";
    /** Footer key naming the columns a published file is sorted by. */
    public static final String SORTED_BY = "earlyrank.sorted_by";

    private TableCompactor() {
    }

    /** The columns rows are sorted by: run_id and epoch, those the table has. */
    public static List<String> sortColumns(TableSchema schema) {
        List<String> out = new ArrayList<>();
        for (String c : List.of("run_id", "epoch")) {
            if (schema.has(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** The size at which a new file starts, for inputs of {@code stagedBytes} in all. */
    public static long targetBytes(long stagedBytes) {
        return Math.max(TARGET_FILE_BYTES, (stagedBytes + MAX_FILES - 1) / MAX_FILES);
    }

    /**
     * Writes the rows of {@code inputs} into {@code dir/<prefix>-NNNNN.parquet}, sorted.
     *
     * @return the files written (at least one)
     */
    public static List<Path> compact(TableSchema schema, List<FileStatus> inputs, Path dir, String prefix,
                                     Configuration conf) {
        long staged = inputs.stream().mapToLong(FileStatus::getLen).sum();
        return compact(schema, inputs, dir, prefix, conf, targetBytes(staged), conf.getLong(ROW_GROUP_KEY, ROW_GROUP_BYTES));
    }

    /** As {@link #compact(TableSchema, List, Path, String, Configuration)} with explicit sizes (tests use tiny ones). */
    static List<Path> compact(TableSchema schema, List<FileStatus> inputs, Path dir, String prefix, Configuration conf,
                              long target, long rowGroupBytes) {
        List<String> keys = sortColumns(schema);
        int runCol = keys.contains("run_id") ? schema.indexOf("run_id") : -1;
        int epochCol = keys.contains("epoch") ? schema.indexOf("epoch") : -1;
        Comparator<Row> order = (a, b) -> {
            int c = runCol < 0 ? 0 : a.getString(runCol).compareTo(b.getString(runCol));
            if (c == 0 && epochCol >= 0) {
                c = Integer.compare(((Number) a.get(epochCol)).intValue(), ((Number) b.get(epochCol)).intValue());
            }
            return c;
        };
        List<Range> ranges = new ArrayList<>();
        for (FileStatus st : inputs) {
            Range r = range(st.getPath(), conf, schema);
            if (r != null) {
                ranges.add(r);
            }
        }
        if (runCol >= 0) {
            ranges.sort(Comparator.comparing((Range r) -> r.min).thenComparing(r -> r.max));
        } else {
            ranges.sort(Comparator.comparing(r -> r.file.getName()));
        }
        Map<String, String> footer = Map.of(SORTED_BY, String.join(",", keys));
        Output out = new Output(schema, dir, prefix, conf, footer, target, rowGroupBytes, runCol);
        try {
            int i = 0;
            while (i < ranges.size()) {
                // A group: files whose run_id ranges overlap (sharing a run counts), read and sorted together.
                int j = i + 1;
                String max = ranges.get(i).max;
                while (runCol >= 0 && j < ranges.size() && ranges.get(j).min.compareTo(max) <= 0) {
                    max = max.compareTo(ranges.get(j).max) >= 0 ? max : ranges.get(j).max;
                    j++;
                }
                List<Row> rows = new ArrayList<>();
                for (Range r : ranges.subList(i, j)) {
                    ParquetTableReader.forEach(r.file, schema, conf, rows::add);
                }
                rows.sort(order); // stable: rows of one run and epoch keep their committed order
                for (Row row : rows) {
                    out.write(row);
                }
                i = j;
            }
        } finally {
            out.close();
        }
        return out.files;
    }

    /** A file's run_id range from its footer statistics; null for a file without rows. */
    private static Range range(Path file, Configuration conf, TableSchema schema) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            schema.check(r.getFooter().getFileMetaData().getSchema(), file.toString());
            long rows = 0;
            String min = null;
            String max = null;
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                rows += b.getRowCount();
                for (ColumnChunkMetaData c : b.getColumns()) {
                    if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals("run_id")) {
                        Statistics<?> st = c.getStatistics();
                        if (st == null || !st.hasNonNullValue()) {
                            continue;
                        }
                        String lo = ((Binary) st.genericGetMin()).toStringUsingUTF8();
                        String hi = ((Binary) st.genericGetMax()).toStringUsingUTF8();
                        min = min == null || lo.compareTo(min) < 0 ? lo : min;
                        max = max == null || hi.compareTo(max) > 0 ? hi : max;
                    }
                }
            }
            if (rows == 0) {
                return null;
            }
            // Without statistics (another writer), the file is its own group, ordered first.
            return new Range(file, min == null ? "" : min, max == null ? "\uffff" : max);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the footer of " + file + ": " + e.getMessage(), e);
        }
    }

    private record Range(Path file, String min, String max) {
    }

    /** The sequence of output files: rolls to a new one at a run boundary past the target size. */
    private static final class Output {
        private final TableSchema schema;
        private final Path dir;
        private final String prefix;
        private final Configuration conf;
        private final Map<String, String> footer;
        private final long target;
        private final long rowGroupBytes;
        private final int runCol;
        private final List<Path> files = new ArrayList<>();
        private ParquetTableWriter writer;
        private String lastRun;

        Output(TableSchema schema, Path dir, String prefix, Configuration conf, Map<String, String> footer, long target,
               long rowGroupBytes, int runCol) {
            this.rowGroupBytes = rowGroupBytes;
            this.schema = schema;
            this.dir = dir;
            this.prefix = prefix;
            this.conf = conf;
            this.footer = footer;
            this.target = target;
            this.runCol = runCol;
        }

        void write(Row row) {
            String run = runCol < 0 ? null : row.getString(runCol);
            boolean boundary = run == null || !run.equals(lastRun);
            if (writer != null && boundary && writer.dataSize() >= target) {
                writer.close();
                writer = null;
            }
            if (writer == null) {
                open();
            }
            writer.write(row);
            lastRun = run;
        }

        private void open() {
            Path f = new Path(dir, String.format("%s-%05d.parquet", prefix, files.size()));
            writer = ParquetTableWriter.open(f, schema, conf, rowGroupBytes, footer);
            files.add(f);
        }

        void close() {
            if (writer == null && files.isEmpty()) {
                open(); // an empty table still carries its schema
            }
            if (writer != null) {
                writer.close();
                writer = null;
            }
        }
    }
}
