package org.earlyrank.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.Column;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.schema.Tables;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a published table of a sweep as CSV or JSON Lines, so tools without a Parquet reader (Python
 * without pyarrow, spreadsheets, shell scripts) can use the results.
 *
 * <p>Tables are read through the one Parquet layer ({@link ParquetTableReader}), checked against their
 * declaration in {@code schema/} ({@link Tables#asWritten}: mip_trials with the budget parameters its files
 * hold), columns in the declared order. Formats:
 * <ul>
 *   <li>CSV (RFC 4180): a header of column names; NULL is an empty field; arrays are JSON lists
 *       ({@code [0.5, 1.25]}) and maps JSON objects ({@code {"learning_rate": 0.1}}), quoted as fields.</li>
 *   <li>JSON: one object per row and line (JSON Lines), NULL as {@code null}.</li>
 * </ul>
 * Numbers are Java's shortest round-trip decimal form ({@code 1.0E-4} for 0.0001). Non-finite numbers are
 * written {@code NaN}, {@code Infinity}, {@code -Infinity}, as Python's {@code float()} and
 * {@code json} module read them (tables use NULL for undefined statistics, so these only occur in raw
 * values such as a diverged run's losses). Rows keep the part files' order (part files sorted by name).
 *
 * <p>Reads through Hadoop's FileSystem API without Spark; streams row by row, so memory does not grow
 * with the table.
 */
public final class TableExport {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private TableExport() {
    }

    /** Output format. */
    public enum Format {
        CSV, JSON;

        /** File name extension, without the dot. */
        public String extension() {
            return this == CSV ? "csv" : "jsonl";
        }

        /** Parses "csv" or "json" (any case). */
        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TableException("export", "--format must be csv or json, got '" + s + "'");
            }
        }
    }

    /**
     * Which columns and rows to write.
     *
     * @param columns columns in output order; empty = all, in the table's order
     * @param where   column to accepted values (as written in the output, e.g. {@code epoch -> {1, 12}});
     *                a row is kept when every listed column holds one of its values; scalar columns only
     */
    public record Selection(List<String> columns, Map<String, Set<String>> where) {
        public static final Selection ALL = new Selection(List.of(), Map.of());

        public Selection {
            columns = List.copyOf(columns);
            where = Map.copyOf(where);
        }
    }

    /** Names of the published tables (folders with {@code _SUCCESS}) of a sweep, sorted. */
    public static List<String> publishedTables(SweepFolder sweep) {
        sweep.requireExists();
        List<String> names = new ArrayList<>();
        for (FileStatus st : Fs.list(sweep.fs(), sweep.root())) {
            String n = st.getPath().getName();
            if (st.isDirectory() && !n.startsWith("_") && !n.startsWith(".") && sweep.hasTable(n)) {
                names.add(n);
            }
        }
        names.sort(Comparator.naturalOrder());
        return names;
    }

    /**
     * Writes one table.
     *
     * @return rows written
     * @throws TableException when the sweep or table is missing or incomplete, not a declared table, a part
     *                        file is not in its schema, or a selected column does not exist
     */
    public static long write(SweepFolder sweep, String table, Format format, Selection selection, Writer out) {
        List<Path> parts = partFiles(sweep, table);
        TableSchema schema = schemaOf(table, parts, sweep);
        int[] fields = projection(schema, selection.columns());
        Map<Integer, Set<String>> where = filters(schema, selection.where());
        RowWriter writer = format == Format.CSV ? new CsvWriter(out) : new JsonLinesWriter(out);
        long[] rows = {0};
        try {
            List<String> names = new ArrayList<>();
            for (int f : fields) {
                names.add(schema.column(f).name());
            }
            writer.header(names);
            for (Path p : parts) {
                ParquetTableReader.forEach(p, schema, sweep.conf(), r -> {
                    if (!matches(r, where)) {
                        return;
                    }
                    List<Object> values = new ArrayList<>(fields.length);
                    for (int f : fields) {
                        values.add(value(r, f));
                    }
                    try {
                        writer.row(names, values);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    rows[0]++;
                });
            }
            out.flush();
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new UncheckedIOException("writing the export of '" + table + "': " + io.getMessage(), io);
        }
        return rows[0];
    }

    private static List<Path> partFiles(SweepFolder sweep, String table) {
        sweep.requireExists();
        FileSystem fs = sweep.fs();
        Path dir = sweep.table(table);
        if (!Fs.isDirectory(fs, dir)) {
            throw new TableException(table, "sweep " + sweep + " has no table '" + table + "'; its tables are: "
                    + String.join(", ", publishedTables(sweep)));
        }
        if (!sweep.hasTable(table)) {
            throw new TableException(table, "table '" + table + "' at " + dir + " is incomplete (no _SUCCESS): the stage "
                    + "that writes it has not finished; re-run that stage to resume it");
        }
        List<Path> parts = new ArrayList<>();
        for (FileStatus st : Fs.list(fs, dir)) {
            String n = st.getPath().getName();
            if (st.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
                parts.add(st.getPath());
            }
        }
        parts.sort(Comparator.comparing(Path::getName));
        return parts;
    }

    /** The declared table, as its first part file was written (mip_trials' parameter columns). */
    private static TableSchema schemaOf(String table, List<Path> parts, SweepFolder sweep) {
        if (Tables.byName(table).isEmpty()) {
            throw new TableException(table, "'" + table + "' is not a table EarlyRank declares (docs/tables.md); "
                    + "the tables of sweep " + sweep + " are: " + String.join(", ", publishedTables(sweep)));
        }
        return parts.isEmpty() ? Tables.byName(table).get()
                : Tables.asWritten(table, ParquetTableReader.footerSchema(parts.get(0), sweep.conf(), table),
                parts.get(0).toString());
    }

    private static int[] projection(TableSchema schema, List<String> columns) {
        if (columns.isEmpty()) {
            int[] all = new int[schema.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fieldIndex(schema, columns.get(i));
        }
        return out;
    }

    private static Map<Integer, Set<String>> filters(TableSchema schema, Map<String, Set<String>> where) {
        Map<Integer, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : where.entrySet()) {
            int f = fieldIndex(schema, e.getKey());
            ColumnType t = schema.column(f).type();
            if (t == ColumnType.FLOAT_ARRAY || t == ColumnType.STRING_DOUBLE_MAP) {
                throw new TableException(schema.name(), "--where works on scalar columns; '" + e.getKey() + "' of table '"
                        + schema.name() + "' is " + t.sqlName());
            }
            out.put(f, e.getValue());
        }
        return out;
    }

    private static int fieldIndex(TableSchema schema, String column) {
        if (!schema.has(column)) {
            List<String> names = schema.columns().stream().map(Column::name).toList();
            throw new TableException(schema.name(), "table '" + schema.name() + "' has no column '" + column
                    + "'; its columns are: " + String.join(", ", names));
        }
        return schema.indexOf(column);
    }

    private static boolean matches(Row r, Map<Integer, Set<String>> where) {
        for (Map.Entry<Integer, Set<String>> e : where.entrySet()) {
            Object v = r.get(e.getKey());
            if (v == null || !e.getValue().contains(scalarText(v))) {
                return false;
            }
        }
        return true;
    }

    /** The value of field {@code f} as the writers take it: null, String, Number, Boolean, List or Map. */
    static Object value(Row r, int f) {
        Object v = r.get(f);
        if (v instanceof float[] a) {
            List<Float> list = new ArrayList<>(a.length);
            for (float x : a) {
                list.add(x);
            }
            return list;
        }
        return v;
    }

    /** A scalar as written to CSV (and compared by --where). */
    static String scalarText(Object v) {
        if (v instanceof Double d) {
            return d.isNaN() ? "NaN" : d.toString();
        }
        if (v instanceof Float f) {
            return f.isNaN() ? "NaN" : f.toString();
        }
        return String.valueOf(v);
    }

    private interface RowWriter {
        void header(List<String> names) throws IOException;

        void row(List<String> names, List<Object> values) throws IOException;
    }

    private static final class CsvWriter implements RowWriter {
        private final Writer out;

        CsvWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void header(List<String> names) throws IOException {
            line(new ArrayList<>(names));
        }

        @Override
        public void row(List<String> names, List<Object> values) throws IOException {
            List<String> cells = new ArrayList<>(values.size());
            for (Object v : values) {
                cells.add(v == null ? "" : v instanceof List || v instanceof Map ? json(v) : scalarText(v));
            }
            line(cells);
        }

        private void line(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(quote(cells.get(i)));
            }
            out.write('\n');
        }

        private static String quote(String s) {
            boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0;
            return needs ? '"' + s.replace("\"", "\"\"") + '"' : s;
        }

        private static String json(Object v) throws IOException {
            java.io.StringWriter w = new java.io.StringWriter();
            try (JsonGenerator g = generator(w)) {
                writeJson(g, v);
            }
            return w.toString();
        }
    }

    private static final class JsonLinesWriter implements RowWriter {
        private final Writer out;

        JsonLinesWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void header(List<String> names) {
        }

        @Override
        public void row(List<String> names, List<Object> values) throws IOException {
            java.io.StringWriter w = new java.io.StringWriter();
            try (JsonGenerator g = generator(w)) {
                g.writeStartObject();
                for (int i = 0; i < names.size(); i++) {
                    g.writeFieldName(names.get(i));
                    writeJson(g, values.get(i));
                }
                g.writeEndObject();
            }
            out.write(w.toString());
            out.write('\n');
        }
    }

    private static JsonGenerator generator(Writer w) throws IOException {
        JsonGenerator g = JSON.createGenerator(w);
        // NaN and Infinity unquoted, as Python's json module writes and reads them.
        g.disable(JsonGenerator.Feature.QUOTE_NON_NUMERIC_NUMBERS);
        return g;
    }

    private static void writeJson(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Float || v instanceof Double) {
            // Java's shortest round-trip form, as Jackson writes each of them; NaN and Infinity unquoted
            g.writeNumber(v.toString());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                writeJson(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                writeJson(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            g.writeString(String.valueOf(v));
        }
    }
}
