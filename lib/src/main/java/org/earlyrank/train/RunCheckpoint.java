package org.earlyrank.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.Fs;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.ParquetTableWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A run's mid-training checkpoint, so a retried task resumes from its last finished epoch instead of
 * epoch 1. Layout in the run's checkpoint folder: {@code model-e<E>.zip} (parameters and updater state),
 * {@code rows-e<e>/<table>.parquet} (the rows epoch e produced) and {@code state.json}, written last: a
 * checkpoint exists once its state names it.
 */
public final class RunCheckpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<TableSchema> TABLES = List.of(StepsTable.TABLE, CurvesTable.TABLE,
            FeaturesTable.TABLE, HeadsTable.TABLE);

    private final Path dir;
    private final Configuration conf;

    public RunCheckpoint(Path dir, Configuration conf) {
        this.dir = dir;
        this.conf = conf;
    }

    /** What a restore gives back. */
    public record Restored(ComputationGraph net, int epoch, RunRecord rows, double trainSeconds,
                           double captureSeconds, int attempts) {
    }

    /** Saves the network after {@code epoch} and the rows that epoch produced. */
    public void save(ComputationGraph net, int epoch, RunRecord epochRows, double trainSeconds, double captureSeconds,
                     int attempts) {
        FileSystem fs = Fs.of(dir, conf);
        Path rowsDir = new Path(dir, "rows-e" + epoch);
        Fs.delete(fs, rowsDir);
        Map<String, List<Row>> t = epochRows.tables();
        for (TableSchema s : TABLES) {
            ParquetTableWriter.writeFile(new Path(rowsDir, s.name() + ".parquet"), s, t.get(s.name()), conf);
        }
        ByteArrayOutputStream model = new ByteArrayOutputStream();
        try {
            ModelSerializer.writeModel(net, model, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Fs.writeBytes(fs, new Path(dir, "model-e" + epoch + ".zip"), model.toByteArray());
        ObjectNode state = JSON.createObjectNode();
        state.put("epoch", epoch);
        state.put("train_seconds", trainSeconds);
        state.put("capture_seconds", captureSeconds);
        state.put("attempts", attempts);
        try {
            Fs.replaceFile(fs, new Path(dir, "state.json"), JSON.writeValueAsBytes(state));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int e = epoch - 1; e >= 1; e--) {
            Path old = new Path(dir, "model-e" + e + ".zip");
            if (!Fs.exists(fs, old)) {
                break;
            }
            Fs.delete(fs, old);
        }
    }

    /** The last complete checkpoint, if any. */
    public Optional<Restored> restore() {
        FileSystem fs = Fs.of(dir, conf);
        Path statePath = new Path(dir, "state.json");
        if (!Fs.exists(fs, statePath)) {
            return Optional.empty();
        }
        try {
            ObjectNode state = (ObjectNode) JSON.readTree(Fs.readBytes(fs, statePath));
            int epoch = state.get("epoch").asInt();
            byte[] model = Fs.readBytes(fs, new Path(dir, "model-e" + epoch + ".zip"));
            ComputationGraph net = ModelSerializer.restoreComputationGraph(new ByteArrayInputStream(model), true);
            RunRecord rows = new RunRecord();
            for (int e = 1; e <= epoch; e++) {
                Map<String, List<Row>> t = new LinkedHashMap<>();
                for (TableSchema s : TABLES) {
                    t.put(s.name(), ParquetTableReader.readFile(new Path(new Path(dir, "rows-e" + e), s.name() + ".parquet"),
                            s, conf));
                }
                rows.addAll(RunRecord.fromTables(t));
            }
            return Optional.of(new Restored(net, epoch, rows, state.get("train_seconds").asDouble(),
                    state.get("capture_seconds").asDouble(), state.get("attempts").asInt()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restore checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the checkpoint (the run is committed). */
    public void delete() {
        Fs.delete(Fs.of(dir, conf), dir);
    }
}
