package org.earlyrank.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.config.ConfigException;
import org.earlyrank.schema.TableSchema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The lifecycle of one stage on one sweep: resume or refuse, stage, publish, record.
 *
 * <ul>
 *   <li>Running a stage again with the same options resumes it: committed units are kept, and a stage
 *       that already finished does nothing.</li>
 *   <li>Different options stop with an error listing the differences, unless {@code --overwrite}: then a
 *       root stage (train, import-curves) starts the sweep afresh, and another stage discards only its
 *       own staged work and replaces its own rows when it publishes.</li>
 *   <li>{@link #finish} publishes the stage's tables and records it complete in options.json.</li>
 * </ul>
 */
public final class StageRun {
    private final SweepFolder sweep;
    private final String stage;
    private final StageOutput output;
    private final ObjectNode record;
    private final List<String> notes = new ArrayList<>();
    private final boolean complete;

    private StageRun(SweepFolder sweep, String stage, StageOutput output, ObjectNode record, boolean complete) {
        this.sweep = sweep;
        this.stage = stage;
        this.output = output;
        this.record = record;
        this.complete = complete;
    }

    public static StageRun begin(SweepFolder sweep, String stage, Map<String, Object> options,
                                 List<TableSchema> outputs, boolean overwrite, boolean root) {
        if (!root) {
            sweep.requireExists();
        }
        StageOutput output = new StageOutput(sweep, stage, outputs);
        if (overwrite) {
            if (root) {
                Fs.delete(sweep.fs(), sweep.root());
            } else {
                output.reset();
                ObjectNode file = OptionsFile.read(sweep);
                ((ObjectNode) file.get("stages")).remove(stage);
                if (sweep.exists()) {
                    OptionsFile.write(sweep, file);
                }
            }
        }
        ObjectNode file = OptionsFile.read(sweep);
        ObjectNode stages = (ObjectNode) file.get("stages");
        JsonNode opts = OptionsFile.tree(options);
        String hash = OptionsFile.hash(opts);
        JsonNode prior = stages.get(stage);
        if (prior != null && prior.has("options_hash") && !prior.get("options_hash").asText().equals(hash)) {
            throw new ConfigException("sweep " + sweep + " ran stage '" + stage + "' with other options ("
                    + String.join("; ", differences(prior.get("options"), opts)) + "); re-run with --overwrite to "
                    + (root ? "start the sweep afresh" : "redo this stage") + ", or choose another --out or --sweep-id");
        }
        boolean published = outputs.stream().allMatch(t -> sweep.hasTable(t.name()));
        if (prior != null && "complete".equals(prior.path("status").asText()) && published && !output.publishing()) {
            return new StageRun(sweep, stage, output, (ObjectNode) prior, true);
        }
        ObjectNode rec = stages.putObject(stage);
        rec.set("options", opts);
        rec.put("options_hash", hash);
        rec.put("started", prior != null && prior.has("started") ? prior.get("started").asText() : Instant.now().toString());
        if (prior != null) {
            rec.put("resumed", Instant.now().toString());
        }
        rec.put("status", "running");
        OptionsFile.write(sweep, file);
        output.discardUncommitted();
        return new StageRun(sweep, stage, output, rec, false);
    }

    /** True when the stage already finished with these options: nothing to do. */
    public boolean alreadyComplete() {
        return complete;
    }

    public StageOutput output() {
        return output;
    }

    public SweepFolder sweep() {
        return sweep;
    }

    public String stage() {
        return stage;
    }

    /** Records (and prints) a note: what the stage skipped and why, or anything a reader should know. */
    public void note(String text) {
        notes.add(text);
        System.err.println("[" + stage + "] note: " + text);
    }

    public List<String> notes() {
        return List.copyOf(notes);
    }

    /** Adds a value to this stage's record in options.json (e.g. dataset checksums). */
    public void put(String key, Object value) {
        record.set(key, OptionsFile.JSON.valueToTree(value));
    }

    /** Publishes the stage's tables, then records it complete with a summary. */
    public void finish(Map<String, Object> summary) {
        output.publish();
        ObjectNode file = OptionsFile.read(sweep);
        ObjectNode rec = record.deepCopy();
        rec.put("status", "complete");
        rec.put("finished", Instant.now().toString());
        ArrayNode n = rec.putArray("notes");
        notes.forEach(n::add);
        rec.set("summary", OptionsFile.JSON.valueToTree(summary));
        ((ObjectNode) file.get("stages")).set(stage, rec);
        OptionsFile.write(sweep, file);
    }

    /** "key: old -> new" for every leaf that differs. */
    static List<String> differences(JsonNode before, JsonNode after) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        List<String> out = new ArrayList<>();
        java.util.Set<String> keys = new java.util.TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, "(unset)");
            String y = b.getOrDefault(k, "(unset)");
            if (!x.equals(y)) {
                out.add(k + ": " + x + " -> " + y);
            }
        }
        return out.isEmpty() ? List.of("recorded hash differs") : out;
    }

    private static void flatten(String prefix, JsonNode n, Map<String, String> out) {
        if (n == null) {
            return;
        }
        if (n.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else {
            out.put(prefix, n.toString());
        }
    }
}
