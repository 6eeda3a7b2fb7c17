package org.earlyrank.schema;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The declaration of one Parquet table: its name, what one row is, and its columns in order.
 * Spark's {@link StructType}, the Parquet {@link MessageType} and the analysts' table reference are
 * all derived from this one declaration.
 *
 * <p>Immutable and serializable: executors write with it.
 */
public final class TableSchema implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final String rowMeaning;
    private final List<Column> columns;
    private final Map<String, Integer> index;
    private transient StructType struct;
    private transient MessageType parquet;

    private TableSchema(String name, String rowMeaning, List<Column> columns) {
        this.name = name;
        this.rowMeaning = rowMeaning;
        this.columns = List.copyOf(columns);
        Map<String, Integer> idx = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            if (idx.put(columns.get(i).name(), i) != null) {
                throw new IllegalArgumentException("duplicate column " + columns.get(i).name() + " in " + name);
            }
        }
        this.index = Collections.unmodifiableMap(idx);
    }

    public static Builder builder(String name, String rowMeaning) {
        return new Builder(name, rowMeaning);
    }

    /** Table (and folder) name, e.g. {@code curves}. */
    public String name() {
        return name;
    }

    /** What one row stands for, e.g. "run and epoch". */
    public String rowMeaning() {
        return rowMeaning;
    }

    public List<Column> columns() {
        return columns;
    }

    public int size() {
        return columns.size();
    }

    /** Position of a column; throws if the table has no such column. */
    public int indexOf(String column) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException("table " + name + " has no column " + column);
        }
        return i;
    }

    public boolean has(String column) {
        return index.containsKey(column);
    }

    public Column column(int i) {
        return columns.get(i);
    }

    /** The Spark schema writers and readers use. */
    public StructType struct() {
        if (struct == null) {
            List<StructField> fields = new ArrayList<>();
            for (Column c : columns) {
                fields.add(new StructField(c.name(), c.type().sparkType(), c.nullable(),
                        org.apache.spark.sql.types.Metadata.empty()));
            }
            struct = new StructType(fields.toArray(new StructField[0]));
        }
        return struct;
    }

    /** The Parquet schema part files are written with. */
    public MessageType parquet() {
        if (parquet == null) {
            List<Type> fields = new ArrayList<>();
            for (Column c : columns) {
                fields.add(c.type().parquetType(c.name(), c.nullable()));
            }
            parquet = new MessageType("earlyrank_" + name, fields);
        }
        return parquet;
    }

    /**
     * Checks a Parquet file's schema against this declaration: every declared column must be present
     * with the same type (extra columns are allowed).
     *
     * @param file  the schema found in the file's footer
     * @param where the file, for the message
     * @throws TableException naming the first missing or mistyped column
     */
    public void check(MessageType file, String where) {
        for (Column c : columns) {
            if (!file.containsField(c.name())) {
                throw new TableException(name, "table '" + name + "' at " + where + " has no column '" + c.name()
                        + "' (" + c.type().sqlName() + "); it was not written by this version of EarlyRank, "
                        + "re-run the stage that writes it with --overwrite");
            }
            Type found = file.getType(c.name());
            Type expected = c.type().parquetType(c.name(), c.nullable());
            if (!sameShape(found, expected)) {
                throw new TableException(name, "table '" + name + "' at " + where + ": column '" + c.name()
                        + "' is " + describe(found) + ", expected " + c.type().sqlName()
                        + "; re-run the stage that writes it with --overwrite");
            }
        }
    }

    /** Checks a schema Spark inferred, with the same rules as {@link #check(MessageType, String)}. */
    public void check(StructType found, String where) {
        for (Column c : columns) {
            if (!List.of(found.fieldNames()).contains(c.name())) {
                throw new TableException(name, "table '" + name + "' at " + where + " has no column '" + c.name()
                        + "' (" + c.type().sqlName() + ")");
            }
            StructField f = found.apply(c.name());
            if (!c.type().matchesSpark(f.dataType())) {
                throw new TableException(name, "table '" + name + "' at " + where + ": column '" + c.name()
                        + "' is " + f.dataType().simpleString() + ", expected " + c.type().sqlName());
            }
        }
    }

    private static boolean sameShape(Type a, Type b) {
        if (a.isPrimitive() != b.isPrimitive()) {
            return false;
        }
        if (a.isPrimitive()) {
            return a.asPrimitiveType().getPrimitiveTypeName() == b.asPrimitiveType().getPrimitiveTypeName()
                    && java.util.Objects.equals(a.getLogicalTypeAnnotation(), b.getLogicalTypeAnnotation());
        }
        GroupType ga = a.asGroupType();
        GroupType gb = b.asGroupType();
        if (ga.getFieldCount() != gb.getFieldCount()
                || !java.util.Objects.equals(ga.getLogicalTypeAnnotation(), gb.getLogicalTypeAnnotation())) {
            return false;
        }
        for (int i = 0; i < ga.getFieldCount(); i++) {
            if (!sameShape(ga.getType(i), gb.getType(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Type t) {
        if (t.isPrimitive()) {
            String s = t.asPrimitiveType().getPrimitiveTypeName().name().toLowerCase();
            return t.getLogicalTypeAnnotation() == null ? s : s + " (" + t.getLogicalTypeAnnotation() + ")";
        }
        return t.toString().replaceAll("\\s+", " ");
    }

    @Override
    public String toString() {
        return "table " + name;
    }

    /** Declares columns in order. */
    public static final class Builder {
        private final String name;
        private final String rowMeaning;
        private final List<Column> columns = new ArrayList<>();

        private Builder(String name, String rowMeaning) {
            this.name = name;
            this.rowMeaning = rowMeaning;
        }

        public Builder required(String column, ColumnType type, String doc) {
            columns.add(new Column(column, type, false, doc));
            return this;
        }

        public Builder nullable(String column, ColumnType type, String doc) {
            columns.add(new Column(column, type, true, doc));
            return this;
        }

        public TableSchema build() {
            return new TableSchema(name, rowMeaning, columns);
        }
    }
}
