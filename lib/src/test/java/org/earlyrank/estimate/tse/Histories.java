package org.earlyrank.estimate.tse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;

/** Hand-made run histories for the estimator tests. */
final class Histories {
    private Histories() {
    }

    static RunRow run(String id, String source, String status, int planned, int done) {
        return run(id, source, status, planned, done, null, null, null);
    }

    /** A runs row with a truth: final accuracies and training time (what no estimator may read). */
    static RunRow run(String id, String source, String status, int planned, int done, Double finalVal, Double finalTest,
                      Double seconds) {
        return new RunRow("s", id, "a-" + id, "arch-" + id, "test", source, 1L, planned, done, null, null, status,
                null, finalVal, finalTest, seconds, 0.1, 50, 5e-4, 4, 1, 14, 1.0, Map.of(), "test", 0.9, "linear", null, 1,
                null);
    }

    static CurveRow curve(String id, int epoch, Double trainLoss, Double valLoss, Double valAcc) {
        return new CurveRow("s", id, epoch, trainLoss, null, valLoss, valAcc, null, null, null, null, null, null, null);
    }

    /** A builder: one call per epoch, in order. */
    static final class Builder {
        final String id;
        String status = RunsTable.STATUS_OK;
        String source = RunsTable.SOURCE_TRAIN;
        Integer planned;
        Double finalVal;
        Double finalTest;
        Double seconds;
        final List<CurveRow> curves = new ArrayList<>();
        final Map<Integer, double[]> steps = new LinkedHashMap<>();

        Builder(String id) {
            this.id = id;
        }

        /** An epoch with minibatch losses (train_loss = their mean), a validation loss and accuracy. */
        Builder epoch(double valLoss, double valAcc, double... losses) {
            int e = curves.size() + 1;
            double mean = 0;
            for (double l : losses) {
                mean += l / losses.length;
            }
            curves.add(curve(id, e, losses.length == 0 ? null : mean, valLoss, valAcc));
            if (losses.length > 0) {
                steps.put(e, losses.clone());
            }
            return this;
        }

        /** Minibatch losses of an epoch that has no curves row (a diverging epoch). */
        Builder stepsOnly(double... losses) {
            steps.put(curves.size() + 1, losses.clone());
            return this;
        }

        Builder status(String s) {
            status = s;
            return this;
        }

        Builder planned(int p) {
            planned = p;
            return this;
        }

        /** The run's truth and training time, in its runs row. */
        Builder truth(double val, double test, double trainSeconds) {
            finalVal = val;
            finalTest = test;
            seconds = trainSeconds;
            return this;
        }

        Builder imported() {
            source = RunsTable.SOURCE_IMPORT;
            return this;
        }

        RunHistory build() {
            int done = curves.size();
            RunRow r = run(id, source, status, planned == null ? done : planned, done, finalVal, finalTest, seconds);
            return new RunHistory(r, curves, source.equals(RunsTable.SOURCE_IMPORT) ? null : steps);
        }
    }

    static Builder of(String id) {
        return new Builder(id);
    }

    /** Epoch means 3, 2, 1 (two minibatches each), validation losses 1.0, 0.8, 0.9. */
    static RunHistory threeTwoOne() {
        return of("r1").epoch(1.0, 0.5, 4, 2).epoch(0.8, 0.6, 2.3, 1.7).epoch(0.9, 0.7, 1.5, 0.5).build();
    }
}
