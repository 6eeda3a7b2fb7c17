package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.data.DatasetException;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.StepsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.ParquetTableReader;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train stage on real Spark, real DL4J and real Parquet: the smoke sweep. */
class TrainStageTest {
    @TempDir
    Path dir;

    @Test
    void theSmokeSweepWritesEveryTableInTheContract() {
        SweepFolder sweep = SmokeSweep.get();
        for (TableSchema t : TrainStage.OUTPUTS) {
            assertTrue(sweep.hasTable(t.name()), t.name());
            for (org.apache.hadoop.fs.Path p : sweep.partFiles(t, "train")) {
                // every part file carries exactly the declared schema
                assertEquals(t.parquet(), ParquetTableReader.footerSchema(p, sweep.conf(), t.name()), p.toString());
            }
        }
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        assertEquals(8, runs.size());
        assertEquals(8, runs.stream().map(RunRow::archId).distinct().count(), "distinct architectures");
        Map<String, Integer> epochsByRun = new HashMap<>();
        for (CurveRow c : sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow).toList()) {
            epochsByRun.merge(c.runId(), 1, Integer::sum);
        }
        Map<String, Integer> dims = new HashMap<>();
        for (HeadRow h : sweep.read(HeadsTable.TABLE, "train").stream().map(HeadRow::fromRow).toList()) {
            dims.put(h.runId() + "@" + h.epoch(), h.dim());
        }
        Set<String> valSeen = new HashSet<>();
        for (FeatureRow f : sweep.read(FeaturesTable.TABLE, "train").stream().map(FeatureRow::fromRow).toList()) {
            assertEquals(dims.get(f.runId() + "@" + f.epoch()), f.features().length);
            if (f.split().equals(FeaturesTable.SPLIT_VAL)) {
                valSeen.add(f.runId() + "@" + f.epoch());
            }
        }
        int stepsRows = sweep.read(StepsTable.TABLE, "train").size();
        for (RunRow r : runs) {
            assertEquals(r.epochsDone(), epochsByRun.getOrDefault(r.runId(), 0), "one curves row per trained epoch");
            for (int e = 1; e <= r.epochsDone(); e++) {
                assertTrue(valSeen.contains(r.runId() + "@" + e), "validation features of " + r.runId() + " epoch " + e);
            }
            if (r.ok()) {
                assertEquals(4, r.epochsDone());
                assertNotNull(r.finalTestAcc());
            }
        }
        assertTrue(stepsRows >= 8 * 4 * 10, "500 images / batch 50 = 10 minibatches per epoch");
    }

    @Test
    void runningTheSameStageAgainDoesNothingAndOtherOptionsAreRefused() {
        SweepFolder sweep = SmokeSweep.copy(dir);
        SweepConfig cfg = SmokeSweep.config();
        Map<String, Object> again = Pipeline.run(Stages.TRAIN, TestSpark.session(), cfg, sweep, false);
        assertEquals(Map.of("already_complete", true), again);
        SweepConfig other = ConfigLoader.load(SmokeSweep.confFile(), Map.of("train.epochs", "5"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> Pipeline.run(Stages.TRAIN, TestSpark.session(), other, sweep, false));
        assertTrue(e.getMessage().contains("train.epochs: 4 -> 5"), e.getMessage());
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
    }

    @Test
    void aMissingDatasetChangesNothingInTheSweep() throws Exception {
        SweepFolder sweep = SmokeSweep.copy(dir);
        byte[] before = Files.readAllBytes(Path.of(sweep.optionsFile().toUri()));
        SweepConfig bad = ConfigLoader.load(SmokeSweep.confFile(),
                Map.of("dataset.path", dir.resolve("nowhere").toString()));
        assertThrows(DatasetException.class, () -> Pipeline.run(Stages.TRAIN, TestSpark.session(), bad, sweep, true));
        assertArrayEquals(before, Files.readAllBytes(Path.of(sweep.optionsFile().toUri())));
        assertTrue(sweep.hasTable(RunsTable.NAME));
    }

    @Test
    void aFailingTaskIsRetriedAndResumesFromItsCheckpoint() {
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("space.runs", "2", "name", "retry"));
        SweepFolder sweep = SweepFolder.at(dir.toString(), cfg.sweepId(), new Configuration());
        System.setProperty(FaultInjection.PROPERTY, "r001@2");
        try {
            Pipeline.run(Stages.TRAIN, TestSpark.session(), cfg, sweep, false);
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        RunRow r1 = runs.stream().filter(r -> r.runId().equals("r001")).findFirst().orElseThrow();
        assertEquals(RunsTable.STATUS_OK, r1.status());
        assertEquals(2, r1.attempts(), "the second attempt finished the run");
        assertEquals(4, sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow)
                .filter(c -> c.runId().equals("r001")).count(), "epoch 1 from the checkpoint, 2-4 retrained, no duplicates");
    }

    @Test
    void aRunThatKeepsFailingIsRecordedAndTheSweepFinishes() {
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("space.runs", "2", "name", "fail",
                "train.epochs", "2"));
        SweepFolder sweep = SweepFolder.at(dir.toString(), cfg.sweepId(), new Configuration());
        System.setProperty(FaultInjection.PROPERTY, "r000@1x9");
        try {
            Pipeline.run(Stages.TRAIN, TestSpark.session(), cfg, sweep, false);
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow).toList();
        assertEquals(2, runs.size());
        RunRow r0 = runs.stream().filter(r -> r.runId().equals("r000")).findFirst().orElseThrow();
        assertEquals(RunsTable.STATUS_FAILED, r0.status());
        assertTrue(r0.error().contains("injected failure"), r0.error());
        assertEquals(RunsTable.STATUS_OK, runs.stream().filter(r -> r.runId().equals("r001")).findFirst().orElseThrow().status());
    }
}
