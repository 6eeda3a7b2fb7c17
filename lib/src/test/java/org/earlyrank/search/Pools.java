package org.earlyrank.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.CellArch;

/** Hand-made finished sweeps for the search tests: runs with known curves, epoch seconds and truths. */
final class Pools {
    static final double LR = 0.1;
    static final int STEPS_PER_EPOCH = 10;

    private Pools() {
    }

    /** A NAS-Bench-201 cell whose six edges all carry operation {@code op} except edge 0, which carries {@code first}. */
    static String cell(String first, String op) {
        return new CellArch(List.of(first, op, op, op, op, op)).canonical();
    }

    /**
     * One finished run: {@code valAcc[t-1]} and {@code seconds[t-1]} for epochs 1..T, a linear learning-rate
     * schedule over T epochs recorded as the trainer does (the rate of each epoch's last minibatch).
     */
    static RunHistory run(String id, String arch, double[] valAcc, double[] seconds, double testAcc) {
        return run(id, arch, valAcc, seconds, testAcc, valAcc.length, RunsTable.STATUS_OK);
    }

    static RunHistory run(String id, String arch, double[] valAcc, double[] seconds, double testAcc, int planned,
                          String status) {
        return run(id, arch, valAcc, seconds, testAcc, planned, status, planned);
    }

    /** As above, with the learning-rate schedule defined over {@code horizonEpochs} (the trainer uses planned). */
    static RunHistory run(String id, String arch, double[] valAcc, double[] seconds, double testAcc, int planned,
                          String status, int horizonEpochs) {
        List<CurveRow> curves = new ArrayList<>();
        int horizon = horizonEpochs * STEPS_PER_EPOCH;
        for (int t = 1; t <= valAcc.length; t++) {
            double lr = LR * (1 - (t * STEPS_PER_EPOCH - 1) / (double) horizon);
            curves.add(new CurveRow("s", id, t, 1.0 / t, null, null, valAcc[t - 1], null, t == valAcc.length ? testAcc : null,
                    lr, seconds[t - 1], null, null, null));
        }
        boolean ok = status.equals(RunsTable.STATUS_OK);
        RunRow r = new RunRow("s", id, "a-" + id, arch, CellArch.SPACE, RunsTable.SOURCE_TRAIN, 1L, planned,
                valAcc.length, 1000L, 1000L, status, null, ok ? valAcc[valAcc.length - 1] : null, ok ? testAcc : null,
                null, LR, 50, 5e-4, 4, 1, 14, 1.0, Map.of("learning_rate", LR, "epochs", (double) planned), "test", 0.9,
                "linear", 3, 1, 0.0);
        return new RunHistory(r, curves, null);
    }

    static SweepData sweep(List<RunHistory> runs) {
        return SweepData.of("s", runs, false);
    }

    static EstimateRow estimate(String runId, String estimator, int budget, double score, double cost) {
        return new EstimateRow("s", runId, estimator, budget, score, cost, "test");
    }

    /** {@code n} runs of {@code epochs} epochs; run i's validation accuracy rises with i, its epoch takes i+1 seconds. */
    static List<RunHistory> ladder(int n, int epochs) {
        List<RunHistory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double[] acc = new double[epochs];
            double[] sec = new double[epochs];
            for (int t = 0; t < epochs; t++) {
                acc[t] = 0.1 + 0.01 * i + 0.02 * t;
                sec[t] = i + 1;
            }
            String op = CellArch.OPS.get(1 + i % 4);
            out.add(run(String.format("r%03d", i), cell(op, CellArch.OPS.get(1 + (i / 4) % 4)), acc, sec, 0.5 + 0.01 * i));
        }
        return out;
    }
}
