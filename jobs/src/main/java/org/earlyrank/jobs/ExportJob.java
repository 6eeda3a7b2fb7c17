package org.earlyrank.jobs;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.TableException;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.store.TableExport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank export}: a sweep's table as CSV or JSON Lines, for readers without Parquet. No Spark. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a table of a sweep as CSV (arrays as JSON lists, maps as JSON objects, NULL as an empty "
                + "field) or JSON Lines, e.g. for Python without pyarrow.")
public final class ExportJob implements Callable<Integer> {
    @Option(names = "--sweep", required = true, paramLabel = "DIR/<sweep_id>", description = "The sweep folder.")
    String sweep;

    @Option(names = "--table", required = true, paramLabel = "NAME",
            description = "Table to write, e.g. runs, curves, estimates (repeatable; several need --output DIR).")
    List<String> tables;

    @Option(names = "--format", defaultValue = "csv", paramLabel = "csv|json", description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--output", defaultValue = "-", paramLabel = "FILE|DIR|-",
            description = "File to write, '-' for standard output (default), or with several tables a folder that gets NAME.csv / NAME.jsonl each.")
    String output;

    @Option(names = "--columns", split = ",", paramLabel = "COL,...", description = "Only these columns, in this order.")
    List<String> columns = List.of();

    @Option(names = "--where", paramLabel = "COL=V1[,V2...]",
            description = "Only rows whose COL is one of the values, e.g. --where split=val --where epoch=1,12 (repeatable).")
    List<String> where = List.of();

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            TableExport.Format fmt = TableExport.Format.parse(format);
            TableExport.Selection sel = new TableExport.Selection(columns, parseWhere());
            SweepFolder folder = SweepFolder.at(sweep, new Configuration());
            if (tables.size() == 1 && !Files.isDirectory(Path.of(output))) {
                long n;
                if (output.equals("-")) {
                    Writer w = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
                    n = TableExport.write(folder, tables.get(0), fmt, sel, w);
                } else {
                    try (Writer w = Files.newBufferedWriter(Path.of(output))) {
                        n = TableExport.write(folder, tables.get(0), fmt, sel, w);
                    }
                }
                System.err.println("export: " + tables.get(0) + ": " + n + " rows");
                return 0;
            }
            if (output.equals("-")) {
                throw new TableException("export", "several tables need --output DIR (a folder), got '-'");
            }
            Path dir = Files.createDirectories(Path.of(output));
            for (String t : tables) {
                Path file = dir.resolve(t + "." + fmt.extension());
                try (Writer w = Files.newBufferedWriter(file)) {
                    System.err.println("export: " + t + ": " + TableExport.write(folder, t, fmt, sel, w) + " rows -> " + file);
                }
            }
            return 0;
        });
    }

    private Map<String, Set<String>> parseWhere() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (String w : where) {
            int eq = w.indexOf('=');
            if (eq <= 0) {
                throw new TableException("export", "--where takes COL=VALUE[,VALUE...], got '" + w + "'");
            }
            out.computeIfAbsent(w.substring(0, eq).trim(), k -> new LinkedHashSet<>())
                    .addAll(List.of(w.substring(eq + 1).split(",")));
        }
        return out;
    }
}
