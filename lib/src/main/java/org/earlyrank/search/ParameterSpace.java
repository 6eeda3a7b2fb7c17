package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.CellArch;

/**
 * The parameters BOHB's density model sees for each configuration of a pool, encoded as numbers:
 *
 * <ul>
 *   <li>NAS-Bench-201 cells (every run of the pool in space {@code nb201}): the six edge operations, each a
 *       categorical parameter with the space's five operations as levels (coded 0..4 in
 *       {@link CellArch#OPS} order);</li>
 *   <li>every numeric hyperparameter of {@code runs.hparams} that every run has and that takes at least two
 *       values in the pool, scaled to [0, 1] over the pool's range, on a log10 scale when all values are
 *       positive and span a factor of 10 or more (as BOHB works in ConfigSpace's unit hypercube, Falkner et
 *       al. 2018, Section 3.1). Settings that do not vary carry no information and are left out.</li>
 * </ul>
 * Other spaces (macro, imported curves) contribute their varying numeric hyperparameters only; a pool in
 * which nothing varies has no parameters, and BOHB then draws every configuration at random.
 *
 * <p>Immutable.
 *
 * @param parameters the parameters, in vector order
 * @param vectors    each configuration's encoding, by run id
 */
public record ParameterSpace(List<Parameter> parameters, Map<String, double[]> vectors) {
    /**
     * One parameter.
     *
     * @param name   e.g. {@code edge_0_to_1} or {@code learning_rate}
     * @param levels the number of categories of a categorical parameter; 0 for a numeric one (in [0, 1])
     */
    public record Parameter(String name, int levels) {
        public Parameter {
            if (levels == 1 || levels < 0) {
                throw new IllegalArgumentException("parameter " + name + ": a categorical parameter needs >= 2 levels,"
                        + " a numeric one 0, got " + levels);
            }
        }

        public boolean categorical() {
            return levels > 0;
        }
    }

    public ParameterSpace {
        parameters = List.copyOf(parameters);
        vectors = Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
    }

    public int size() {
        return parameters.size();
    }

    /** The encoding of a pool's runs. */
    public static ParameterSpace of(List<RunRow> pool) {
        List<Parameter> params = new ArrayList<>();
        Map<String, List<Double>> columns = new LinkedHashMap<>();
        boolean cells = !pool.isEmpty() && pool.stream().allMatch(ParameterSpace::isCell);
        if (cells) {
            for (int e = 0; e < 6; e++) {
                params.add(new Parameter("edge_" + CellArch.FROM[e] + "_to_" + CellArch.TO[e], CellArch.OPS.size()));
                List<Double> col = new ArrayList<>();
                for (RunRow r : pool) {
                    col.add((double) CellArch.OPS.indexOf(CellArch.parse(r.arch()).ops().get(e)));
                }
                columns.put(params.get(params.size() - 1).name(), col);
            }
        }
        TreeSet<String> keys = new TreeSet<>();
        pool.forEach(r -> {
            if (r.hparams() != null) {
                keys.addAll(r.hparams().keySet());
            }
        });
        for (String k : keys) {
            List<Double> col = numeric(pool, k);
            if (col != null) {
                params.add(new Parameter(k, 0));
                columns.put(k, col);
            }
        }
        Map<String, double[]> vectors = new LinkedHashMap<>();
        for (int i = 0; i < pool.size(); i++) {
            double[] v = new double[params.size()];
            int j = 0;
            for (List<Double> col : columns.values()) {
                v[j++] = col.get(i);
            }
            vectors.put(pool.get(i).runId(), v);
        }
        return new ParameterSpace(params, vectors);
    }

    private static boolean isCell(RunRow r) {
        if (!CellArch.SPACE.equals(r.space()) || r.arch() == null) {
            return false;
        }
        try {
            CellArch.parse(r.arch());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The scaled column of a numeric setting every run has and that varies, or null. */
    private static List<Double> numeric(List<RunRow> pool, String key) {
        double[] v = new double[pool.size()];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            Map<String, Double> h = pool.get(i).hparams();
            Double x = h == null ? null : h.get(key);
            if (x == null || !Double.isFinite(x)) {
                return null;
            }
            v[i] = x;
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (!(max > min)) {
            return null;
        }
        boolean log = min > 0 && max / min >= 10;
        double lo = log ? Math.log10(min) : min;
        double hi = log ? Math.log10(max) : max;
        List<Double> out = new ArrayList<>();
        for (double x : v) {
            out.add(((log ? Math.log10(x) : x) - lo) / (hi - lo));
        }
        return out;
    }
}
