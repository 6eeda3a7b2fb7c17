package org.earlyrank.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.report.ReportStage;
import org.earlyrank.stage.Stage;
import org.earlyrank.store.SweepFolder;

/**
 * How the curve-based stages grow with the number of runs (issue 23): a sweep of N synthetic learning
 * curves, made by jittering the bundled MetaQNN SVHN curves (data/curves/metaqnn_svhn.csv, 1,300 curves of
 * 20 epochs; curve i is curve i mod 1,300 with every accuracy moved by N(0, 0.01) and the hyperparameters
 * by a few percent), taken through import-curves, score-tse, fit-svr and report. Per stage: wall seconds,
 * the JVM heap's peak use and the process's peak resident memory during it, and afterwards the Parquet
 * files of every published table and the report page's size.
 *
 * <p>Peak memory per stage: the heap pools' peak use is reset before each stage ({@link MemoryPoolMXBean});
 * the resident peak (VmHWM) is reset through {@code /proc/self/clear_refs} where Linux allows it, else it
 * is the process's peak so far.
 */
public final class ScaleBench {
    /** The stages timed, in order. */
    public static final List<Stage> STAGES = List.of(Stages.IMPORT_CURVES, Stages.SCORE_TSE, Stages.FIT_SVR,
            Stages.REPORT);

    private ScaleBench() {
    }

    private static void log(String s) {
        System.err.println("[bench] " + s);
    }

    /** Runs every N in {@code sizes} under {@code tmp}; figures keyed {@code scale_<N>_...}. */
    public static Map<String, Object> run(SparkSession spark, Path curves, List<Integer> sizes, Path tmp)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int n : sizes) {
            log("scale: " + n + " synthetic curves through " + STAGES.stream().map(Stage::name).toList());
            Map<String, Object> r = runOne(spark, curves, n, tmp.resolve("scale-" + n));
            rows.add(r);
        }
        out.put("scale", rows);
        return out;
    }

    static Map<String, Object> runOne(SparkSession spark, Path curves, int n, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("synthetic_" + n + ".csv");
        jitter(curves, csv, n, 23);
        Map<String, String> o = new LinkedHashMap<>();
        o.put("import-curves.csv", csv.toString());
        o.put("name", "scale" + n);
        SweepConfig cfg = ConfigLoader.load(null, o);
        SweepFolder sweep = SweepFolder.at(dir.toString(), cfg.sweepId(), new Configuration());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runs", n);
        for (Stage s : STAGES) {
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            Map<String, Object> summary = Pipeline.run(s, spark, cfg, sweep, true);
            double secs = (System.nanoTime() - t0) / 1e9;
            // The stage's own split of its time (fit-svr: svr_fits, estimates, early_stopping), and
            // score-tse's commits: how each part grows with N.
            summary.forEach((k, v) -> {
                if ((k.endsWith("_seconds") || k.equals("commits_now")) && v instanceof Number x) {
                    r.put(s.name() + "_" + k, BenchRunner.round(x.doubleValue(), 2));
                }
            });
            r.put(s.name() + "_seconds", BenchRunner.round(secs, 2));
            r.put(s.name() + "_peak_heap_mib", BenchRunner.round(peakHeapMib(), 0));
            r.put(s.name() + "_peak_rss_mib", BenchRunner.round(Machine.peakRssMib(), 0));
            log("scale " + n + ": " + s.name() + " " + String.format(Locale.ROOT, "%.1f s", secs));
        }
        Map<String, Integer> files = new LinkedHashMap<>();
        Path root = Path.of(sweep.root().toUri());
        try (Stream<Path> tables = Files.list(root)) {
            for (Path t : tables.sorted().toList()) {
                String name = t.getFileName().toString();
                if (Files.isDirectory(t) && !name.startsWith("_") && !name.equals("report")) {
                    try (Stream<Path> parts = Files.list(t)) {
                        files.put(name, (int) parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).count());
                    }
                }
            }
        }
        r.put("files_per_table", files);
        r.put("max_files_per_table", files.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        Path page = root.resolve("report").resolve(ReportStage.PAGE);
        r.put("report_page_mib", Files.exists(page) ? BenchRunner.round(Files.size(page) / 1048576.0, 3) : null);
        return r;
    }

    /**
     * Writes {@code n} curves: row i is row (i mod rows) of {@code source} with its accuracies jittered by
     * N(0, 0.01) (clamped to [0, 1]), its other numeric columns scaled by 1 + N(0, 0.02), and its
     * architecture string suffixed {@code #i} so every run is distinct.
     */
    public static void jitter(Path source, Path target, int n, long seed) throws IOException {
        List<String> lines;
        try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8)) {
            lines = in.lines().toList();
        }
        String header = lines.get(0);
        List<String> names = split(header);
        List<List<String>> rows = lines.subList(1, lines.size()).stream().filter(l -> !l.isBlank())
                .map(ScaleBench::split).toList();
        Random rnd = new Random(seed);
        try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
            w.write(header);
            w.newLine();
            for (int i = 0; i < n; i++) {
                List<String> src = rows.get(i % rows.size());
                StringBuilder b = new StringBuilder();
                for (int c = 0; c < names.size(); c++) {
                    String v = c < src.size() ? src.get(c) : "";
                    String col = names.get(c);
                    if (c > 0) {
                        b.append(',');
                    }
                    if (col.startsWith("acc_") && !v.isEmpty()) {
                        double x = Double.parseDouble(v) + 0.01 * rnd.nextGaussian();
                        b.append(String.format(Locale.ROOT, "%.4f", Math.min(1, Math.max(0, x))));
                    } else if (isNumber(v) && !col.equals("depth")) {
                        double x = Double.parseDouble(v) * (1 + 0.02 * rnd.nextGaussian());
                        b.append(String.format(Locale.ROOT, "%.6g", x));
                    } else if (c == 0) {
                        b.append('"').append(v.replace("\"", "")).append(" #").append(i).append('"');
                    } else {
                        b.append(v.contains(",") ? "\"" + v + "\"" : v);
                    }
                }
                w.write(b.toString());
                w.newLine();
            }
        }
    }

    private static boolean isNumber(String v) {
        if (v.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Splits one CSV line (double-quoted fields may hold commas). */
    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(ch);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
        } catch (IOException | RuntimeException e) {
            // not Linux, or not allowed: VmHWM stays the process's peak so far
        }
    }

    private static double peakHeapMib() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / 1048576.0;
    }

    /** Replaces the scale section of BENCHMARKS.md (between its markers), keeping the rest. */
    public static void writeMarkdown(Path file, Map<String, Object> r, String command, Map<String, Object> machine)
            throws IOException {
        String begin = "<!-- scale:begin -->";
        String end = "<!-- scale:end -->";
        StringBuilder b = new StringBuilder(begin).append("\n");
        b.append("Generated by `").append(command).append("` on ").append(java.time.LocalDate.now()).append(": ")
                .append(machine.get("cpu")).append(", ").append(machine.get("cores")).append(" cores, ")
                .append(machine.get("memory_gib")).append(" GiB, ").append(machine.get("java")).append(".\n\n");
        List<?> rows = (List<?>) r.get("scale");
        b.append("| figure |");
        for (Object o : rows) {
            b.append(" N = ").append(((Map<?, ?>) o).get("runs")).append(" |");
        }
        b.append(" goal |\n|---|");
        rows.forEach(o -> b.append("---|"));
        b.append("---|\n");
        List<String[]> keys = new ArrayList<>();
        for (Stage s : STAGES) {
            keys.add(new String[] {s.name() + "_seconds", "<= 120"});
            keys.add(new String[] {s.name() + "_peak_heap_mib", ""});
            keys.add(new String[] {s.name() + "_peak_rss_mib", ""});
        }
        keys.add(new String[] {"score-tse_score_seconds", "scoring and committing, without reading"});
        keys.add(new String[] {"score-tse_commits_now", "batches, not one per run"});
        keys.add(new String[] {"fit-svr_svr_fits_seconds", "model comparison (fixed fits)"});
        keys.add(new String[] {"fit-svr_estimates_seconds", ""});
        keys.add(new String[] {"fit-svr_early_stopping_seconds", ""});
        keys.add(new String[] {"max_files_per_table", "<= 16"});
        keys.add(new String[] {"report_page_mib", "< 3"});
        for (String[] k : keys) {
            b.append("| `").append(k[0]).append("` |");
            for (Object o : rows) {
                b.append(' ').append(((Map<?, ?>) o).get(k[0])).append(" |");
            }
            b.append(' ').append(k[1]).append(" |\n");
        }
        b.append("\nParquet files per published table:");
        for (Object o : rows) {
            b.append(" N = ").append(((Map<?, ?>) o).get("runs")).append(": ").append(((Map<?, ?>) o).get("files_per_table"))
                    .append(';');
        }
        b.setLength(b.length() - 1);
        b.append(".\n").append(end);
        String text = Files.exists(file) ? Files.readString(file) : "# Benchmarks\n";
        int i = text.indexOf(begin);
        int j = text.indexOf(end);
        String updated = i >= 0 && j > i ? text.substring(0, i) + b + text.substring(j + end.length())
                : text + "\n" + b + "\n";
        Files.writeString(file, updated);
    }
}
