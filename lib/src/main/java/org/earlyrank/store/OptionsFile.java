package org.earlyrank.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import org.apache.hadoop.fs.Path;
import org.earlyrank.Version;
import org.earlyrank.schema.TableException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code options.json} of a sweep: per stage, the resolved options it ran with, their hash, when it
 * started and finished, notes (what it skipped and why) and a summary; plus EarlyRank's version and git
 * commit and the checksums of the dataset files. Replaced atomically on every update.
 */
public final class OptionsFile {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private OptionsFile() {
    }

    /** The file's content, or a fresh skeleton when the sweep has none yet. */
    public static ObjectNode read(SweepFolder sweep) {
        Path p = sweep.optionsFile();
        if (!Fs.exists(sweep.fs(), p)) {
            ObjectNode o = JSON.createObjectNode();
            o.put("sweep_id", sweep.sweepId());
            o.put("created", Instant.now().toString());
            o.putObject("stages");
            return o;
        }
        try {
            JsonNode n = JSON.readTree(Fs.readString(sweep.fs(), p));
            if (!(n instanceof ObjectNode o) || !o.has("stages")) {
                throw new IOException("not an EarlyRank options file");
            }
            return o;
        } catch (IOException e) {
            throw new TableException("options.json", p + " is not readable (" + e.getMessage()
                    + "); restore it, or start the sweep afresh with --overwrite");
        }
    }

    public static void write(SweepFolder sweep, ObjectNode content) {
        content.put("earlyrank_version", Version.version());
        content.put("git_commit", Version.gitCommit());
        content.put("updated", Instant.now().toString());
        try {
            Fs.mkdirs(sweep.fs(), sweep.root());
            Fs.replaceFile(sweep.fs(), sweep.optionsFile(), JSON.writeValueAsBytes(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The options as a JSON tree, keys sorted. */
    public static JsonNode tree(Map<String, Object> options) {
        return JSON.valueToTree(options);
    }

    /** SHA-256 of the options' canonical JSON. */
    public static String hash(JsonNode options) {
        try {
            byte[] canonical = JSON.writer().without(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(JSON.treeToValue(options, Object.class)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
