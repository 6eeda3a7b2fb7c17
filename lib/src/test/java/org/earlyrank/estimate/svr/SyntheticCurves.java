package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * A family of learning curves with a known final value: y_t = A (1 - exp(-k t)), with the rate k given to the
 * model as the hyperparameter "lr" and the plateau A unknown. From the first tau epochs and k, y_T is a smooth
 * function (A = y_tau / (1 - exp(-k tau))), so a good regression recovers it nearly exactly.
 */
final class SyntheticCurves {
    private SyntheticCurves() {
    }

    /** Histories of n runs with T epochs (truth = final_val_acc = y_T), seeded. */
    static List<RunHistory> runs(int n, int epochs, long seed) {
        Random rnd = new Random(seed);
        List<RunHistory> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double a = 0.5 + 0.45 * rnd.nextDouble();
            double k = 0.15 + 0.2 * rnd.nextDouble();
            double[] y = new double[epochs + 1];
            for (int t = 1; t <= epochs; t++) {
                y[t] = a * (1 - Math.exp(-k * t));
            }
            out.add(history(String.format("r%04d", i), y, epochs, Map.of("lr", k)));
        }
        return out;
    }

    /** One ok run whose truth is y[T]; y[e] NaN means a missing epoch (no curves row). */
    static RunHistory history(String runId, double[] y, int epochs, Map<String, Double> hparams) {
        return history(runId, y, epochs, hparams, null);
    }

    /** As {@link #history(String, double[], int, Map)}, with a final test accuracy as a trained sweep has. */
    static RunHistory history(String runId, double[] y, int epochs, Map<String, Double> hparams, Double test) {
        List<CurveRow> curves = new ArrayList<>();
        int done = 0;
        for (int t = 1; t <= epochs; t++) {
            if (!Double.isNaN(y[t])) {
                curves.add(new CurveRow("syn", runId, t, null, null, null, y[t], null, null, null, null, null, null, null));
                done++;
            }
        }
        Double fin = Double.isNaN(y[epochs]) ? null : y[epochs];
        RunRow run = new RunRow("syn", runId, runId, "syn#" + runId, "syn", RunsTable.SOURCE_IMPORT, null, epochs, done,
                null, null, fin == null ? RunsTable.STATUS_FAILED : RunsTable.STATUS_OK, null, fin, test, null, null,
                null, null, null, null, null, null, hparams, null, null, null, null, null, null);
        return new RunHistory(run, curves, null);
    }

    static SweepData sweep(List<RunHistory> runs) {
        return SweepData.of("syn", runs, false);
    }

    static SrmFitter fitter(int draws, java.util.concurrent.ExecutorService pool) {
        return new SrmFitter(new SrmFitter.Settings(new SearchSpace(1e-5, 10, 0, 1, 1e-5, 10, draws), 3, 50, true,
                SigmaEstimate.LOO_RMS), pool);
    }
}
