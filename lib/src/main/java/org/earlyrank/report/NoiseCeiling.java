package org.earlyrank.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.config.ReportOptions;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The noise ceiling of a sweep: how well two independent measurements of how good a run is agree with
 * each other. No estimator can be expected to rank the runs against the truth better than another
 * measurement of the truth does, so every estimator's tau is read against it.
 *
 * <ul>
 *   <li>{@value RankCorrelationTable#CEILING}: final validation accuracy (measured as the truth is:
 *       {@code report.truth_last_k}) ranked against the truth, the test accuracy, at the full budget.
 *       Only when the truth is the test accuracy (a validation truth against itself would be 1).
 *       Its mean absolute error is that of validation accuracy as a prediction of test accuracy; its compute
 *       the training seconds of the full budget.</li>
 *   <li>{@value RankCorrelationTable#CEILING_SEEDS}: when architectures were trained with several seeds
 *       ({@code space.seeds}, runs sharing {@code arch_id}), one seed's truth against another's: per
 *       architecture with two or more ok runs with a truth, its first run (by run id: r007 before r007-s1)
 *       against its second. n counts architectures.</li>
 * </ul>
 * Both rows have budget_epoch = the full budget and stage {@code report}; their bootstrap is the same as an
 * estimator's ({@link RankCorrelations#evaluated}).
 */
public final class NoiseCeiling {
    public static final String STAGE = "report";

    private NoiseCeiling() {
    }

    /**
     * @param validation each ok run's final validation accuracy, by run id ({@link Truth#measure})
     * @param seconds    training seconds by epoch, for the ceiling's compute
     * @return the ceiling rows that apply (none, one or two)
     */
    public static List<RankCorrelationRow> rows(String sweepId, Truth truth, Map<String, Double> validation,
                                                List<RunRow> runs, TrainingSeconds seconds, int fullBudget,
                                                ReportOptions opts) {
        List<RankCorrelationRow> out = new ArrayList<>();
        if (fullBudget <= 0 || truth.values().isEmpty()) {
            return out;
        }
        if (Truth.TEST.equals(truth.column())) {
            RankCorrelationRow r = validationAgainstTest(sweepId, truth, validation, seconds, fullBudget, opts);
            if (r != null) {
                out.add(r);
            }
        }
        RankCorrelationRow seeds = seedAgainstSeed(sweepId, truth, runs, fullBudget, opts);
        if (seeds != null) {
            out.add(seeds);
        }
        return out;
    }

    private static RankCorrelationRow validationAgainstTest(String sweepId, Truth truth, Map<String, Double> validation,
                                                            TrainingSeconds seconds, int fullBudget, ReportOptions opts) {
        int m = truth.values().size();
        double[] s = new double[m];
        double[] t = new double[m];
        int n = 0;
        double absError = 0;
        double compute = 0;
        int timed = 0;
        for (Map.Entry<String, Double> e : truth.values().entrySet()) {
            Double v = validation.get(e.getKey());
            if (v != null && Double.isFinite(v)) {
                s[n] = v;
                t[n++] = e.getValue();
                absError += Math.abs(v - e.getValue());
                Double trained = seconds.upTo(e.getKey(), fullBudget);
                if (trained != null) {
                    compute += trained;
                    timed++;
                }
            }
        }
        if (n == 0) {
            return null;
        }
        return RankCorrelations.evaluated(sweepId, RankCorrelationTable.CEILING, fullBudget,
                java.util.Arrays.copyOf(s, n), java.util.Arrays.copyOf(t, n), truth, fullBudget, opts, m - n, null,
                STAGE, absError / n, timed == 0 ? null : compute / timed);
    }

    private static RankCorrelationRow seedAgainstSeed(String sweepId, Truth truth, List<RunRow> runs, int fullBudget,
                                                      ReportOptions opts) {
        Map<String, TreeMap<String, Double>> byArch = new TreeMap<>();
        for (RunRow r : runs) {
            Double v = truth.values().get(r.runId());
            if (v != null && r.archId() != null) {
                byArch.computeIfAbsent(r.archId(), k -> new TreeMap<>()).put(r.runId(), v);
            }
        }
        List<double[]> pairs = new ArrayList<>();
        int single = 0;
        for (TreeMap<String, Double> seeds : byArch.values()) {
            if (seeds.size() >= 2) {
                var it = seeds.values().iterator();
                pairs.add(new double[]{it.next(), it.next()});
            } else {
                single++;
            }
        }
        if (pairs.isEmpty()) {
            return null;
        }
        double[] a = new double[pairs.size()];
        double[] b = new double[pairs.size()];
        double absError = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = pairs.get(i)[0];
            b[i] = pairs.get(i)[1];
            absError += Math.abs(a[i] - b[i]);
        }
        return RankCorrelations.evaluated(sweepId, RankCorrelationTable.CEILING_SEEDS, fullBudget, b, a, truth,
                fullBudget, opts, single, null, STAGE, absError / a.length, null);
    }
}
