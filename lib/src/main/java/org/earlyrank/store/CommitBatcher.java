package org.earlyrank.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.apache.spark.sql.Row;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Commits the rows of many runs as one {@link StageOutput} unit, for stages whose per-run work is
 * computation on the driver (score-tse): a commit writes a Parquet file per table plus a marker, several
 * milliseconds, which dwarfs scoring a run from curves. A batch is committed once it is
 * {@link #MAX_NANOS} old (one second) or holds {@link #MAX_RUNS} runs, and by {@link #flush()}, so a killed
 * stage loses at most the runs of the batch in flight, about a second of work, and a resume redoes only
 * those.
 *
 * <p>The unit is named after the batch's first run ({@code batch-<run>}) and its marker lists the runs:
 * {@code {"runs":[...],"rows":N}}. {@link #committedRuns} reads them back, and also understands the per-run
 * markers {@code {"run_id":...}} that staging written before batching holds, so such a stage resumes.
 */
public final class CommitBatcher {
    public static final long MAX_NANOS = 1_000_000_000L;
    public static final int MAX_RUNS = 4096;

    private final StageOutput out;
    private final long maxNanos;
    private final int maxRuns;
    private final List<String> runs = new ArrayList<>();
    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    private long rowCount;
    private long opened;
    private int commits;

    public CommitBatcher(StageOutput out) {
        this(out, MAX_NANOS, MAX_RUNS);
    }

    /** With explicit limits (a test commits every few runs). */
    public CommitBatcher(StageOutput out, long maxNanos, int maxRuns) {
        this.out = out;
        this.maxNanos = maxNanos;
        this.maxRuns = maxRuns;
    }

    /** Adds one run's rows (by table name); commits the batch when it is old or large enough. */
    public void add(String runId, Map<String, List<Row>> runRows) {
        if (runs.isEmpty()) {
            opened = System.nanoTime();
        }
        runs.add(runId);
        runRows.forEach((table, r) -> {
            rows.computeIfAbsent(table, k -> new ArrayList<>()).addAll(r);
            rowCount += r.size();
        });
        if (runs.size() >= maxRuns || System.nanoTime() - opened >= maxNanos) {
            flush();
        }
    }

    /** Commits the runs added since the last commit (nothing when there are none). */
    public void flush() {
        if (runs.isEmpty()) {
            return;
        }
        ObjectNode marker = OptionsFile.JSON.createObjectNode();
        runs.forEach(marker.putArray("runs")::add);
        marker.put("rows", rowCount);
        try {
            out.commit("batch-" + unitOf(runs.get(0)), rows, OptionsFile.JSON.writeValueAsString(marker));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        commits++;
        runs.clear();
        rows.clear();
        rowCount = 0;
    }

    /** Commits made so far. */
    public int commits() {
        return commits;
    }

    /** The runs every committed unit of {@code out} holds: batch markers' runs and per-run markers' run_id. */
    public static Set<String> committedRuns(StageOutput out) {
        Set<String> done = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : out.committed().entrySet()) {
            JsonNode m;
            try {
                m = OptionsFile.JSON.readTree(e.getValue());
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("unreadable commit marker " + e.getKey() + " of stage " + out.stage()
                        + ": " + e.getValue() + "; re-run the stage with --overwrite", ex);
            }
            if (m.has("runs")) {
                m.get("runs").forEach(r -> done.add(r.asText()));
            } else if (m.has("run_id")) {
                done.add(m.get("run_id").asText());
            }
        }
        return done;
    }

    /** A unit id for a run: its id, or a stable UUID of it when the id has characters units may not. */
    public static String unitOf(String runId) {
        return runId.matches("[A-Za-z0-9._=-]+") ? runId
                : "run-" + UUID.nameUUIDFromBytes(runId.getBytes(StandardCharsets.UTF_8));
    }
}
