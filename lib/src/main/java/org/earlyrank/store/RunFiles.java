package org.earlyrank.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.statistics.Statistics;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;

/**
 * Which part files of a published table may hold a given run's rows, for the large per-epoch tables read
 * run by run ({@code features}, {@code heads}). Two layouts are understood:
 * <ul>
 *   <li>published by {@link StageOutput} now: a few files {@code part-<stage>-sorted-NNNNN.parquet} sorted by
 *       run_id ({@link TableCompactor}); a run's files are those with a row group whose run_id statistics
 *       cover it, read once from the footers here;</li>
 *   <li>the old layout: one file per run, {@code part-<stage>-<run_id>.parquet}, matched by name.</li>
 * </ul>
 * The readers still keep only the run's rows ({@link FeatureColumns}, {@link ParquetTableReader#forEachOfRun}),
 * so a file listed here that holds none of them costs a footer read, never a wrong row.
 */
public final class RunFiles {
    private static final Pattern SORTED = Pattern.compile("part-.+-sorted-\\d{5}\\.parquet");

    private final List<Path> byName = new ArrayList<>();
    private final List<Sorted> sorted = new ArrayList<>();

    private record Sorted(Path file, List<String[]> ranges) {
    }

    /** Indexes the part files of one table: reads the footers of the sorted ones. */
    public static RunFiles of(List<Path> parts, Configuration conf) {
        RunFiles out = new RunFiles();
        for (Path p : parts) {
            List<String[]> ranges = SORTED.matcher(p.getName()).matches() ? sortedRanges(p, conf) : null;
            if (ranges == null) {
                out.byName.add(p);
            } else {
                out.sorted.add(new Sorted(p, ranges));
            }
        }
        return out;
    }

    /** The files that may hold {@code runId}'s rows, in file-name order within each layout. */
    public List<Path> of(String runId) {
        List<Path> out = new ArrayList<>();
        for (Sorted s : sorted) {
            for (String[] r : s.ranges) {
                if (r[0].compareTo(runId) <= 0 && runId.compareTo(r[1]) <= 0) {
                    out.add(s.file);
                    break;
                }
            }
        }
        for (Path p : byName) {
            if (p.getName().endsWith("-" + runId + ".parquet")) {
                out.add(p);
            }
        }
        return out;
    }

    /** Each row group's run_id [min, max]; null when the footer does not say the file is sorted. */
    private static List<String[]> sortedRanges(Path file, Configuration conf) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            if (!r.getFooter().getFileMetaData().getKeyValueMetaData().containsKey(TableCompactor.SORTED_BY)) {
                return null;
            }
            List<String[]> ranges = new ArrayList<>();
            for (BlockMetaData b : r.getFooter().getBlocks()) {
                for (ColumnChunkMetaData c : b.getColumns()) {
                    if (c.getPath().size() == 1 && c.getPath().toArray()[0].equals("run_id")) {
                        Statistics<?> st = c.getStatistics();
                        if (st == null || !st.hasNonNullValue()) {
                            return List.<String[]>of(new String[] {"", "\uffff"}); // no statistics: any run
                        }
                        ranges.add(new String[] {((Binary) st.genericGetMin()).toStringUsingUTF8(),
                                ((Binary) st.genericGetMax()).toStringUsingUTF8()});
                    }
                }
            }
            return ranges;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the footer of " + file + ": " + e.getMessage(), e);
        }
    }
}
