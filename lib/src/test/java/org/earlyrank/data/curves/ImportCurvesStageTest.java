package org.earlyrank.data.curves;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** import-curves on the two real CSV files of Baker et al. (data/curves) and on broken files. */
class ImportCurvesStageTest {
    @TempDir
    Path dir;

    /** data/curves/NAME of this repository, from the module folder or the root. */
    static Path realCsv(String name) {
        Path p = Path.of("..", "data", "curves", name);
        return Files.exists(p) ? p : Path.of("data", "curves", name);
    }

    /** Imports a CSV into dir/out/<sweep id> and returns the sweep folder. */
    static SweepFolder importCsv(Path csv, Path out, String prefix) {
        SweepConfig cfg = config(csv, prefix);
        SweepFolder sweep = SweepFolder.at(out.toString(), cfg.sweepId(), new Configuration());
        Pipeline.run(Stages.IMPORT_CURVES, null, cfg, sweep, false);
        return sweep;
    }

    static SweepConfig config(Path csv, String prefix) {
        return ConfigLoader.load(null, Map.of("import-curves.csv", csv.toString(),
                "import-curves.curve_prefix", prefix, "name", ImportCurvesStage.defaultSweepId(csv.toString())));
    }

    @Test
    void metaQnnSvhnBecomesThirteenHundredRunsOfTwentyEpochs() {
        SweepFolder sweep = importCsv(realCsv("metaqnn_svhn.csv"), dir, "acc_");
        assertEquals("metaqnn_svhn", sweep.sweepId(), "sweep id = the CSV's name");
        SweepData data = SweepData.read(sweep);
        assertEquals(1300, data.runs().size());
        assertEquals(1300, data.okRuns().size());
        assertEquals(20, data.maxEpochs());
        assertFalse(data.hasSteps(), "an import has no minibatch losses");
        RunHistory first = data.runs().get(0);
        RunRow r = first.run();
        assertEquals("r0000", r.runId());
        // The file's first row (line 2): net, svhn, 819584, 4, 0.0004, acc_1 = 0.4906 ... acc_20 = 0.6832
        assertEquals("[C(128,1,1), C(256,5,1), D(1,2), P(5,3), SM(10)]", r.arch());
        assertEquals(RunsTable.SOURCE_IMPORT, r.source());
        assertEquals("metaqnn_svhn", r.space());
        assertEquals(819584L, r.nParams());
        assertEquals(4, r.depth());
        assertEquals(0.0004, r.learningRate(), 0);
        assertEquals("svhn", r.dataset());
        assertEquals(Map.of("num_params", 819584.0, "depth", 4.0, "lr", 0.0004), r.hparams());
        assertEquals(20, r.epochsPlanned());
        assertEquals(20, r.epochsDone());
        assertEquals(0.6832, r.finalValAcc(), 0);
        assertNull(r.finalTestAcc(), "the files hold validation accuracy only");
        assertEquals(20, first.curves().size());
        assertEquals(1, first.curves().get(0).epoch(), "acc_1 is epoch 1");
        assertEquals(0.4906, first.curves().get(0).valAcc(), 0);
        assertNull(first.curves().get(0).trainLoss());
        assertEquals("r1299", data.runs().get(1299).runId());
        // Equal architecture strings share an arch id.
        long archs = data.runs().stream().map(h -> h.run().arch()).distinct().count();
        assertEquals(archs, data.runs().stream().map(h -> h.run().archId()).distinct().count());
    }

    @Test
    void deepResnetsKeepAccZeroAsEpochZero() {
        SweepFolder sweep = importCsv(realCsv("deep_resnets_cifar10.csv"), dir, "acc_");
        SweepData data = SweepData.read(sweep);
        assertEquals(486, data.runs().size());
        RunHistory first = data.runs().get(0);
        RunRow r = first.run();
        // First row: num_params 282804, lr 0.001, acc_0 = 0.3095703125 ... acc_49 = 0.7568108974
        assertEquals(49, r.epochsPlanned(), "acc_0..acc_49: 49 trained epochs");
        assertEquals(49, r.epochsDone(), "epoch 0 is not a trained epoch");
        assertEquals(50, first.curves().size());
        CurveRow zero = first.curves().get(0);
        assertEquals(0, zero.epoch());
        assertEquals(0.3095703125, zero.valAcc(), 0);
        assertEquals(0.7568108974, r.finalValAcc(), 0);
        assertEquals(282804L, r.nParams());
        assertEquals(0.001, r.learningRate(), 0);
        assertNull(r.depth());
        assertEquals("deep_resnets_cifar10#2", r.arch(), "no text column: one architecture per row");
        assertEquals(486, data.runs().stream().map(h -> h.run().archId()).distinct().count());
    }

    @Test
    void missingEpochsAreKeptAndRecorded() throws Exception {
        Path csv = dir.resolve("gaps.csv");
        Files.writeString(csv, """
                lr,acc_1,acc_2,acc_3
                0.1,0.5,0.6,0.7
                0.2,0.4,,0.8
                0.3,0.3,0.35,
                """);
        SweepFolder sweep = importCsv(csv, dir.resolve("out"), "acc_");
        SweepData data = SweepData.read(sweep);
        RunRow full = data.runs().get(0).run();
        RunRow gap = data.runs().get(1).run();
        RunRow cut = data.runs().get(2).run();
        assertTrue(full.ok());
        assertEquals(3, full.epochsDone());
        assertTrue(gap.ok(), "a gap before the last epoch keeps the truth");
        assertEquals(2, gap.epochsDone());
        assertEquals(List.of(1, 3), data.runs().get(1).curves().stream().map(CurveRow::epoch).toList());
        assertEquals(0.8, gap.finalValAcc(), 0);
        assertEquals(RunsTable.STATUS_FAILED, cut.status(), "no value at the last epoch: no truth");
        assertNull(cut.finalValAcc());
        assertTrue(cut.error().contains("line 4"), cut.error());
        String notes = OptionsFile.read(sweep).path("stages").path(ImportCurvesStage.NAME).path("notes").toString();
        assertTrue(notes.contains("2 of 3 configurations lack some epochs"), notes);
        assertTrue(notes.contains("r0001 (line 3: epochs [2])"), notes);
    }

    @Test
    void brokenFilesNameFileLineAndColumn() throws Exception {
        Path missing = dir.resolve("nope.csv");
        ConfigException e = assertThrows(ConfigException.class, () -> importCsv(missing, dir.resolve("o1"), "acc_"));
        assertTrue(e.getMessage().contains("no CSV file at " + missing), e.getMessage());

        Path noPrefix = write("noprefix.csv", "lr,acc_1,acc_2\n0.1,0.5,0.6\n");
        e = assertThrows(ConfigException.class, () -> importCsv(noPrefix, dir.resolve("o2"), "val_"));
        assertTrue(e.getMessage().contains("noprefix.csv line 1: no column named val_<epoch>"), e.getMessage());
        assertTrue(e.getMessage().contains("suggest --curve-prefix acc_"), e.getMessage());

        Path text = write("text.csv", "lr,acc_1,acc_2\n0.1,0.5,0.6\n0.2,0.5,high\n");
        e = assertThrows(ConfigException.class, () -> importCsv(text, dir.resolve("o3"), "acc_"));
        assertTrue(e.getMessage().contains("text.csv line 3, column 'acc_2' (column 3): 'high' is not a number"),
                e.getMessage());

        Path ragged = write("ragged.csv", "lr,acc_1,acc_2\n0.1,0.5,0.6\n0.2,0.5\n");
        e = assertThrows(ConfigException.class, () -> importCsv(ragged, dir.resolve("o4"), "acc_"));
        assertTrue(e.getMessage().contains("ragged.csv line 3: 2 fields, but the header (line 1) has 3"), e.getMessage());

        Path badHparam = write("hp.csv", "lr,acc_1\n0.1,0.5\nfast,0.6\n");
        e = assertThrows(ConfigException.class, () -> importCsv(badHparam, dir.resolve("o5"), "acc_"));
        assertTrue(e.getMessage().contains("hp.csv line 3, column 'lr' (column 1): 'fast' is not a number"), e.getMessage());

        Path gapColumns = write("gapcols.csv", "acc_1,acc_3\n0.5,0.6\n");
        e = assertThrows(ConfigException.class, () -> importCsv(gapColumns, dir.resolve("o6"), "acc_"));
        assertTrue(e.getMessage().contains("lack acc_2"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("o3")), "nothing is written before the file is checked");
    }

    @Test
    void quotedFieldsMayHoldCommasQuotesAndLineBreaks() {
        String text = "net,acc_1,acc_2\r\n\"[C(1,2), \"\"x\"\"\nP(2)]\",0.1,0.2\r\n";
        CurveCsv.CurveFile f = CurveCsv.parse(text, "mem.csv", "acc_");
        assertEquals(1, f.rows().size());
        assertEquals("[C(1,2), \"x\"\nP(2)]", f.rows().get(0).text().get("net"));
        assertEquals(2, f.rows().get(0).line());
        assertArrayEquals(new double[]{0.1, 0.2}, f.rows().get(0).values());
    }

    @Test
    void importingAgainResumesAndOtherOptionsNeedOverwrite() throws Exception {
        Path csv = write("small.csv", "net,lr,acc_1,acc_2\nA,0.1,0.5,0.6\n");
        SweepFolder sweep = importCsv(csv, dir.resolve("out"), "acc_");
        assertEquals(Map.of("already_complete", true), Pipeline.run(Stages.IMPORT_CURVES, null, config(csv, "acc_"), sweep, false));
        SweepConfig other = ConfigLoader.load(null, Map.of("import-curves.csv", csv.toString(), "name", "small",
                "import-curves.arch_column", "net"));
        ConfigException e = assertThrows(ConfigException.class, () -> Pipeline.run(Stages.IMPORT_CURVES, null, other, sweep, false));
        assertTrue(e.getMessage().contains("import-curves.arch_column: null -> \"net\""), e.getMessage());
        Pipeline.run(Stages.IMPORT_CURVES, null, other, sweep, true);
        assertEquals("A", SweepData.read(sweep).runs().get(0).run().arch());
        SweepConfig numericArch = ConfigLoader.load(null, Map.of("import-curves.csv", csv.toString(), "name", "small",
                "import-curves.arch_column", "lr"));
        e = assertThrows(ConfigException.class, () -> Pipeline.run(Stages.IMPORT_CURVES, null, numericArch, sweep, true));
        assertTrue(e.getMessage().contains("has no text column of that name"), e.getMessage());
        assertEquals(1, SweepData.read(sweep).runs().size(), "a rejected import leaves the sweep as it was");
    }

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
