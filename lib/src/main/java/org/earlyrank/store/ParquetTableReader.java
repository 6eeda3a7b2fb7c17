package org.earlyrank.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.HadoopReadOptions;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.earlyrank.schema.Column;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;

/**
 * Reads part files of a declared table into rows (Java types: float[] for arrays, Map for maps), after
 * checking the file's schema against the declaration. Works without a Spark session, on the driver or in
 * a task. A file that is not readable Parquet raises a {@link TableException} naming it.
 */
public final class ParquetTableReader {
    private ParquetTableReader() {
    }

    /** The schema in a part file's footer. */
    public static MessageType footerSchema(Path file, Configuration conf, String table) {
        try (ParquetFileReader r = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
            return r.getFooter().getFileMetaData().getSchema();
        } catch (IOException | RuntimeException e) {
            throw corrupt(table, file, e);
        }
    }

    /** Reads one part file; checks its schema first. */
    public static List<Row> readFile(Path file, TableSchema schema, Configuration conf) {
        List<Row> rows = new ArrayList<>();
        forEach(file, schema, conf, rows::add);
        return rows;
    }

    /** Streams one part file's rows; checks its schema first. */
    public static void forEach(Path file, TableSchema schema, Configuration conf, Consumer<Row> sink) {
        schema.check(footerSchema(file, conf, schema.name()), file.toString());
        try {
            InputFile in = HadoopInputFile.fromPath(file, conf);
            try (ParquetReader<Row> reader = new RowReaderBuilder(in, schema).withConf(conf).build()) {
                for (Row r = reader.read(); r != null; r = reader.read()) {
                    sink.accept(r);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TableException te) {
                throw te;
            }
            throw corrupt(schema.name(), file, e);
        }
    }

    /**
     * Streams the rows of one run from one part file: row groups whose run_id statistics exclude it are
     * skipped (the published files are sorted by run_id, see {@link TableCompactor}), then rows of other
     * runs are dropped.
     */
    public static void forEachOfRun(Path file, TableSchema schema, Configuration conf, String runId,
                                    Consumer<Row> sink) {
        schema.check(footerSchema(file, conf, schema.name()), file.toString());
        int col = schema.indexOf("run_id");
        try {
            InputFile in = HadoopInputFile.fromPath(file, conf);
            try (ParquetReader<Row> reader = new RowReaderBuilder(in, schema).withConf(conf)
                    .withFilter(FilterCompat.get(runIs(runId))).build()) {
                for (Row r = reader.read(); r != null; r = reader.read()) {
                    if (runId.equals(r.getString(col))) {
                        sink.accept(r);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof TableException te) {
                throw te;
            }
            throw corrupt(schema.name(), file, e);
        }
    }

    private static FilterPredicate runIs(String runId) {
        return FilterApi.eq(FilterApi.binaryColumn("run_id"), Binary.fromString(runId));
    }

    /** Read options that skip the row groups whose run_id statistics (or dictionary) exclude {@code runId}. */
    static ParquetReadOptions runFilter(Configuration conf, String runId) {
        return HadoopReadOptions.builder(conf).withRecordFilter(FilterCompat.get(runIs(runId))).build();
    }

    private static TableException corrupt(String table, Path file, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new TableException(table, "table '" + table + "': " + file + " is not a readable Parquet file ("
                + why + "); restore it, or re-run the stage that writes '" + table + "' with --overwrite", e);
    }

    private static final class RowReaderBuilder extends ParquetReader.Builder<Row> {
        private final TableSchema schema;

        RowReaderBuilder(InputFile file, TableSchema schema) {
            super(file);
            this.schema = schema;
        }

        @Override
        protected ReadSupport<Row> getReadSupport() {
            return new RowReadSupport(schema);
        }
    }

    private static final class RowReadSupport extends ReadSupport<Row> {
        private final TableSchema schema;

        RowReadSupport(TableSchema schema) {
            this.schema = schema;
        }

        @Override
        public ReadContext init(InitContext context) {
            // Project onto the declared columns: extra columns in newer files are ignored.
            return new ReadContext(schema.parquet());
        }

        @Override
        public RecordMaterializer<Row> prepareForRead(Configuration conf, Map<String, String> meta,
                                                      MessageType fileSchema, ReadContext ctx) {
            RowConverter root = new RowConverter(schema);
            return new RecordMaterializer<>() {
                @Override
                public Row getCurrentRecord() {
                    return root.current();
                }

                @Override
                public GroupConverter getRootConverter() {
                    return root;
                }
            };
        }
    }

    private static final class RowConverter extends GroupConverter {
        private final Converter[] fields;
        private Object[] values;

        RowConverter(TableSchema schema) {
            fields = new Converter[schema.size()];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = converter(schema.column(i), i);
            }
        }

        private Converter converter(Column c, int i) {
            return switch (c.type()) {
                case STRING -> new PrimitiveConverter() {
                    @Override
                    public void addBinary(Binary v) {
                        values[i] = v.toStringUsingUTF8();
                    }
                };
                case INT -> new PrimitiveConverter() {
                    @Override
                    public void addInt(int v) {
                        values[i] = v;
                    }
                };
                case LONG -> new PrimitiveConverter() {
                    @Override
                    public void addLong(long v) {
                        values[i] = v;
                    }
                };
                case DOUBLE -> new PrimitiveConverter() {
                    @Override
                    public void addDouble(double v) {
                        values[i] = v;
                    }
                };
                case FLOAT -> new PrimitiveConverter() {
                    @Override
                    public void addFloat(float v) {
                        values[i] = v;
                    }
                };
                case BOOLEAN -> new PrimitiveConverter() {
                    @Override
                    public void addBoolean(boolean v) {
                        values[i] = v;
                    }
                };
                case FLOAT_ARRAY -> new FloatListConverter(v -> values[i] = v);
                case STRING_DOUBLE_MAP -> new MapConverter(v -> values[i] = v);
            };
        }

        Row current() {
            return RowFactory.create(values);
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return fields[fieldIndex];
        }

        @Override
        public void start() {
            values = new Object[fields.length];
        }

        @Override
        public void end() {
        }
    }

    /** LIST group: collects the elements of the repeated group into a float[]. */
    private static final class FloatListConverter extends GroupConverter {
        private final Consumer<float[]> sink;
        private float[] buf = new float[64];
        private int n;
        private final GroupConverter element = new GroupConverter() {
            private final PrimitiveConverter value = new PrimitiveConverter() {
                @Override
                public void addFloat(float v) {
                    if (n == buf.length) {
                        buf = java.util.Arrays.copyOf(buf, n * 2);
                    }
                    buf[n++] = v;
                }
            };

            @Override
            public Converter getConverter(int fieldIndex) {
                return value;
            }

            @Override
            public void start() {
            }

            @Override
            public void end() {
            }
        };

        FloatListConverter(Consumer<float[]> sink) {
            this.sink = sink;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return element;
        }

        @Override
        public void start() {
            n = 0;
        }

        @Override
        public void end() {
            sink.accept(java.util.Arrays.copyOf(buf, n));
        }
    }

    /** MAP group: collects key_value pairs into a LinkedHashMap. */
    private static final class MapConverter extends GroupConverter {
        private final Consumer<Map<String, Double>> sink;
        private Map<String, Double> map;
        private String key;
        private double value;
        private final GroupConverter entry = new GroupConverter() {
            private final PrimitiveConverter k = new PrimitiveConverter() {
                @Override
                public void addBinary(Binary v) {
                    key = v.toStringUsingUTF8();
                }
            };
            private final PrimitiveConverter val = new PrimitiveConverter() {
                @Override
                public void addDouble(double v) {
                    value = v;
                }
            };

            @Override
            public Converter getConverter(int fieldIndex) {
                return fieldIndex == 0 ? k : val;
            }

            @Override
            public void start() {
                key = null;
            }

            @Override
            public void end() {
                map.put(key, value);
            }
        };

        MapConverter(Consumer<Map<String, Double>> sink) {
            this.sink = sink;
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return entry;
        }

        @Override
        public void start() {
            map = new LinkedHashMap<>();
        }

        @Override
        public void end() {
            sink.accept(map);
        }
    }
}
