package org.earlyrank.store;

import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.bytes.ByteBufferInputStream;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.bytes.BytesUtils;
import org.apache.parquet.column.Dictionary;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ValuesType;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.DataPage;
import org.apache.parquet.column.page.DataPageV1;
import org.apache.parquet.column.page.DataPageV2;
import org.apache.parquet.column.page.DictionaryPage;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.column.values.ValuesReader;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridDecoder;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.TableException;

/**
 * One run's rows of a {@code features} part file, read column by column into primitive arrays: the fast
 * path for the stages that read feature histories ({@code fit-ensemble}).
 *
 * <p>{@link ParquetTableReader} assembles a {@code Row} per sample (boxed ints, one {@code float[]} per
 * row, Parquet's record-assembly state machine per value). Here the one-value-per-row columns go through
 * Parquet's column readers, and the feature lists (nearly all the data) are decoded page by page: levels
 * give each row's length, and plain-encoded floats are copied in bulk into one flat {@code float[]}
 * (dictionary-encoded pages and data pages v2 are read too, value by value). Measured on a
 * default-sweep-sized part file (36,000 rows of 32 floats, best of 40, thread CPU time): 24 ms against
 * 50 ms for the row reader, of which about 10 ms is fetching and decompressing the pages.
 * {@code FeatureColumnsTest} checks it returns exactly what the row reader returns.
 *
 * <p>Row {@code i} has {@link #epoch}{@code [i]}, {@link #split}{@code [i]} ({@link #TRAIN} or {@link #VAL}),
 * {@link #sampleIndex}{@code [i]}, {@link #label}{@code [i]} and the features
 * {@code values[i * dim .. (i + 1) * dim)}, in file order. Memory is one copy of the run's features.
 * Not thread-safe while reading; the result is a plain value holder.
 */
public final class FeatureColumns {
    public static final byte TRAIN = 0;
    public static final byte VAL = 1;

    private static final String[] COLUMNS = {"run_id", "epoch", "split", "sample_index", "label", "features"};
    private static final Binary TRAIN_BYTES = Binary.fromString(FeaturesTable.SPLIT_TRAIN);
    private static final Binary VAL_BYTES = Binary.fromString(FeaturesTable.SPLIT_VAL);

    private final int rows;
    private final int dim;
    private final int[] epoch;
    private final byte[] split;
    private final int[] sampleIndex;
    private final int[] label;
    private final float[] values;

    private FeatureColumns(int rows, int dim, int[] epoch, byte[] split, int[] sampleIndex, int[] label,
                           float[] values) {
        this.rows = rows;
        this.dim = dim;
        this.epoch = epoch;
        this.split = split;
        this.sampleIndex = sampleIndex;
        this.label = label;
        this.values = values;
    }

    /**
     * Reads the rows of {@code runId} from one features part file (rows of other runs are skipped).
     *
     * @throws TableException when the file is not readable Parquet, lacks a declared column, holds a split
     *                        other than train/val, or holds feature vectors of different lengths
     */
    public static FeatureColumns read(Path file, Configuration conf, String runId) {
        return read(List.of(file), conf, runId);
    }

    /** Reads the rows of {@code runId} from several features part files, in order. */
    public static FeatureColumns read(List<Path> files, Configuration conf, String runId) {
        Builder out = new Builder();
        Binary run = Binary.fromString(runId);
        for (Path file : files) {
            out.file = file;
            // Row groups whose run_id statistics exclude the run are skipped (the published sorted layout).
            try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, conf),
                    ParquetTableReader.runFilter(conf, runId))) {
                MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
                FeaturesTable.TABLE.check(fileSchema, file.toString());
                MessageType projection = project(fileSchema);
                // Only the projected columns' chunks are fetched and decompressed (sweep_id is never read).
                reader.setRequestedSchema(projection);
                String createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
                ColumnDescriptor features = leaf(projection, "features");
                List<BlockMetaData> blocks = reader.getRowGroups();
                int block = 0;
                for (PageReadStore pages = reader.readNextRowGroup(); pages != null; pages = reader.readNextRowGroup()) {
                    long entries = 0;
                    for (ColumnChunkMetaData chunk : blocks.get(block++).getColumns()) {
                        if (chunk.getPath().toArray()[0].equals("features")) {
                            entries = chunk.getValueCount();
                        }
                    }
                    out.reserve(pages.getRowCount(), entries);
                    // The one-value-per-row columns go through Parquet's column readers; the feature lists,
                    // nearly all of the data, are decoded page by page (see decodeFeatures).
                    ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, new NoOpConverter(projection), projection,
                            createdBy);
                    ColumnReader[] c = new ColumnReader[COLUMNS.length - 1];
                    for (int i = 0; i < c.length; i++) {
                        c[i] = store.getColumnReader(leaf(projection, COLUMNS[i]));
                    }
                    out.rowGroup(pages.getRowCount(), run, c, pages.getPageReader(features), features);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof TableException te) {
                    throw te;
                }
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                throw new TableException(FeaturesTable.NAME, "table 'features': " + file + " is not a readable Parquet file ("
                        + why + "); restore it, or re-run `bin/earlyrank train` with --overwrite", e);
            }
        }
        return out.build();
    }

    private static MessageType project(MessageType fileSchema) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (String c : COLUMNS) {
            b.addField(fileSchema.getType(c));
        }
        return b.named(fileSchema.getName());
    }

    private static ColumnDescriptor leaf(MessageType schema, String column) {
        for (ColumnDescriptor d : schema.getColumns()) {
            if (d.getPath()[0].equals(column)) {
                return d;
            }
        }
        throw new IllegalStateException("no leaf column under " + column);
    }

    /** Accumulates rows across row groups. */
    private static final class Builder {
        private Path file;
        private int rows;
        private int dim = -1;
        private int[] epoch = new int[0];
        private byte[] split = new byte[0];
        private int[] sampleIndex = new int[0];
        private int[] label = new int[0];
        /** Feature values of kept rows, then the current row group's decoded values. */
        private float[] values = new float[0];
        private int used;

        /** Makes room for a row group of {@code count} rows and {@code entries} feature-list entries. */
        void reserve(long count, long entries) {
            int n = Math.toIntExact(rows + count);
            if (n > epoch.length) {
                epoch = Arrays.copyOf(epoch, n);
                split = Arrays.copyOf(split, n);
                sampleIndex = Arrays.copyOf(sampleIndex, n);
                label = Arrays.copyOf(label, n);
            }
            // A list entry holds at most one value, so entries bound the values of the row group.
            int v = Math.toIntExact(used + entries);
            if (v > values.length) {
                values = Arrays.copyOf(values, v);
            }
        }

        void rowGroup(long count, Binary run, ColumnReader[] c, PageReader featurePages, ColumnDescriptor featureColumn)
                throws IOException {
            int[] lengths = new int[Math.toIntExact(count)];
            int start = used;
            int end = decodeFeatures(featurePages, featureColumn, lengths, start);
            ColumnReader runId = c[0];
            ColumnReader ep = c[1];
            ColumnReader sp = c[2];
            ColumnReader idx = c[3];
            ColumnReader lab = c[4];
            int read = start;
            for (int r = 0; r < lengths.length; r++) {
                int n = lengths[r];
                boolean mine = runId.getBinary().equals(run);
                runId.consume();
                if (!mine) {
                    for (ColumnReader x : new ColumnReader[]{ep, sp, idx, lab}) {
                        x.skip();
                        x.consume();
                    }
                    read += n;
                    continue;
                }
                epoch[rows] = ep.getInteger();
                ep.consume();
                split[rows] = splitCode(sp.getBinary());
                sp.consume();
                sampleIndex[rows] = idx.getInteger();
                idx.consume();
                label[rows] = lab.getInteger();
                lab.consume();
                if (dim < 0) {
                    dim = n;
                } else if (n != dim) {
                    throw new TableException(FeaturesTable.NAME, "table 'features': " + file + " holds feature vectors of "
                            + "length " + dim + " and " + n + " (row " + rows + "); one run's features must share heads.dim;"
                            + " re-run `bin/earlyrank train` with --overwrite");
                }
                // Rows of other runs leave gaps: close them by moving this row's values down.
                if (used != read) {
                    System.arraycopy(values, read, values, used, n);
                }
                used += n;
                read += n;
                rows++;
            }
            if (read != end) {
                throw new TableException(FeaturesTable.NAME, "table 'features': " + file + " has " + (end - start)
                        + " feature values in a row group whose rows hold " + (read - start));
            }
        }

        /**
         * Decodes the features column of one row group straight from its pages into {@link #values} from
         * {@code at}: repetition and definition levels give each row's length, and plain-encoded floats (what
         * the writer produces for feature values) are copied in bulk. Returns the end position.
         */
        private int decodeFeatures(PageReader pages, ColumnDescriptor col, int[] lengths, int at) throws IOException {
            DictionaryPage dictPage = pages.readDictionaryPage();
            Dictionary dict = dictPage == null ? null : dictPage.getEncoding().initDictionary(col, dictPage);
            int maxDef = col.getMaxDefinitionLevel();
            int row = -1;
            int pos = at;
            for (DataPage page = pages.readPage(); page != null; page = pages.readPage()) {
                int n = page.getValueCount();
                IntLevels rep;
                IntLevels def;
                ByteBufferInputStream data;
                Encoding encoding;
                if (page instanceof DataPageV1 v1) {
                    data = v1.getBytes().toInputStream();
                    rep = levels(v1.getRlEncoding().getValuesReader(col, ValuesType.REPETITION_LEVEL), n, data);
                    def = levels(v1.getDlEncoding().getValuesReader(col, ValuesType.DEFINITION_LEVEL), n, data);
                    encoding = v1.getValueEncoding();
                } else {
                    DataPageV2 v2 = (DataPageV2) page;
                    rep = levels(col.getMaxRepetitionLevel(), v2.getRepetitionLevels());
                    def = levels(maxDef, v2.getDefinitionLevels());
                    data = v2.getData().toInputStream();
                    encoding = v2.getDataEncoding();
                }
                int present = 0;
                for (int i = 0; i < n; i++) {
                    if (rep.next() == 0) {
                        row++;
                        if (row >= lengths.length) {
                            throw new TableException(FeaturesTable.NAME, "table 'features': " + file
                                    + " has more feature lists than rows in a row group");
                        }
                    }
                    if (def.next() == maxDef) {
                        lengths[row]++;
                        present++;
                    }
                }
                if (encoding == Encoding.PLAIN) {
                    data.slice(present * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values, pos, present);
                } else {
                    ValuesReader vr = encoding.usesDictionary()
                            ? encoding.getDictionaryBasedValuesReader(col, ValuesType.VALUES, dict)
                            : encoding.getValuesReader(col, ValuesType.VALUES);
                    vr.initFromPage(present, data);
                    for (int i = 0; i < present; i++) {
                        values[pos + i] = vr.readFloat();
                    }
                }
                pos += present;
            }
            return pos;
        }

        private byte splitCode(Binary s) {
            if (s.equals(TRAIN_BYTES)) {
                return TRAIN;
            }
            if (s.equals(VAL_BYTES)) {
                return VAL;
            }
            throw new TableException(FeaturesTable.NAME, "table 'features': " + file + " has split '"
                    + s.toStringUsingUTF8() + "'; expected " + FeaturesTable.SPLIT_TRAIN + " or " + FeaturesTable.SPLIT_VAL);
        }

        FeatureColumns build() {
            int d = Math.max(dim, 0);
            return new FeatureColumns(rows, d, Arrays.copyOf(epoch, rows), Arrays.copyOf(split, rows),
                    Arrays.copyOf(sampleIndex, rows), Arrays.copyOf(label, rows),
                    used == values.length ? values : Arrays.copyOf(values, used));
        }
    }

    /** Repetition or definition levels of one page, one per entry. */
    private interface IntLevels {
        int next() throws IOException;
    }

    /** Data page v1: levels are length-prefixed runs inside the page, read in order before the values. */
    private static IntLevels levels(ValuesReader reader, int n, ByteBufferInputStream in) throws IOException {
        reader.initFromPage(n, in);
        return reader::readInteger;
    }

    /** Data page v2: levels are stored apart, as runs without a length prefix. */
    private static IntLevels levels(int maxLevel, BytesInput bytes) throws IOException {
        if (maxLevel == 0) {
            return () -> 0;
        }
        RunLengthBitPackingHybridDecoder d = new RunLengthBitPackingHybridDecoder(
                BytesUtils.getWidthFromMaxInt(maxLevel), bytes.toInputStream());
        return d::readInt;
    }

    /**
     * The column store wants a converter tree matching the schema even though values are pulled with the
     * typed getters here, never pushed to converters.
     */
    private static final class NoOpConverter extends GroupConverter {
        private final Converter[] children;

        NoOpConverter(GroupType type) {
            children = new Converter[type.getFieldCount()];
            for (int i = 0; i < children.length; i++) {
                Type t = type.getType(i);
                children[i] = t.isPrimitive() ? new PrimitiveConverter() {
                } : new NoOpConverter(t.asGroupType());
            }
        }

        @Override
        public Converter getConverter(int fieldIndex) {
            return children[fieldIndex];
        }

        @Override
        public void start() {
        }

        @Override
        public void end() {
        }
    }

    /** Rows read (of the requested run). */
    public int rows() {
        return rows;
    }

    /** Length of every feature vector (0 when there are no rows). */
    public int dim() {
        return dim;
    }

    public int[] epoch() {
        return epoch;
    }

    public byte[] split() {
        return split;
    }

    public int[] sampleIndex() {
        return sampleIndex;
    }

    public int[] label() {
        return label;
    }

    /** All feature vectors, row-major: row i is {@code values[i * dim .. (i + 1) * dim)}. */
    public float[] values() {
        return values;
    }
}
