package org.earlyrank.store;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;

/**
 * A sweep folder {@code DIR/<sweep_id>/}: one sub-folder per published table (Parquet part files and
 * {@code _SUCCESS}), {@code options.json}, {@code report/}, and {@code _staging/} for work in progress.
 * Folders starting with {@code _} or {@code .} are never part of a table.
 *
 * <p>Serializable (root URI and Hadoop configuration) so tasks can read and commit into it.
 */
public final class SweepFolder implements Serializable {
    private static final long serialVersionUID = 1L;
    public static final String SUCCESS = "_SUCCESS";
    public static final String STAGING = "_staging";

    private final String root;
    private final HadoopConf conf;

    private SweepFolder(String root, HadoopConf conf) {
        this.root = root;
        this.conf = conf;
    }

    /** The sweep folder at a URI or local path (not created). */
    public static SweepFolder at(String root, Configuration conf) {
        return new SweepFolder(Fs.qualified(new Path(root), conf).toString(), new HadoopConf(conf));
    }

    /** {@code out/<sweepId>}. */
    public static SweepFolder at(String out, String sweepId, Configuration conf) {
        return at(new Path(new Path(out), sweepId).toString(), conf);
    }

    public Path root() {
        return new Path(root);
    }

    public String sweepId() {
        return root().getName();
    }

    public Configuration conf() {
        return conf.get();
    }

    public HadoopConf hadoopConf() {
        return conf;
    }

    public FileSystem fs() {
        return Fs.of(root(), conf.get());
    }

    public boolean exists() {
        return Fs.isDirectory(fs(), root());
    }

    public Path table(String name) {
        return new Path(root(), name);
    }

    public Path optionsFile() {
        return new Path(root(), "options.json");
    }

    public Path reportDir() {
        return new Path(root(), "report");
    }

    public Path staging() {
        return new Path(root(), STAGING);
    }

    public Path stageStaging(String stage) {
        return new Path(staging(), stage);
    }

    /** True when the table is published (its folder has {@code _SUCCESS}). */
    public boolean hasTable(String name) {
        return Fs.exists(fs(), new Path(table(name), SUCCESS));
    }

    /** Fails with a message naming the sweep folder when it does not exist. */
    public void requireExists() {
        if (!exists()) {
            throw new TableException("sweep", "no sweep folder at " + root
                    + ": pass --sweep DIR/<sweep_id> of a sweep that `bin/earlyrank train` (or import-curves) wrote");
        }
    }

    /**
     * The part files of a published table, checked: the folder must exist and be complete.
     *
     * @param writtenBy the stage that writes the table, for the message
     */
    public List<Path> partFiles(TableSchema schema, String writtenBy) {
        FileSystem fs = fs();
        Path dir = table(schema.name());
        if (!Fs.isDirectory(fs, dir)) {
            throw new TableException(schema.name(), "sweep " + root + " has no table '" + schema.name()
                    + "' (expected the folder " + dir + "); run `bin/earlyrank " + writtenBy + "` first");
        }
        if (!Fs.exists(fs, new Path(dir, SUCCESS))) {
            throw new TableException(schema.name(), "table '" + schema.name() + "' at " + dir
                    + " is incomplete (no _SUCCESS): its stage did not finish; re-run `bin/earlyrank "
                    + writtenBy + "` to resume it");
        }
        List<Path> parts = new ArrayList<>();
        for (FileStatus st : Fs.list(fs, dir)) {
            String n = st.getPath().getName();
            if (st.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
                parts.add(st.getPath());
            }
        }
        return parts;
    }

    /** Checks every part file's schema (footers only), so a stage fails before doing any work. */
    public List<Path> checkTable(TableSchema schema, String writtenBy) {
        List<Path> parts = partFiles(schema, writtenBy);
        for (Path p : parts) {
            schema.check(ParquetTableReader.footerSchema(p, conf(), schema.name()), p.toString());
        }
        return parts;
    }

    /** Reads a whole published table on this JVM (for the small tables; features are read per run). */
    public List<Row> read(TableSchema schema, String writtenBy) {
        List<Row> rows = new ArrayList<>();
        for (Path p : checkTable(schema, writtenBy)) {
            ParquetTableReader.forEach(p, schema, conf(), rows::add);
        }
        return rows;
    }

    /** Streams a whole published table's rows on this JVM, file by file, without holding them. */
    public void forEach(TableSchema schema, String writtenBy, java.util.function.Consumer<Row> sink) {
        for (Path p : checkTable(schema, writtenBy)) {
            ParquetTableReader.forEach(p, schema, conf(), sink);
        }
    }

    @Override
    public String toString() {
        return root;
    }
}
