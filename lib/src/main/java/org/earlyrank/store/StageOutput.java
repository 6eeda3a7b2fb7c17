package org.earlyrank.store;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.TableSchema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The output of one stage while it runs: rows are committed per unit of work (a run, usually) under
 * {@code _staging/<stage>/}, and the stage's tables are published once, complete.
 *
 * <p>Layout under {@code _staging/<stage>/}:
 * <ul>
 *   <li>{@code tables/<table>/part-<stage>-<unit>.parquet}: committed rows, one file per unit and table;</li>
 *   <li>{@code committed/<unit>}: the commit marker, written last; a unit without it is not committed and
 *       its files are discarded on resume;</li>
 *   <li>{@code attempts/}: files being written by a task attempt, moved into {@code tables/} on commit;</li>
 *   <li>{@code checkpoints/<unit>/}: mid-unit state (model and rows so far) for task retries.</li>
 * </ul>
 * A killed stage therefore loses at most the units in flight. {@link #publish()} compacts each table's
 * committed files into a few large ones sorted by run_id and epoch ({@link TableCompactor}: the per-unit
 * files never reach the published layout) and swaps the table folder into the sweep folder. Several stages
 * may write the same table ({@code estimates}): each owns the part files named after it
 * ({@code part-<stage>-sorted-NNNNN.parquet}), and publishing keeps the other stages' files, in whichever
 * layout they were published.
 *
 * <p>Serializable: tasks call {@link #commit} on executors.
 */
public final class StageOutput implements Serializable {
    private static final ObjectMapper MARKER_JSON = new ObjectMapper();
    private static final long serialVersionUID = 1L;
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9._=-]+");
    private static final String PUBLISHING = "PUBLISHING";

    private final SweepFolder sweep;
    private final String stage;
    private final List<TableSchema> tables;

    public StageOutput(SweepFolder sweep, String stage, List<TableSchema> tables) {
        this.sweep = sweep;
        this.stage = stage;
        this.tables = List.copyOf(tables);
    }

    public String stage() {
        return stage;
    }

    public SweepFolder sweep() {
        return sweep;
    }

    public List<TableSchema> tables() {
        return tables;
    }

    public Path dir() {
        return sweep.stageStaging(stage);
    }

    private Path pending(String table) {
        return new Path(new Path(dir(), "tables"), table);
    }

    private Path markers() {
        return new Path(dir(), "committed");
    }

    /** Where a unit may keep its mid-unit checkpoint; removed on publish. */
    public Path checkpointDir(String unit) {
        return new Path(new Path(dir(), "checkpoints"), checkUnit(unit));
    }

    /** The part file name a unit's rows get in every table: {@code part-<stage>-<unit>.parquet}. */
    public String partName(String unit) {
        return "part-" + stage + "-" + checkUnit(unit) + ".parquet";
    }

    private static String checkUnit(String unit) {
        if (!UNIT.matcher(unit).matches()) {
            throw new IllegalArgumentException("unit ids may hold letters, digits, '.', '_', '=' and '-' only, got '"
                    + unit + "'");
        }
        return unit;
    }

    public boolean isCommitted(String unit) {
        return Fs.exists(sweep.fs(), new Path(markers(), checkUnit(unit)));
    }

    /** Committed units and their marker text (a short JSON the stage chose). */
    public Map<String, String> committed() {
        FileSystem fs = sweep.fs();
        Map<String, String> out = new LinkedHashMap<>();
        for (FileStatus st : Fs.list(fs, markers())) {
            if (st.isFile() && !st.getPath().getName().startsWith(".")) {
                out.put(st.getPath().getName(), Fs.readString(fs, st.getPath()));
            }
        }
        return out;
    }

    /** A record as a commit marker: its JSON, which {@link #committedRecords} reads back on a resumed run. */
    public static String marker(Object record) {
        try {
            return MARKER_JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every committed unit's marker read back as the record {@link #marker} wrote, in unit order. */
    public <T> List<T> committedRecords(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (String marker : committed().values()) {
            try {
                out.add(MARKER_JSON.readValue(marker, type));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable commit marker of stage " + stage + ": " + marker, e);
            }
        }
        return out;
    }

    /**
     * Commits one unit's rows: every table's file is written aside, moved into place, and then the
     * marker is written. Safe to call again for the same unit (a retried task): the later call wins.
     *
     * @param rows   rows per table name; tables without rows get no file for this unit
     * @param marker text stored in the commit marker
     */
    public void commit(String unit, Map<String, List<Row>> rows, String marker) {
        checkUnit(unit);
        FileSystem fs = sweep.fs();
        Path attempt = new Path(new Path(dir(), "attempts"), unit + "-" + UUID.randomUUID());
        Map<TableSchema, Path> written = new LinkedHashMap<>();
        for (TableSchema t : tables) {
            List<Row> r = rows.get(t.name());
            if (r == null || r.isEmpty()) {
                continue;
            }
            Path f = new Path(attempt, t.name() + ".parquet");
            ParquetTableWriter.writeFile(f, t, r, sweep.conf());
            written.put(t, f);
        }
        for (Map.Entry<TableSchema, Path> e : written.entrySet()) {
            Path target = new Path(pending(e.getKey().name()), partName(unit));
            Fs.delete(fs, target);
            Fs.rename(fs, e.getValue(), target);
        }
        // Written whole or not at all (a temporary file swapped in): a kill -9 between creating the marker and
        // writing it left an empty marker, a unit that counted as committed with no record to read back.
        Fs.replaceFile(fs, new Path(markers(), unit), marker.getBytes(StandardCharsets.UTF_8));
        Fs.delete(fs, attempt);
    }

    /**
     * The rows a committed unit wrote to one table (empty when the unit wrote none there), so a stage that
     * resumes can reuse finished units' results without redoing them. Reads on the calling JVM.
     *
     * @throws IllegalStateException when the unit is not committed
     */
    public List<Row> committedRows(String unit, TableSchema table) {
        if (!isCommitted(unit)) {
            throw new IllegalStateException("unit " + unit + " of stage " + stage + " is not committed");
        }
        Path f = new Path(pending(table.name()), partName(unit));
        return Fs.exists(sweep.fs(), f) ? ParquetTableReader.readFile(f, table, sweep.conf()) : List.of();
    }

    /**
     * Removes what a killed attempt left behind: files of units without a commit marker, and attempt
     * folders. Call on the driver before (re)starting the units.
     */
    public void discardUncommitted() {
        FileSystem fs = sweep.fs();
        Map<String, String> done = committed();
        for (TableSchema t : tables) {
            for (FileStatus st : Fs.list(fs, pending(t.name()))) {
                String n = st.getPath().getName();
                String prefix = "part-" + stage + "-";
                if (n.startsWith(prefix) && n.endsWith(".parquet")) {
                    String unit = n.substring(prefix.length(), n.length() - ".parquet".length());
                    if (!done.containsKey(unit)) {
                        Fs.delete(fs, st.getPath());
                    }
                }
            }
        }
        Fs.delete(fs, new Path(dir(), "attempts"));
    }

    /** True when an earlier publish was interrupted and must be finished. */
    public boolean publishing() {
        return Fs.exists(sweep.fs(), new Path(dir(), PUBLISHING));
    }

    /**
     * The name prefix of this stage's published files: {@code part-<stage>-sorted}, then {@code -NNNNN.parquet}
     * (see {@link TableCompactor}).
     */
    public String publishedPrefix() {
        return "part-" + stage + "-sorted";
    }

    /**
     * Publishes every table: the stage's committed part files (one per unit) are compacted into a few files
     * sorted by run_id and epoch ({@link TableCompactor}) in {@code ready/<table>}, which gets the other
     * stages' part files of a shared table and {@code _SUCCESS}, then replaces the published folder.
     * Resumable: a publish interrupted at any point finishes when called again (the committed part files
     * stay until their table is swapped in, and a compaction that did not finish is redone). Finally removes
     * the stage's staging folder.
     */
    public void publish() {
        FileSystem fs = sweep.fs();
        if (!publishing()) {
            for (TableSchema t : tables) {
                Fs.mkdirs(fs, pending(t.name()));
            }
            Fs.writeBytes(fs, new Path(dir(), PUBLISHING), new byte[0]);
        }
        String own = "part-" + stage + "-";
        for (TableSchema t : tables) {
            Path pend = pending(t.name());
            if (!Fs.exists(fs, pend)) {
                continue; // published before an interruption
            }
            Path current = sweep.table(t.name());
            Path old = new Path(new Path(dir(), "old"), t.name());
            Path ready = new Path(new Path(dir(), "ready"), t.name());
            if (!Fs.exists(fs, ready)) {
                Path work = new Path(new Path(dir(), "compacting"), t.name());
                Fs.delete(fs, work);
                Fs.mkdirs(fs, work);
                List<FileStatus> parts = new ArrayList<>();
                for (FileStatus st : Fs.list(fs, pend)) {
                    String n = st.getPath().getName();
                    if (st.isFile() && n.startsWith(own) && n.endsWith(".parquet")) {
                        parts.add(st);
                    }
                }
                TableCompactor.compact(t, parts, work, publishedPrefix(), sweep.conf());
                Fs.mkdirs(fs, ready.getParent());
                Fs.rename(fs, work, ready); // the compaction is complete once ready/<table> exists
            }
            Path others = Fs.exists(fs, current) ? current : old;
            for (FileStatus st : Fs.list(fs, others)) {
                String n = st.getPath().getName();
                if (st.isFile() && n.startsWith("part-") && !n.startsWith(own) && !Fs.exists(fs, new Path(ready, n))) {
                    Path tmp = new Path(ready, ".copying-" + n);
                    Fs.copy(fs, st.getPath(), tmp);
                    Fs.rename(fs, tmp, new Path(ready, n));
                }
            }
            Fs.writeBytes(fs, new Path(ready, SweepFolder.SUCCESS), new byte[0]);
            if (Fs.exists(fs, current)) {
                Fs.delete(fs, old);
                Fs.rename(fs, current, old);
            }
            Fs.rename(fs, ready, current);
            Fs.delete(fs, pend);
        }
        Fs.delete(fs, dir());
    }

    /** Forgets everything staged for this stage (used by --overwrite). */
    public void reset() {
        Fs.delete(sweep.fs(), dir());
    }
}
