package org.earlyrank.estimate.combined;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable.RunRow;

/**
 * The combined estimator's inputs at every budget: one row per run, with the other estimators' scores
 * and the run's {@link ArchitectureFeatures}. Built from the runs table (never its truth columns) and the
 * estimates table.
 *
 * <p>At budget t the estimator columns are every estimator that scored some run at t ({@code name@t}),
 * plus, for t > 0, every estimator scored at budget 0 ({@code name@0}: the zero-cost proxies, known before
 * the first update, so available at every later budget too). The estimator {@value #NAME} itself and the
 * excluded names are never inputs. A run an estimator did not score has NaN there. A run's input cost at
 * t is the sum of {@code cost_seconds} of the estimates it has in the row.
 */
public final class CombinedInputs {
    /** The combined estimator's name in {@code estimates.estimator}. */
    public static final String NAME = "combined";

    /**
     * One budget's inputs.
     *
     * @param budget          the budget t
     * @param runIds          the rows' runs, sorted by run id
     * @param columns         column names: {@code estimator@budget}, then the architecture features
     * @param estimatorColumn which columns are estimator scores (missing means worst) and which architecture
     *                        features (missing means unknown)
     * @param x               runs x columns, NaN where missing
     * @param inputCost       per run, the summed cost of the estimates in its row
     */
    public record Design(int budget, List<String> runIds, List<String> columns, boolean[] estimatorColumn, double[][] x,
                         double[] inputCost) {
        /** Row of a run, or -1. */
        public int row(String runId) {
            return runIds.indexOf(runId);
        }
    }

    private CombinedInputs() {
    }

    /**
     * @param runs      every run of the sweep
     * @param estimates the estimates table (rows of unknown runs are ignored)
     * @param exclude   estimator names that must not be inputs
     * @return one design per budget that has estimates, budgets ascending
     */
    public static List<Design> build(List<RunRow> runs, List<EstimateRow> estimates, Collection<String> exclude) {
        List<RunRow> sorted = new ArrayList<>(runs);
        sorted.sort((a, b) -> a.runId().compareTo(b.runId()));
        List<String> ids = sorted.stream().map(RunRow::runId).toList();
        Set<String> known = new java.util.HashSet<>(ids);
        // budget -> estimator -> run -> row
        TreeMap<Integer, TreeMap<String, Map<String, EstimateRow>>> byBudget = new TreeMap<>();
        for (EstimateRow e : estimates) {
            if (e.estimator().equals(NAME) || exclude.contains(e.estimator()) || !known.contains(e.runId())
                    || !Double.isFinite(e.score())) {
                continue;
            }
            byBudget.computeIfAbsent(e.budgetEpoch(), k -> new TreeMap<>())
                    .computeIfAbsent(e.estimator(), k -> new HashMap<>()).put(e.runId(), e);
        }
        List<Map<String, Double>> arch = sorted.stream().map(ArchitectureFeatures::of).toList();
        Set<String> archNames = new LinkedHashSet<>();
        arch.forEach(m -> archNames.addAll(m.keySet()));

        List<Design> out = new ArrayList<>();
        for (int t : byBudget.keySet()) {
            List<Map<String, EstimateRow>> inputs = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            Set<String> atT = new TreeSet<>(byBudget.get(t).keySet());
            for (String e : atT) {
                columns.add(e + "@" + t);
                inputs.add(byBudget.get(t).get(e));
            }
            if (t > 0 && byBudget.containsKey(0)) {
                for (Map.Entry<String, Map<String, EstimateRow>> e : byBudget.get(0).entrySet()) {
                    columns.add(e.getKey() + "@0");
                    inputs.add(e.getValue());
                }
            }
            int nEst = columns.size();
            columns.addAll(archNames);
            boolean[] isEst = new boolean[columns.size()];
            for (int j = 0; j < nEst; j++) {
                isEst[j] = true;
            }
            double[][] x = new double[ids.size()][columns.size()];
            double[] cost = new double[ids.size()];
            for (int i = 0; i < ids.size(); i++) {
                for (int j = 0; j < nEst; j++) {
                    EstimateRow e = inputs.get(j).get(ids.get(i));
                    x[i][j] = e == null ? Double.NaN : e.score();
                    cost[i] += e == null ? 0 : e.costSeconds();
                }
                int j = nEst;
                for (String a : archNames) {
                    Double v = arch.get(i).get(a);
                    x[i][j++] = v == null ? Double.NaN : v;
                }
            }
            out.add(new Design(t, ids, List.copyOf(columns), isEst, x, cost));
        }
        return out;
    }
}
