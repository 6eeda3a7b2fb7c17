package org.earlyrank.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.Column;
import org.earlyrank.schema.TableSchema;

/**
 * Writes rows of one declared table to one Parquet file through Hadoop's FileSystem, without a Spark
 * session, so executors can commit a run's rows themselves. Values are the Java types a row record's
 * {@code toRow} produces (String, Integer, Long, Double, Float, Boolean, float[], Map).
 *
 * <p>Not thread-safe; one writer per file.
 */
public final class ParquetTableWriter implements Closeable {
    private final ParquetWriter<Row> writer;
    private long rows;

    private ParquetTableWriter(ParquetWriter<Row> writer) {
        this.writer = writer;
    }

    /** Opens (and overwrites) {@code file}, with Parquet's default row group size. */
    public static ParquetTableWriter open(Path file, TableSchema schema, Configuration conf) {
        return open(file, schema, conf, ParquetWriter.DEFAULT_BLOCK_SIZE, Map.of());
    }

    /**
     * Opens (and overwrites) {@code file} with a row group size and extra footer key-values (the published
     * layout's {@code earlyrank.sorted_by}, see {@link TableCompactor}).
     */
    public static ParquetTableWriter open(Path file, TableSchema schema, Configuration conf, long rowGroupBytes,
                                          Map<String, String> footer) {
        try {
            OutputFile out = HadoopOutputFile.fromPath(file, conf);
            ParquetWriter<Row> w = new Builder(out, schema, footer)
                    .withConf(conf)
                    .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                    .withCompressionCodec(CompressionCodecName.SNAPPY)
                    .withRowGroupSize(rowGroupBytes)
                    .build();
            return new ParquetTableWriter(w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + " for writing: " + e.getMessage(), e);
        }
    }

    /** Writes all rows to a new file and closes it. */
    public static void writeFile(Path file, TableSchema schema, List<Row> rows, Configuration conf) {
        try (ParquetTableWriter w = open(file, schema, conf)) {
            for (Row r : rows) {
                w.write(r);
            }
        }
    }

    public void write(Row row) {
        try {
            writer.write(row);
            rows++;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long rowsWritten() {
        return rows;
    }

    /** Bytes written so far plus those buffered for the current row group (Parquet's estimate). */
    public long dataSize() {
        return writer.getDataSize();
    }

    @Override
    public void close() {
        try {
            writer.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
        private final TableSchema schema;
        private final Map<String, String> footer;

        Builder(OutputFile file, TableSchema schema, Map<String, String> footer) {
            super(file);
            this.schema = schema;
            this.footer = footer;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Row> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(schema, footer);
        }
    }

    private static final class RowWriteSupport extends WriteSupport<Row> {
        private final TableSchema schema;
        private final Map<String, String> footer;
        private RecordConsumer out;

        RowWriteSupport(TableSchema schema, Map<String, String> footer) {
            this.schema = schema;
            this.footer = footer;
        }

        @Override
        public WriteContext init(Configuration configuration) {
            Map<String, String> meta = new HashMap<>(footer);
            meta.put("earlyrank.table", schema.name());
            return new WriteContext(schema.parquet(), meta);
        }

        @Override
        public void prepareForWrite(RecordConsumer recordConsumer) {
            this.out = recordConsumer;
        }

        @Override
        public void write(Row row) {
            if (row.size() != schema.size()) {
                throw new IllegalArgumentException("row for table " + schema.name() + " has " + row.size()
                        + " values, the table has " + schema.size() + " columns");
            }
            out.startMessage();
            for (int i = 0; i < schema.size(); i++) {
                Column c = schema.column(i);
                Object v = row.get(i);
                if (v == null) {
                    if (!c.nullable()) {
                        throw new IllegalArgumentException("column " + c.name() + " of table " + schema.name()
                                + " may not be NULL");
                    }
                    continue;
                }
                out.startField(c.name(), i);
                writeValue(c, v);
                out.endField(c.name(), i);
            }
            out.endMessage();
        }

        private void writeValue(Column c, Object v) {
            switch (c.type()) {
                case STRING -> out.addBinary(Binary.fromString(v.toString()));
                case INT -> out.addInteger(((Number) v).intValue());
                case LONG -> out.addLong(((Number) v).longValue());
                case DOUBLE -> out.addDouble(((Number) v).doubleValue());
                case FLOAT -> out.addFloat(((Number) v).floatValue());
                case BOOLEAN -> out.addBoolean((Boolean) v);
                case FLOAT_ARRAY -> writeFloats(toFloats(v));
                case STRING_DOUBLE_MAP -> writeMap((Map<?, ?>) v);
                default -> throw new IllegalStateException(c.type().name());
            }
        }

        private static float[] toFloats(Object v) {
            if (v instanceof float[] f) {
                return f;
            }
            List<?> list = (List<?>) v;
            float[] f = new float[list.size()];
            for (int i = 0; i < f.length; i++) {
                f[i] = ((Number) list.get(i)).floatValue();
            }
            return f;
        }

        private void writeFloats(float[] values) {
            out.startGroup();
            if (values.length > 0) {
                out.startField("list", 0);
                for (float x : values) {
                    out.startGroup();
                    out.startField("element", 0);
                    out.addFloat(x);
                    out.endField("element", 0);
                    out.endGroup();
                }
                out.endField("list", 0);
            }
            out.endGroup();
        }

        private void writeMap(Map<?, ?> map) {
            out.startGroup();
            if (!map.isEmpty()) {
                out.startField("key_value", 0);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.startGroup();
                    out.startField("key", 0);
                    out.addBinary(Binary.fromString(String.valueOf(e.getKey())));
                    out.endField("key", 0);
                    out.startField("value", 1);
                    out.addDouble(((Number) e.getValue()).doubleValue());
                    out.endField("value", 1);
                    out.endGroup();
                }
                out.endField("key_value", 0);
            }
            out.endGroup();
        }
    }
}
