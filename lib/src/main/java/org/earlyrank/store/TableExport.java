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
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.earlyrank.schema.TableException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Writes a published table of a sweep as CSV or JSON Lines, so tools without a Parquet reader (Python
 * without pyarrow, spreadsheets, shell scripts) can use the results.
 *
 * <p>Any table works, declared in {@code schema/} or not: columns come from the part files' own Parquet
 * schema (all part files must agree), in file order. Formats:
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
     * @throws TableException when the sweep or table is missing or incomplete, part files disagree, or a
     *                        selected column does not exist
     */
    public static long write(SweepFolder sweep, String table, Format format, Selection selection, Writer out) {
        List<Path> parts = partFiles(sweep, table);
        MessageType schema = schemaOf(table, parts, sweep);
        int[] fields = projection(table, schema, selection.columns());
        Map<Integer, Set<String>> where = filters(table, schema, selection.where());
        RowWriter writer = format == Format.CSV ? new CsvWriter(out) : new JsonLinesWriter(out);
        long rows = 0;
        try {
            List<String> names = new ArrayList<>();
            for (int f : fields) {
                names.add(schema.getFieldName(f));
            }
            writer.header(names);
            for (Path p : parts) {
                try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(), p)
                        .withConf(sweep.conf()).build()) {
                    for (Group g = reader.read(); g != null; g = reader.read()) {
                        if (!matches(g, schema, where)) {
                            continue;
                        }
                        List<Object> values = new ArrayList<>(fields.length);
                        for (int f : fields) {
                            values.add(value(g, f, schema.getType(f)));
                        }
                        writer.row(names, values);
                        rows++;
                    }
                } catch (IOException | RuntimeException e) {
                    if (e instanceof TableException te) {
                        throw te;
                    }
                    if (e instanceof UncheckedIOException) {
                        throw (UncheckedIOException) e;
                    }
                    throw new TableException(table, "table '" + table + "': " + p + " is not a readable Parquet file ("
                            + e.getMessage() + "); restore it or re-run the stage that writes '" + table + "'", e);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing the export of '" + table + "': " + e.getMessage(), e);
        }
        return rows;
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

    private static MessageType schemaOf(String table, List<Path> parts, SweepFolder sweep) {
        MessageType first = null;
        for (Path p : parts) {
            MessageType s = ParquetTableReader.footerSchema(p, sweep.conf(), table);
            if (first == null) {
                first = s;
            } else if (!sameColumns(first, s)) {
                throw new TableException(table, "table '" + table + "': " + p + " has other columns than "
                        + parts.get(0).getName() + " (" + s + " vs " + first + "); re-run the stage that writes it with --overwrite");
            }
        }
        if (first == null) {
            // A published table with no rows has no part file; export just the header then.
            return new MessageType(table, List.of());
        }
        return first;
    }

    private static boolean sameColumns(MessageType a, MessageType b) {
        // Names and types; the message name differs between writers and does not matter.
        return a.getFields().equals(b.getFields());
    }

    private static int[] projection(String table, MessageType schema, List<String> columns) {
        if (columns.isEmpty()) {
            int[] all = new int[schema.getFieldCount()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] out = new int[columns.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = fieldIndex(table, schema, columns.get(i));
        }
        return out;
    }

    private static Map<Integer, Set<String>> filters(String table, MessageType schema, Map<String, Set<String>> where) {
        Map<Integer, Set<String>> out = new LinkedHashMap<>();
        for (Map.Entry<String, Set<String>> e : where.entrySet()) {
            int f = fieldIndex(table, schema, e.getKey());
            if (!schema.getType(f).isPrimitive()) {
                throw new TableException(table, "--where works on scalar columns; '" + e.getKey() + "' of table '"
                        + table + "' is " + schema.getType(f).getLogicalTypeAnnotation());
            }
            out.put(f, e.getValue());
        }
        return out;
    }

    private static int fieldIndex(String table, MessageType schema, String column) {
        if (!schema.containsField(column)) {
            List<String> names = schema.getFields().stream().map(Type::getName).toList();
            throw new TableException(table, "table '" + table + "' has no column '" + column + "'; its columns are: "
                    + String.join(", ", names));
        }
        return schema.getFieldIndex(column);
    }

    private static boolean matches(Group g, MessageType schema, Map<Integer, Set<String>> where) {
        for (Map.Entry<Integer, Set<String>> e : where.entrySet()) {
            Object v = value(g, e.getKey(), schema.getType(e.getKey()));
            if (v == null || !e.getValue().contains(scalarText(v))) {
                return false;
            }
        }
        return true;
    }

    /** The Java value of field {@code f} of a group: null, String, Number, Boolean, List or Map. */
    static Object value(Group g, int f, Type t) {
        if (g.getFieldRepetitionCount(f) == 0) {
            return null;
        }
        if (t.isRepetition(Type.Repetition.REPEATED)) {
            List<Object> list = new ArrayList<>();
            for (int i = 0; i < g.getFieldRepetitionCount(f); i++) {
                list.add(single(g, f, i, t));
            }
            return list;
        }
        return single(g, f, 0, t);
    }

    private static Object single(Group g, int f, int i, Type t) {
        if (t.isPrimitive()) {
            return switch (t.asPrimitiveType().getPrimitiveTypeName()) {
                case INT32 -> g.getInteger(f, i);
                case INT64 -> g.getLong(f, i);
                case FLOAT -> g.getFloat(f, i);
                case DOUBLE -> g.getDouble(f, i);
                case BOOLEAN -> g.getBoolean(f, i);
                case BINARY, FIXED_LEN_BYTE_ARRAY, INT96 -> g.getValueToString(f, i);
            };
        }
        Group inner = g.getGroup(f, i);
        GroupType gt = t.asGroupType();
        LogicalTypeAnnotation ann = gt.getLogicalTypeAnnotation();
        if (ann instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && gt.getFieldCount() == 1) {
            // Standard three-level LIST: repeated group "list" { element }
            Type repeated = gt.getType(0);
            List<Object> list = new ArrayList<>();
            for (int k = 0; k < inner.getFieldRepetitionCount(0); k++) {
                if (repeated.isPrimitive()) {
                    list.add(single(inner, 0, k, repeated));
                } else {
                    Group item = inner.getGroup(0, k);
                    list.add(value(item, 0, repeated.asGroupType().getType(0)));
                }
            }
            return list;
        }
        if ((ann instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
                || ann instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation) && gt.getFieldCount() == 1) {
            GroupType kv = gt.getType(0).asGroupType();
            Map<String, Object> map = new LinkedHashMap<>();
            for (int k = 0; k < inner.getFieldRepetitionCount(0); k++) {
                Group e = inner.getGroup(0, k);
                map.put(String.valueOf(value(e, 0, kv.getType(0))), value(e, 1, kv.getType(1)));
            }
            return map;
        }
        Map<String, Object> struct = new LinkedHashMap<>();
        for (int k = 0; k < gt.getFieldCount(); k++) {
            struct.put(gt.getFieldName(k), value(inner, k, gt.getType(k)));
        }
        return struct;
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
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
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
