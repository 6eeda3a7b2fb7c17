package org.earlyrank.history;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.NightsTable;
import org.earlyrank.schema.NightsTable.NightRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.Rows;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableException;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.Fs;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a finished sweep as one night of the history, checking everything before the history changes:
 * options.json must record every stage complete, runs and rank_correlation must be published, and every
 * table used must be complete ({@code _SUCCESS}), in its declared schema and readable to the last row.
 * Any failure is a {@link TableException} (exit status 2) naming the sweep and what to do. Reads only;
 * the sweep folder is never changed. Runs on one JVM: the tables are small, and of steps and curves only
 * one column each is read.
 */
public final class SweepNight {
    /** Of steps, only the images of each minibatch (Parquet reads this one column). */
    static final TableSchema STEP_IMAGES = TableSchema.builder(StepsTable.NAME, "minibatch")
            .nullable("batch_size", ColumnType.INT, "Samples in the minibatch.").build();
    /** Of runs, only the status: sweeps written before runs gained columns can still be appended (backfills). */
    static final TableSchema RUN_STATUS = TableSchema.builder(RunsTable.NAME, "training run")
            .required("status", ColumnType.STRING, "ok, diverged or failed.").build();
    /** Of curves, only the seconds of each epoch's training pass. */
    static final TableSchema PASS_SECONDS = TableSchema.builder(CurvesTable.NAME, "run and epoch")
            .nullable("train_seconds", ColumnType.DOUBLE, "Training pass alone.").build();

    private SweepNight() {
    }

    /**
     * @param sweep    the sweep folder, {@code DIR/<sweep_id>}
     * @param date     the night it is appended as
     * @param appended when (recorded in the nights row)
     */
    public static Night read(SweepFolder sweep, LocalDate date, Instant appended) {
        sweep.requireExists();
        ObjectNode options = options(sweep);
        JsonNode stages = options.get("stages");
        requireFinished(sweep, stages);
        List<String> runs = new ArrayList<>();
        for (Path p : sweep.partFiles(RunsTable.TABLE, Stages.RUNNER.writer(RunsTable.NAME))) {
            ParquetTableReader.forEach(p, RUN_STATUS, sweep.conf(), r -> runs.add(r.getString(0)));
        }
        Map<TableSchema, List<Row>> tables = new LinkedHashMap<>();
        for (TableSchema t : History.TABLES) {
            if (t.name().equals(NightsTable.NAME)) {
                continue;
            }
            boolean required = t.name().equals(RankCorrelationTable.NAME);
            if (required || Fs.exists(sweep.fs(), sweep.table(t.name()))) {
                tables.put(t, sweep.read(t, Stages.RUNNER.writer(t.name())));
            }
        }
        Long images = sumImages(sweep);
        Double passSeconds = sumPassSeconds(sweep);
        Map<String, Double> stageSeconds = stageSeconds(stages);
        NightRow night = new NightRow(
                text(options.get("sweep_id"), sweep.sweepId()),
                text(options.get("git_commit"), null),
                text(options.get("earlyrank_version"), null),
                configHash(stages),
                seed(stages),
                runs.size(),
                count(runs, RunsTable.STATUS_OK),
                count(runs, RunsTable.STATUS_FAILED),
                count(runs, RunsTable.STATUS_DIVERGED),
                stageSeconds,
                stageSeconds.values().stream().mapToDouble(Double::doubleValue).sum(),
                images,
                passSeconds,
                images == null || passSeconds == null || passSeconds <= 0 ? null : images / passSeconds,
                finished(stages),
                appended.toString());
        Map<TableSchema, List<Row>> all = new LinkedHashMap<>();
        all.put(NightsTable.TABLE, List.of(night.toRow()));
        all.putAll(tables);
        return new Night(date, night, all);
    }

    private static ObjectNode options(SweepFolder sweep) {
        if (!Fs.exists(sweep.fs(), sweep.optionsFile())) {
            throw new TableException("options.json", "sweep " + sweep + " has no options.json: no EarlyRank stage "
                    + "ran there; pass --sweep DIR/<sweep_id> of a finished sweep (`bin/earlyrank sweep` writes one)");
        }
        ObjectNode o = OptionsFile.read(sweep);
        if (o.get("stages").isEmpty()) {
            throw new TableException("options.json", "sweep " + sweep + " records no stage in options.json: it did "
                    + "not start; run `bin/earlyrank sweep` on it before appending it to the history");
        }
        return o;
    }

    /** Every stage recorded complete, the report among them. */
    private static void requireFinished(SweepFolder sweep, JsonNode stages) {
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String status = e.getValue().path("status").asText("unknown");
            if (!"complete".equals(status)) {
                throw new TableException("options.json", "sweep " + sweep + " did not finish: stage '" + e.getKey()
                        + "' is " + status + " in options.json (started " + e.getValue().path("started").asText("?")
                        + "); resume it (`bin/earlyrank " + e.getKey() + " --sweep " + sweep + "`, or the sweep) "
                        + "and append the night once it finished; the history was not changed");
            }
        }
        if (!stages.has(Stages.REPORT.name())) {
            throw new TableException(RankCorrelationTable.NAME, "sweep " + sweep + " did not finish: it has no report "
                    + "(options.json records no 'report' stage); run `bin/earlyrank report --sweep " + sweep
                    + "` and append the night again; the history was not changed");
        }
    }

    private static Long sumImages(SweepFolder sweep) {
        if (!Fs.exists(sweep.fs(), sweep.table(StepsTable.NAME))) {
            return null;
        }
        long[] sum = {0};
        boolean[] unknown = {false};
        for (Path p : sweep.checkTable(StepsTable.TABLE, Stages.RUNNER.writer(StepsTable.NAME))) {
            ParquetTableReader.forEach(p, STEP_IMAGES, sweep.conf(), r -> {
                if (r.isNullAt(0)) {
                    unknown[0] = true;
                } else {
                    sum[0] += Rows.integer(r, 0);
                }
            });
        }
        return unknown[0] ? null : sum[0];
    }

    private static Double sumPassSeconds(SweepFolder sweep) {
        if (!Fs.exists(sweep.fs(), sweep.table(CurvesTable.NAME))) {
            return null;
        }
        double[] sum = {0};
        boolean[] unknown = {false};
        for (Path p : sweep.checkTable(CurvesTable.TABLE, Stages.RUNNER.writer(CurvesTable.NAME))) {
            ParquetTableReader.forEach(p, PASS_SECONDS, sweep.conf(), r -> {
                if (r.isNullAt(0)) {
                    unknown[0] = true;
                } else {
                    sum[0] += Rows.real(r, 0);
                }
            });
        }
        return unknown[0] ? null : sum[0];
    }

    /** Per stage: its summary's wall_seconds, else finished minus started; stages with neither are left out. */
    static Map<String, Double> stageSeconds(JsonNode stages) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode wall = e.getValue().path("summary").path("wall_seconds");
            if (wall.isNumber()) {
                out.put(e.getKey(), wall.asDouble());
                continue;
            }
            Instant start = instant(e.getValue().get("started"));
            Instant end = instant(e.getValue().get("finished"));
            if (start != null && end != null) {
                out.put(e.getKey(), Duration.between(start, end).toNanos() / 1e9);
            }
        }
        return out;
    }

    /** SHA-256 of {stage: recorded options} over every stage (canonical JSON, keys sorted). */
    static String configHash(JsonNode stages) {
        ObjectNode all = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = stages.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            all.set(e.getKey(), e.getValue().path("options"));
        }
        return OptionsFile.hash(all);
    }

    /** The master seed a root stage recorded (train, import-curves), else any stage's. */
    private static Long seed(JsonNode stages) {
        List<JsonNode> order = new ArrayList<>();
        order.add(stages.get(Stages.TRAIN.name()));
        order.add(stages.get(Stages.IMPORT_CURVES.name()));
        stages.elements().forEachRemaining(order::add);
        for (JsonNode s : order) {
            if (s != null && s.path("options").path("seed").isIntegralNumber()) {
                return s.path("options").path("seed").asLong();
            }
        }
        return null;
    }

    private static String finished(JsonNode stages) {
        Instant last = null;
        for (JsonNode s : stages) {
            Instant f = instant(s.get("finished"));
            if (f != null && (last == null || f.isAfter(last))) {
                last = f;
            }
        }
        return last == null ? null : last.toString();
    }

    private static Instant instant(JsonNode n) {
        if (n == null || !n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static int count(List<String> runs, String status) {
        return (int) runs.stream().filter(status::equals).count();
    }

    private static String text(JsonNode n, String dflt) {
        return n == null || n.isNull() ? dflt : n.asText();
    }
}
