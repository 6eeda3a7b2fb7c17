package org.earlyrank.data.curves;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.earlyrank.config.ConfigException;
import org.earlyrank.store.Fs;

/**
 * Reads a wide learning-curve CSV: a header row, then one row per configuration. Columns named
 * {@code <prefix><epoch>} ({@code acc_0 .. acc_49} or {@code acc_1 .. acc_20}) hold the per-epoch values;
 * every other column is numeric (its first non-empty cell is a number) or text.
 *
 * <p>Rules, each violation a {@link ConfigException} naming the file, the line and the column:
 * the per-epoch columns start at epoch 0 or 1 and have no gap; every row has as many fields as the
 * header; a per-epoch cell is a number or empty (an epoch the configuration lacks; {@code NaN} counts as
 * empty); a numeric column holds only numbers or empty cells. Values are not range-checked here (curves
 * may be accuracies, losses or perplexities): {@link CurveImport} checks them against the metric.
 */
public final class CurveCsv {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CurveCsv() {
    }

    /**
     * One configuration.
     *
     * @param line    the file line it starts on (the header is line 1)
     * @param values  per-epoch values aligned with {@link CurveFile#epochs()}; NaN where the cell was empty
     * @param numeric the other numeric columns' values (absent where the cell was empty), in header order
     * @param text    the text columns' values (absent where empty), in header order
     */
    public record Row(int line, double[] values, Map<String, Double> numeric, Map<String, String> text) {
    }

    /**
     * A parsed file.
     *
     * @param file           where it came from
     * @param prefix         the per-epoch column prefix
     * @param epochs         epochs of the per-epoch columns, ascending and contiguous (first 0 or 1)
     * @param numericColumns the other numeric columns, in header order
     * @param textColumns    the text columns, in header order
     */
    public record CurveFile(String file, String prefix, int[] epochs, List<String> numericColumns,
                            List<String> textColumns, List<Row> rows) {
        /** The last epoch: the full budget. */
        public int lastEpoch() {
            return epochs[epochs.length - 1];
        }
    }

    /** Reads and parses a CSV through Hadoop's FileSystem (local, HDFS, S3A, ...). */
    public static CurveFile read(String file, String prefix, Configuration conf) {
        return parse(new String(bytes(file, conf), StandardCharsets.UTF_8), file, prefix);
    }

    /** The file's bytes; a missing file is a {@link ConfigException} naming it. */
    public static byte[] bytes(String file, Configuration conf) {
        Path p = new Path(file);
        FileSystem fs = Fs.of(p, conf);
        if (!Fs.exists(fs, p) || Fs.isDirectory(fs, p)) {
            throw new ConfigException("import-curves: no CSV file at " + file
                    + "; pass --csv with the path of a learning-curve CSV (data/curves/metaqnn_svhn.csv is one)");
        }
        return Fs.readBytes(fs, p);
    }

    /**
     * @param text   the whole file
     * @param where  the file, for messages
     * @param prefix the per-epoch column prefix, e.g. {@code acc_}
     */
    public static CurveFile parse(String text, String where, String prefix) {
        List<CsvRecords.Record> records = CsvRecords.parse(text, where);
        if (records.isEmpty()) {
            throw new ConfigException(where + " is empty; expected a header row and one row per configuration");
        }
        List<String> header = records.get(0).fields().stream().map(String::trim).toList();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            Integer before = seen.put(header.get(c), c);
            if (before != null) {
                throw new ConfigException(where + " line 1: column '" + header.get(c) + "' appears twice (columns "
                        + (before + 1) + " and " + (c + 1) + "); rename one");
            }
        }
        TreeMap<Integer, Integer> epochColumn = new TreeMap<>();
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            if (h.startsWith(prefix) && h.length() > prefix.length() && h.substring(prefix.length()).matches("\\d+")) {
                epochColumn.put(Integer.parseInt(h.substring(prefix.length())), c);
            }
        }
        if (epochColumn.isEmpty()) {
            throw new ConfigException(where + " line 1: no column named " + prefix + "<epoch> (e.g. " + prefix
                    + "1); the header has " + String.join(", ", abbreviate(header)) + suggestPrefix(header)
                    + "; pass the per-epoch columns' prefix with --curve-prefix");
        }
        int first = epochColumn.firstKey();
        int last = epochColumn.lastKey();
        if (first > 1) {
            throw new ConfigException(where + " line 1: the first per-epoch column is " + prefix + first
                    + "; curves must start at " + prefix + "0 (untrained model) or " + prefix + "1");
        }
        for (int e = first; e <= last; e++) {
            if (!epochColumn.containsKey(e)) {
                throw new ConfigException(where + " line 1: per-epoch columns " + prefix + first + ".." + prefix + last
                        + " lack " + prefix + e + "; every epoch between the first and the last needs a column"
                        + " (leave its cells empty where a configuration has no value)");
            }
        }
        int[] epochs = new int[last - first + 1];
        int[] epochCols = new int[epochs.length];
        for (int e = first; e <= last; e++) {
            epochs[e - first] = e;
            epochCols[e - first] = epochColumn.get(e);
        }
        boolean[] isEpoch = new boolean[header.size()];
        for (int c : epochCols) {
            isEpoch[c] = true;
        }
        // A non-curve column is numeric when its first non-empty cell is a number.
        Boolean[] numericCol = new Boolean[header.size()];
        int[] decidedAt = new int[header.size()];
        List<Row> rows = new ArrayList<>();
        for (int r = 1; r < records.size(); r++) {
            CsvRecords.Record rec = records.get(r);
            List<String> f = rec.fields();
            if (f.size() != header.size()) {
                throw new ConfigException(where + " line " + rec.line() + ": " + f.size() + " fields, but the header"
                        + " (line 1) has " + header.size() + "; every row needs one field per column"
                        + " (quote fields that contain commas)");
            }
            double[] values = new double[epochs.length];
            for (int k = 0; k < epochs.length; k++) {
                String cell = f.get(epochCols[k]).trim();
                if (cell.isEmpty() || cell.equalsIgnoreCase("nan")) {
                    values[k] = Double.NaN;
                } else if (NUMBER.matcher(cell).matches()) {
                    values[k] = Double.parseDouble(cell);
                } else {
                    throw new ConfigException(where + " line " + rec.line() + ", column '" + header.get(epochCols[k])
                            + "' (column " + (epochCols[k] + 1) + "): '" + cell + "' is not a number; per-epoch cells"
                            + " must be numbers, or empty where the configuration lacks that epoch");
                }
            }
            Map<String, Double> numeric = new LinkedHashMap<>();
            Map<String, String> textValues = new LinkedHashMap<>();
            for (int c = 0; c < header.size(); c++) {
                if (isEpoch[c]) {
                    continue;
                }
                String cell = f.get(c).trim();
                if (cell.isEmpty()) {
                    continue;
                }
                boolean number = NUMBER.matcher(cell).matches();
                if (numericCol[c] == null) {
                    numericCol[c] = number;
                    decidedAt[c] = rec.line();
                }
                if (numericCol[c]) {
                    if (!number) {
                        throw new ConfigException(where + " line " + rec.line() + ", column '" + header.get(c)
                                + "' (column " + (c + 1) + "): '" + cell + "' is not a number, but the column's first"
                                + " value (line " + decidedAt[c] + ") is; a numeric column holds numbers or empty cells");
                    }
                    numeric.put(header.get(c), Double.parseDouble(cell));
                } else {
                    textValues.put(header.get(c), cell);
                }
            }
            rows.add(new Row(rec.line(), values, numeric, textValues));
        }
        List<String> numericColumns = new ArrayList<>();
        List<String> textColumns = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            if (numericCol[c] != null) {
                (numericCol[c] ? numericColumns : textColumns).add(header.get(c));
            }
        }
        return new CurveFile(where, prefix, epochs, List.copyOf(numericColumns), List.copyOf(textColumns),
                List.copyOf(rows));
    }

    private static List<String> abbreviate(List<String> header) {
        if (header.size() <= 12) {
            return header;
        }
        List<String> out = new ArrayList<>(header.subList(0, 10));
        out.add("... (" + header.size() + " columns)");
        return out;
    }

    /** " (columns such as x_1 suggest --curve-prefix x_)" when some columns end in digits. */
    private static String suggestPrefix(List<String> header) {
        Map<String, Integer> counts = new TreeMap<>();
        for (String h : header) {
            java.util.regex.Matcher m = Pattern.compile("(.*?)(\\d+)").matcher(h);
            if (m.matches() && !m.group(1).isEmpty()) {
                counts.merge(m.group(1), 1, Integer::sum);
            }
        }
        return counts.entrySet().stream().filter(e -> e.getValue() >= 2)
                .max(Map.Entry.comparingByValue())
                .map(e -> " (its columns " + e.getKey() + "<n> suggest --curve-prefix " + e.getKey() + ")")
                .orElse("");
    }
}
