package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.data.ImageSet;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.FeaturesTable.FeatureRow;
import org.earlyrank.schema.HeadsTable.HeadRow;
import org.earlyrank.schema.RunsTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTrainerTest {
    static final String CONV = "|conv_3x3~0|+|skip_connect~0|conv_3x3~1|+|conv_1x1~0|none~1|conv_3x3~2|";
    static final String ALL_NONE = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|";

    @TempDir
    Path dir;

    // Trainings several tests read, each trained once per class (real DL4J training is this class's cost).
    private static DatasetSplits fashion600;
    private static DatasetSplits fashion300;
    private static RunRecord conv600;
    private static RunRecord conv300;

    /** 600 training images, 200 validation, 200 curve-test images and the whole test file. */
    private static synchronized DatasetSplits fashion600() {
        if (fashion600 == null) {
            fashion600 = TrainTestData.fashion(600);
        }
        return fashion600;
    }

    private static synchronized DatasetSplits fashion300() {
        if (fashion300 == null) {
            fashion300 = TrainTestData.fashion(300);
        }
        return fashion300;
    }

    /** The conv cell, 3 epochs at learning rate 0.1 on 600 images, without a checkpoint. */
    private static synchronized RunRecord conv600() {
        if (conv600 == null) {
            conv600 = new RunTrainer("t", TrainTestData.cell("c", CONV, 3, 0.1), fashion600(), TrainTestData.options(3)).train(null, 1);
        }
        return conv600;
    }

    /** The conv cell, 3 epochs on 300 images, trained straight through: what resumed runs are compared with. */
    private static synchronized RunRecord conv300() {
        if (conv300 == null) {
            conv300 = new RunTrainer("t", TrainTestData.cell("r", CONV, 3, 0.1), fashion300(), TrainTestData.options(3)).train(null, 1);
        }
        return conv300;
    }

    @Test
    void aConvCellLearnsAndAnAllNoneCellDoesNot() {
        RunRecord conv = conv600();
        RunRecord none = new RunTrainer("t", TrainTestData.cell("n", ALL_NONE, 3, 0.1), fashion600(), TrainTestData.options(3)).train(null, 1);
        assertEquals(RunsTable.STATUS_OK, conv.run.status());
        assertTrue(conv.run.finalTestAcc() > 0.5, "conv cell reached " + conv.run.finalTestAcc());
        assertTrue(none.run.finalTestAcc() < 0.25, "all-none cell reached " + none.run.finalTestAcc());
        assertTrue(conv.curves.get(2).trainLoss() < conv.curves.get(0).trainLoss(), "training loss falls");
    }

    @Test
    void recordsEveryStepEpochFeatureAndHead() {
        RunRecord r = conv600();
        assertEquals(3, r.run.epochsDone());
        assertEquals(3, r.curves.size());
        assertEquals(3 * 12, r.steps.size(), "600 images / batch 50 = 12 minibatches per epoch");
        assertEquals(3, r.heads.size());
        long train = r.features.stream().filter(f -> f.split().equals(FeaturesTable.SPLIT_TRAIN)).count();
        long val = r.features.stream().filter(f -> f.split().equals(FeaturesTable.SPLIT_VAL)).count();
        assertEquals(3 * 600, train, "the whole training set every epoch");
        assertEquals(3 * 200, val);
        HeadRow h = r.heads.get(1);
        assertEquals(32, h.dim(), "4C channels with C = 8");
        assertEquals(10 * 32, h.weights().length);
        for (FeatureRow f : r.features) {
            assertEquals(h.dim(), f.features().length);
        }
        // The stored head applied to the stored validation features reproduces the recorded accuracy.
        for (HeadRow head : r.heads) {
            int correct = 0;
            int n = 0;
            for (FeatureRow f : r.features) {
                if (f.epoch() == head.epoch() && f.split().equals(FeaturesTable.SPLIT_VAL)) {
                    n++;
                    if (argmax(head, f.features()) == f.label()) {
                        correct++;
                    }
                }
            }
            CurveRow c = r.curves.get(head.epoch() - 1);
            assertEquals(c.valAcc(), correct / (double) n, 1.0 / n + 1e-9);
        }
        assertTrue(r.run.nParams() > 1000);
        assertTrue(r.run.flops() > r.run.nParams());
        assertNotNull(r.run.captureSeconds());
    }

    static int argmax(HeadRow h, float[] f) {
        int best = 0;
        double bestZ = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < h.numClasses(); k++) {
            double z = h.bias()[k];
            for (int j = 0; j < h.dim(); j++) {
                z += h.weights()[k * h.dim() + j] * f[j];
            }
            if (z > bestZ) {
                bestZ = z;
                best = k;
            }
        }
        return best;
    }

    @Test
    void aDivergingRunIsRecordedAsDiverged() {
        RunRecord r = new RunTrainer("t", TrainTestData.cell("d", CONV, 3, 1e4), fashion600(), TrainTestData.options(3)).train(null, 1);
        assertEquals(RunsTable.STATUS_DIVERGED, r.run.status());
        assertNull(r.run.finalTestAcc());
        assertNull(r.run.finalValAcc());
        assertEquals(r.curves.size(), r.run.epochsDone());
        assertNotNull(r.run.error());
        double last = r.steps.get(r.steps.size() - 1).loss();
        assertTrue(!Double.isFinite(last) || last > 1e4, "the diverging minibatch's loss is kept: " + last);
    }

    @Test
    void theFinalTestAccuracyIsMeasuredOnceOnTheWholeTestFile() {
        DatasetSplits data = fashion600();
        assertEquals(10_000, data.finalTest().count(), "by default every Fashion-MNIST test image");
        var spec = TrainTestData.cell("c", CONV, 3, 0.1);
        RunRecord r = conv600();
        assertEquals(10_000, r.run.testImages());
        assertEquals(200, r.run.valImages());
        assertEquals(r.curves.get(2).valAcc(), r.run.finalValAcc(), "final validation accuracy is the last curve row's");
        // The same run against a final test set whose labels are all wrong: only runs.final_test_acc sees it.
        ImageSet f = data.finalTest();
        int[] wrong = new int[f.count()];
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (f.labels()[i] + 1) % f.numClasses();
        }
        DatasetSplits relabelled = new DatasetSplits(data.name(), data.train(), data.val(), data.test(),
                new ImageSet(f.pixels(), wrong, f.channels(), f.height(), f.width(), f.numClasses()), data.checksums(),
                data.trainIndices());
        RunRecord s = new RunTrainer("t", spec, relabelled, TrainTestData.options(3)).train(null, 1);
        assertEquals(r.curves.get(2).testAcc(), s.curves.get(2).testAcc(), 0.05, "the curve's subset is unchanged");
        // the curve's 200 images are the first of the whole file: the two accuracies agree within their noise
        assertEquals(r.curves.get(2).testAcc(), r.run.finalTestAcc(), 0.1, "whole test file");
        assertTrue(r.run.finalTestAcc() > 0.5, "whole test file: " + r.run.finalTestAcc());
        assertTrue(s.run.finalTestAcc() < 0.3, "measured on the final set, not the curve's: " + s.run.finalTestAcc());
    }

    @Test
    void aLossThatExplodesWithFiniteValuesIsRecordedDiverged() {
        // At learning rate 30 the logits grow to ~1e5 within an epoch while staying finite. DL4J's MCXENT clips
        // probabilities at 1e-10, so a loss computed that way stays near 20 and the run would end "ok".
        RunRecord r = new RunTrainer("t", TrainTestData.cell("x", CONV, 3, 30), fashion600(), TrainTestData.options(3)).train(null, 1);
        assertEquals(RunsTable.STATUS_DIVERGED, r.run.status(), "steps: " + r.steps.stream().map(s -> s.loss()).toList());
        double last = r.steps.get(r.steps.size() - 1).loss();
        assertTrue(Double.isFinite(last) && last > 1e4, "the diverging minibatch's finite loss is kept: " + last);
        assertTrue(r.run.error().contains("above train.divergence_loss"), r.run.error());
        assertEquals(r.curves.size(), r.run.epochsDone());
        assertNull(r.run.finalValAcc());
        assertNull(r.run.finalTestAcc());
        assertEquals(Math.log(10), r.steps.get(0).loss(), 0.5, "the first minibatch's cross-entropy is near ln 10");
    }

    /**
     * A run resumed from a checkpoint that had already used more than train.max_run_seconds is failed at its
     * next minibatch: the limit counts the time of every attempt. The spent time is written into the
     * checkpoint, so nothing depends on how fast this machine trains.
     */
    @Test
    void aRunOverItsTimeLimitIsRecordedAsFailed() throws Exception {
        DatasetSplits data = fashion300();
        var spec = TrainTestData.cell("f", CONV, 3, 0.1);
        var o = TrainTestData.options(3);
        var limited = new org.earlyrank.config.TrainOptions(o.epochs(), o.batchSize(), o.learningRate(), o.momentum(),
                o.weightDecay(), o.schedule(), o.trainFraction(), 60, o.trainFeatures(), o.valFeatures(),
                o.checkpointEvery(), o.evalBatchSize(), o.onednn(), o.divergenceLoss());
        Path dirOf = dir.resolve("ckpt");
        RunCheckpoint ckpt = new RunCheckpoint(new org.apache.hadoop.fs.Path(dirOf.toString()), new Configuration());
        System.setProperty(FaultInjection.PROPERTY, "f@2");
        try {
            assertThrows(IllegalStateException.class, () -> new RunTrainer("t", spec, data, limited).train(ckpt, 1));
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        // the first attempt checkpointed epoch 1; say it had taken 10,000 s
        Path state = dirOf.resolve("state.json");
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(state.toFile());
        assertEquals(1, node.get("epoch").asInt());
        node.put("train_seconds", 10_000.0);
        java.nio.file.Files.write(state, json.writeValueAsBytes(node));
        java.nio.file.Files.deleteIfExists(dirOf.resolve(".state.json.crc"));

        RunRecord r = new RunTrainer("t", spec, data, limited).train(ckpt, 2);
        assertEquals(RunsTable.STATUS_FAILED, r.run.status());
        assertTrue(r.run.error().contains("max_run_seconds (60 s) at epoch 2"), r.run.error());
        assertEquals(1, r.run.epochsDone(), "the checkpointed epoch is kept");
        assertNull(r.run.finalValAcc());
    }

    @Test
    void aResumedRunEqualsAnUninterruptedOne() {
        DatasetSplits data = fashion300();
        var spec = TrainTestData.cell("r", CONV, 3, 0.1);
        RunRecord whole = conv300();
        RunCheckpoint ckpt = new RunCheckpoint(new org.apache.hadoop.fs.Path(dir.resolve("ckpt").toString()), new Configuration());
        System.setProperty(FaultInjection.PROPERTY, "r@2");
        try {
            assertThrows(IllegalStateException.class,
                    () -> new RunTrainer("t", spec, data, TrainTestData.options(3)).train(ckpt, 1));
        } finally {
            System.clearProperty(FaultInjection.PROPERTY);
        }
        RunRecord resumed = new RunTrainer("t", spec, data, TrainTestData.options(3)).train(ckpt, 2);
        assertEquals(whole.steps.size(), resumed.steps.size());
        assertEquals(whole.features.size(), resumed.features.size());
        for (int i = 0; i < whole.curves.size(); i++) {
            assertEquals(whole.curves.get(i).valAcc(), resumed.curves.get(i).valAcc(), 0.02, "epoch " + (i + 1));
            assertEquals(whole.curves.get(i).trainLoss(), resumed.curves.get(i).trainLoss(), 0.05, "epoch " + (i + 1));
        }
        assertEquals(2, resumed.run.attempts());
    }

    /**
     * A search's rung: a run stopped at epoch b of R keeps the R-epoch schedule, so its rows are the prefix of the
     * full run's, and resumed from its checkpoint to b' it records what a run trained straight to b' records.
     * Exact equality is not asked of the resumed run: the restored updater state may differ in its last bits.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void aRunStoppedAtARungIsThePrefixOfTheFullRunAndResumesToALaterRung() {
        DatasetSplits data = fashion300();
        var spec = TrainTestData.cell("r", CONV, 3, 0.1);
        var opts = TrainTestData.options(3);
        RunRecord full = conv300();
        RunCheckpoint straight = new RunCheckpoint(new org.apache.hadoop.fs.Path(dir.resolve("straight").toString()),
                new Configuration());
        RunRecord toTwo = new RunTrainer("t", spec, data, opts).train(straight, 1, 2);
        RunCheckpoint rung = new RunCheckpoint(new org.apache.hadoop.fs.Path(dir.resolve("rung").toString()),
                new Configuration());
        RunRecord toOne = new RunTrainer("t", spec, data, opts).train(rung, 1, 1);
        RunRecord resumed = new RunTrainer("t", spec, data, opts).train(rung, 1, 2);

        assertEquals(RunsTable.STATUS_OK, toOne.run.status());
        assertEquals(1, toOne.run.epochsDone());
        assertEquals(3, toOne.run.epochsPlanned(), "planned for R: the schedule's horizon");
        assertNull(toOne.run.finalTestAcc(), "no truth before the planned epochs");
        assertEquals(toOne.curves.get(0).valAcc(), toOne.run.finalValAcc());
        assertEquals(2, resumed.run.epochsDone());
        assertEquals(2, resumed.curves.size());
        assertEquals(full.steps.size() * 2 / 3, resumed.steps.size(), "each minibatch once");
        assertEquals(toTwo.features.size(), resumed.features.size());
        assertEquals(2, resumed.heads.size());
        for (int t = 0; t < 2; t++) {
            // trained straight to 2 of 3: the same computation as the full run's first 2 epochs
            assertEquals(full.curves.get(t).trainLoss(), toTwo.curves.get(t).trainLoss(), 1e-9, "epoch " + (t + 1));
            assertEquals(full.curves.get(t).valAcc(), toTwo.curves.get(t).valAcc(), 1e-12, "epoch " + (t + 1));
            assertEquals(full.curves.get(t).learningRate(), toTwo.curves.get(t).learningRate(), 1e-15,
                    "the schedule's horizon is R = 3 epochs, not the stop epoch");
            // resumed at the rung: last-bit noise of the restored state at most
            assertEquals(toTwo.curves.get(t).trainLoss(), resumed.curves.get(t).trainLoss(), 1e-4, "epoch " + (t + 1));
            assertEquals(toTwo.curves.get(t).valLoss(), resumed.curves.get(t).valLoss(), 1e-4, "epoch " + (t + 1));
            assertEquals(toTwo.curves.get(t).valAcc(), resumed.curves.get(t).valAcc(), 0.011, "epoch " + (t + 1));
            assertEquals(toTwo.curves.get(t).learningRate(), resumed.curves.get(t).learningRate(), 1e-15);
        }
        for (int i = 0; i < resumed.steps.size(); i++) {
            assertEquals(toTwo.steps.get(i).loss(), resumed.steps.get(i).loss(), 1e-4, "step " + i);
        }
        assertTrue(full.curves.get(2).learningRate() < resumed.curves.get(1).learningRate());
        assertThrows(IllegalStateException.class, () -> new RunTrainer("t", spec, data, opts).train(rung, 1, 1),
                "a run is never trained back to an earlier rung");
        assertThrows(IllegalArgumentException.class, () -> new RunTrainer("t", spec, data, opts).train(null, 1, 2),
                "stopping early needs a checkpoint to resume from");
    }
}
