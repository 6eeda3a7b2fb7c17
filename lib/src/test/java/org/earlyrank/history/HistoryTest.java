package org.earlyrank.history;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.history.Trends.Flag;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.FinalRunsTable;
import org.earlyrank.schema.FinalRunsTable.FinalRunRow;
import org.earlyrank.schema.NightsTable;
import org.earlyrank.schema.NightsTable.NightRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The nightly history on three nights made from the real smoke sweep (trained once per JVM, scored with
 * score-tse and reported once here): night 2 has another seed and one estimator's tau moved outside its
 * interval, night 3 trained 1.5 times slower. Checks the rows, the Hive layout as Spark reads it back,
 * the flags, replacement on re-run, and that bad sweeps are refused with the history unchanged.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HistoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate D1 = LocalDate.parse("2026-01-01");
    private static final LocalDate D2 = LocalDate.parse("2026-01-02");
    private static final LocalDate D3 = LocalDate.parse("2026-01-03");
    /** conf/smoke.yaml: 500 training images a run trains on per epoch (train_fraction 1). */
    private static final int SMOKE_TRAIN_IMAGES = 500;

    @TempDir
    static Path shared;
    @TempDir
    Path dir;

    private static SweepFolder finished;
    /** The three nights' sweeps (read-only: tests append them, never change them). */
    private static List<SweepFolder> nights;

    @BeforeAll
    static void finishSmokeSweep() {
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("report.bootstrap", "200"));
        finished = SmokeSweep.copy(shared.resolve("base"));
        Pipeline.run(Stages.SCORE_TSE, TestSpark.session(), cfg, finished, false);
        Pipeline.run(Stages.REPORT, TestSpark.session(), cfg, finished, false);
        nights = threeNights(shared.resolve("sweeps"));
    }

    /** The rank_correlation row night 2 moves: the first with an interval that leaves room above or below. */
    private static RankCorrelationRow moved(List<RankCorrelationRow> rows) {
        return rows.stream().filter(r -> r.kendallTau() != null && r.tauCiLow() != null
                        && (r.tauCiHigh() <= 0.8 || r.tauCiLow() >= -0.8)).findFirst()
                .orElseThrow(() -> new AssertionError("no rank_correlation row with an interval"));
    }

    private static Row movedOutside(RankCorrelationRow r) {
        double tau = r.tauCiHigh() <= 0.8 ? r.tauCiHigh() + 0.15 : r.tauCiLow() - 0.15;
        return new RankCorrelationRow(r.sweepId(), r.estimator(), r.budgetEpoch(), r.n(), tau, r.spearmanRho(),
                r.pearsonR(), r.precisionAtK(), r.k(), r.regretTop1(), tau - 0.05, tau + 0.05, r.truth(),
                r.budgetFraction(), r.confidence(), r.resamples(), r.tauCiWidened(), r.runsUnscored(),
                r.meanCostSeconds(), r.stage()).toRow();
    }

    /** The three nights under {@code root}: night 2 (seed 8, one tau moved), night 3 (1.5x slower). */
    private static List<SweepFolder> threeNights(Path root) {
        RankCorrelationRow target = moved(read(finished, RankCorrelationTable.TABLE).stream()
                .map(RankCorrelationRow::fromRow).toList());
        SweepFolder n1 = night(root, "smoke-" + D1, null, Map.of());
        SweepFolder n2 = night(root, "smoke-" + D2, 8L, Map.of(RankCorrelationTable.TABLE, r -> {
            RankCorrelationRow x = RankCorrelationRow.fromRow(r);
            return x.estimator().equals(target.estimator()) && x.budgetEpoch() == target.budgetEpoch()
                    ? movedOutside(x) : r;
        }));
        SweepFolder n3 = night(root, "smoke-" + D3, null, Map.of(CurvesTable.TABLE, r -> {
            Object[] v = values(r);
            int i = CurvesTable.TABLE.indexOf("train_seconds");
            v[i] = v[i] == null ? null : ((Number) v[i]).doubleValue() * 1.5;
            return RowFactory.create(v);
        }));
        return List.of(n1, n2, n3);
    }

    @Test
    void threeNightsRowsLayoutAndFlags() {
        History history = History.at(dir.resolve("history").toString(), new Configuration());
        LocalDate[] dates = {D1, D2, D3};
        for (int i = 0; i < 3; i++) {
            Map<String, Object> s = NightlyHistory.append(nights.get(i), history, dates[i]);
            assertEquals(nights.get(i).sweepId(), s.get("sweep_id"));
        }
        assertEquals(List.of(D1, D2, D3), history.nights());

        // nights: one row a night, with the sweep's counts, seed, config hash and throughput.
        List<RunRow> runs = read(finished, RunsTable.TABLE).stream().map(RunRow::fromRow).toList();
        List<History.Dated> rows = history.read(NightsTable.TABLE);
        assertEquals(3, rows.size());
        NightRow first = NightRow.fromRow(rows.get(0).row());
        NightRow second = NightRow.fromRow(rows.get(1).row());
        NightRow third = NightRow.fromRow(rows.get(2).row());
        assertEquals(List.of("smoke-" + D1, "smoke-" + D2, "smoke-" + D3),
                List.of(first.sweepId(), second.sweepId(), third.sweepId()));
        assertEquals(runs.size(), first.runs());
        assertEquals(runs.stream().filter(RunRow::ok).count(), first.runsOk());
        assertEquals(runs.size(), first.runsOk() + first.runsFailed() + first.runsDiverged());
        assertEquals(7L, first.seed(), "conf/smoke.yaml's seed");
        assertEquals(8L, second.seed());
        assertNotEquals(first.configHash(), second.configHash(), "another seed is another configuration");
        assertEquals(first.configHash(), third.configHash());
        assertTrue(first.stageSeconds().keySet().containsAll(List.of("train", "score-tse", "report")),
                first.stageSeconds().toString());
        assertEquals(first.stageSeconds().values().stream().mapToDouble(Double::doubleValue).sum(),
                first.wallSeconds(), 1e-9);
        long planned = runs.stream().mapToLong(r -> (long) r.epochsDone() * SMOKE_TRAIN_IMAGES).sum();
        if (runs.stream().allMatch(RunRow::ok)) {
            assertEquals(planned, first.trainImages(), "every ok run trained 500 images an epoch");
        } else {
            assertTrue(first.trainImages() > 0);
        }
        assertTrue(first.trainPassSeconds() > 0);
        assertEquals(first.trainImages() / first.trainPassSeconds(), first.trainImagesPerSecond(), 1e-9);
        assertEquals(first.trainImagesPerSecond() / 1.5, third.trainImagesPerSecond(), 1e-6 * first.trainImagesPerSecond());

        // rank_correlation: every night's rows, Hive-partitioned, and Spark sees the date column.
        int perNight = read(finished, RankCorrelationTable.TABLE).size();
        assertTrue(perNight > 0);
        assertEquals(3 * perNight, history.read(RankCorrelationTable.TABLE).size());
        assertTrue(Files.isDirectory(dir.resolve("history/rank_correlation/date=2026-01-02")));
        Dataset<Row> rc = TestSpark.session().read().parquet(dir.resolve("history/rank_correlation").toString());
        assertTrue(List.of(rc.columns()).contains("date"), List.of(rc.columns()).toString());
        assertEquals(3L * perNight, rc.count());
        assertEquals(3L, rc.select("date").distinct().count());
        assertEquals((long) perNight, rc.filter("date = '2026-01-03' AND sweep_id = 'smoke-2026-01-03'").count());
        Dataset<Row> nightsDs = TestSpark.session().read().parquet(dir.resolve("history/nights").toString());
        assertEquals(3L, nightsDs.count());
        assertEquals(8L, nightsDs.filter("date = '2026-01-02'").first().getLong(nightsDs.schema().fieldIndex("seed")));
        assertFalse(Files.exists(dir.resolve("history/final_runs")), "the smoke sweep has no final_runs");
        assertFalse(Files.exists(dir.resolve("history/" + History.STAGING)), "staging removed after publishing");

        // Flags: night 2's moved tau, night 3's throughput drop, nothing else.
        RankCorrelationRow target = moved(read(finished, RankCorrelationTable.TABLE).stream()
                .map(RankCorrelationRow::fromRow).toList());
        List<Flag> flags = Trends.of(history).flags();
        assertEquals(2, flags.size(), flags.toString());
        assertEquals(D2, flags.get(0).date());
        assertEquals(Flag.TAU, flags.get(0).kind());
        assertEquals(target.estimator() + " @ " + target.budgetEpoch(), flags.get(0).subject());
        assertEquals(D3, flags.get(1).date());
        assertEquals(Flag.THROUGHPUT, flags.get(1).kind());

        // The trend report: one self-contained page showing every night and both flags.
        String page = read(dir.resolve("history/report/index.html"));
        for (String s : List.of("smoke-2026-01-01", "smoke-2026-01-03", "<svg", "throughput", flags.get(0).subject())) {
            assertTrue(page.contains(s), "page shows " + s);
        }
        assertFalse(page.contains("<script"), "no scripts");
        assertFalse(page.matches("(?s).*(src|href)\\s*=\\s*[\"']?(https?:|//).*"), "no external resources");
    }

    @Test
    void rerunReplacesTheNight() {
        History history = History.at(dir.resolve("history").toString(), new Configuration());
        NightlyHistory.append(nights.get(0), history, D1);
        NightlyHistory.append(nights.get(1), history, D2);
        int perNight = read(finished, RankCorrelationTable.TABLE).size();

        NightlyHistory.append(nights.get(1), history, D2);
        assertEquals(2, history.read(NightsTable.TABLE).size(), "the same night again: no duplicate");
        assertEquals(2 * perNight, history.read(RankCorrelationTable.TABLE).size());

        NightlyHistory.append(nights.get(2), history, D2);
        List<History.Dated> n = history.read(NightsTable.TABLE);
        assertEquals(2, n.size());
        assertEquals("smoke-" + D3, NightRow.fromRow(n.get(1).row()).sweepId(), "night 2 now holds the re-run's sweep");
        assertEquals(List.of("smoke-" + D3), history.read(RankCorrelationTable.TABLE).stream()
                .filter(d -> d.date().equals(D2)).map(d -> d.row().getString(0)).distinct().toList());
        assertEquals(2L * perNight,
                TestSpark.session().read().parquet(dir.resolve("history/rank_correlation").toString()).count());

        // An optional table comes along when the sweep has it, and leaves with a re-run that lacks it.
        SweepFolder withFinal = night(dir.resolve("extra"), "smoke-final", null, Map.of());
        FinalRunRow winner = new FinalRunRow("smoke-final", "r000", "arch", "tse-e", 1, 1, 4, 2, 0.5, 10.0, null, null,
                null, null, null, null, null, null, "config", null, FinalRunsTable.STATUS_OK, null, null, null, null,
                null, null);
        Path finalRuns = Path.of(withFinal.table(FinalRunsTable.NAME).toUri());
        ParquetTableWriter.writeFile(new org.apache.hadoop.fs.Path(withFinal.table(FinalRunsTable.NAME), "part-train-final.parquet"),
                FinalRunsTable.TABLE, List.of(winner.toRow()), withFinal.conf());
        writeSuccess(finalRuns);
        Map<String, Object> appended = new java.util.HashMap<>((Map<String, Object>) NightlyHistory.append(withFinal, history, D3).get("rows"));
        // the report writes estimator_comparison too: it comes along, like every small table the sweep has
        assertTrue(((Number) appended.remove("estimator_comparison")).intValue() > 0, "estimator_comparison appended");
        assertEquals(Map.of("nights", 1, "rank_correlation", perNight, "final_runs", 1), appended);
        assertEquals(List.of("r000"), history.read(FinalRunsTable.TABLE).stream().map(d -> d.row().getString(1)).toList());
        NightlyHistory.append(nights.get(2), history, D3);
        assertFalse(Files.exists(dir.resolve("history/final_runs/date=2026-01-03")),
                "the re-run of night 3 has no final_runs: its old partition is gone");
        assertTrue(history.read(FinalRunsTable.TABLE).isEmpty());
    }

    private static void writeSuccess(Path tableDir) {
        try {
            Files.write(tableDir.resolve(SweepFolder.SUCCESS), new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void badSweepsAreRefusedAndTheHistoryIsUnchanged() throws IOException {
        History history = History.at(dir.resolve("history").toString(), new Configuration());
        NightlyHistory.append(nights.get(0), history, D1);
        Map<String, String> before = snapshot(dir.resolve("history"));

        // A stage still running.
        SweepFolder running = night(dir.resolve("bad"), "running", null, Map.of());
        ObjectNode o = (ObjectNode) JSON.readTree(running.optionsFile().toUri().toURL());
        ((ObjectNode) o.get("stages").get("report")).put("status", "running");
        JSON.writeValue(Path.of(running.optionsFile().toUri()).toFile(), o);
        TableException e = assertThrows(TableException.class, () -> NightlyHistory.append(running, history, D2));
        assertTrue(e.getMessage().contains("did not finish") && e.getMessage().contains("'report'"), e.getMessage());

        // A corrupt table.
        SweepFolder corrupt = night(dir.resolve("bad"), "corrupt", null, Map.of());
        try (Stream<Path> parts = Files.list(Path.of(corrupt.table(RankCorrelationTable.NAME).toUri()))) {
            Path part = parts.filter(p -> p.getFileName().toString().endsWith(".parquet")).findFirst().orElseThrow();
            Files.write(part, "not parquet".getBytes());
        }
        e = assertThrows(TableException.class, () -> NightlyHistory.append(corrupt, history, D1));
        assertTrue(e.getMessage().contains("not a readable Parquet file"), e.getMessage());

        // A sweep that only trained: no report.
        SweepFolder trained = SmokeSweep.copy(dir.resolve("trained"));
        e = assertThrows(TableException.class, () -> NightlyHistory.append(trained, history, D2));
        assertTrue(e.getMessage().contains("no report"), e.getMessage());

        // No sweep at all.
        SweepFolder missing = SweepFolder.at(dir.resolve("nowhere").toString(), new Configuration());
        assertThrows(TableException.class, () -> NightlyHistory.append(missing, history, D2));

        assertEquals(before, snapshot(dir.resolve("history")), "every refusal left the history as it was");
        assertThrows(ConfigException.class, () -> History.parseDate("2026-13-01"));
        assertThrows(ConfigException.class, () -> History.parseDate("yesterday"));
        assertEquals(D1, History.parseDate("2026-01-01"));
    }

    @Test
    void throughputFlagUsesTheMedianOfTheLastSevenNights() {
        List<Trends.NightPoint> points = new ArrayList<>();
        double[] speed = {100, 100, 10, 100, 100, 100, 100, 100, 79, 81};
        for (int i = 0; i < speed.length; i++) {
            points.add(new Trends.NightPoint(D1.plusDays(i), new NightRow("s" + i, null, null, "h", 7L, 1, 1, 0, 0,
                    Map.of("train", 1.0), 1.0, 100L, 1.0, speed[i], null, Instant.EPOCH.toString())));
        }
        List<Flag> flags = new Trends(points, List.of()).flags();
        // night 3 (10) drops 90%; night 9 (79) drops 21% below the median 100; night 10 (81) only 19%.
        assertEquals(List.of(D1.plusDays(2), D1.plusDays(8)), flags.stream().map(Flag::date).toList());
    }

    // --- helpers: nights made from the finished smoke sweep ---

    /**
     * A copy of the finished smoke sweep as sweep {@code id}: its small tables' sweep_id rewritten, the
     * options.json sweep_id (and the seed, when given) changed, and rows of some tables altered.
     */
    private static SweepFolder night(Path root, String id, Long seed, Map<TableSchema, UnaryOperator<Row>> alter) {
        try {
            Path from = Path.of(finished.root().toUri());
            Path to = root.resolve(id);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Path t = to.resolve(from.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(t);
                    } else {
                        Files.copy(p, t);
                    }
                }
            }
            SweepFolder sweep = SweepFolder.at(to.toString(), new Configuration());
            for (TableSchema t : List.of(RunsTable.TABLE, CurvesTable.TABLE, StepsTable.TABLE, RankCorrelationTable.TABLE)) {
                UnaryOperator<Row> f = alter.getOrDefault(t, UnaryOperator.identity());
                rewrite(sweep, t, r -> {
                    Object[] v = values(f.apply(r));
                    v[0] = id;
                    return RowFactory.create(v);
                });
            }
            ObjectNode o = (ObjectNode) JSON.readTree(to.resolve("options.json").toFile());
            o.put("sweep_id", id);
            if (seed != null) {
                ((ObjectNode) o.get("stages").get("train").get("options")).put("seed", seed);
            }
            JSON.writeValue(to.resolve("options.json").toFile(), o);
            return sweep;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void rewrite(SweepFolder sweep, TableSchema t, UnaryOperator<Row> f) {
        for (org.apache.hadoop.fs.Path p : sweep.checkTable(t, "test")) {
            List<Row> rows = ParquetTableReader.readFile(p, t, sweep.conf()).stream().map(f).toList();
            ParquetTableWriter.writeFile(p, t, rows, sweep.conf());
        }
    }

    private static Object[] values(Row r) {
        Object[] v = new Object[r.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.get(i);
        }
        return v;
    }

    private static List<Row> read(SweepFolder sweep, TableSchema t) {
        return sweep.read(t, "test");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under a folder with a digest of its content. */
    private static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    try {
                        out.put(root.relativize(p).toString(),
                                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                    } catch (java.security.NoSuchAlgorithmException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
        return out;
    }
}
