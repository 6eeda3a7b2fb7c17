package org.earlyrank.estimate.combined;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.CellArch;
import org.earlyrank.space.MacroArch;

/**
 * The architecture and hyperparameter features of a run that the combined estimator reads besides the
 * other estimators' scores, all known before training (from the runs table, without its truth columns):
 * <ul>
 *   <li>{@code n_params}, {@code flops}: log10 of {@code runs.n_params} and {@code runs.flops} (log: both
 *       span orders of magnitude; the tree models do not care, nu-SVR does);</li>
 *   <li>{@code depth}: {@code runs.depth}, weighted layers on the longest path;</li>
 *   <li>{@code param_ops}: parameterised operations of the architecture: the effective convolution edges
 *       of an nb201 cell ({@link CellArch#effectiveOps()}), the conv layers of a macro network;</li>
 *   <li>{@code op_<name>}: for nb201, how many effective edges carry each operation ({@code none} counts
 *       the dead edges);</li>
 *   <li>{@code hp_<key>}: every numeric setting of {@code runs.hparams} (learning rate, batch size, ...).</li>
 * </ul>
 * A value the row lacks is NaN (imported curves have no architecture to parse); the model drops columns
 * that are missing or constant on its training runs.
 */
public final class ArchitectureFeatures {
    private ArchitectureFeatures() {
    }

    /** The features of one run, in a stable order (names as above). */
    public static Map<String, Double> of(RunRow r) {
        Map<String, Double> f = new LinkedHashMap<>();
        f.put("n_params", r.nParams() == null || r.nParams() <= 0 ? Double.NaN : Math.log10(r.nParams()));
        f.put("flops", r.flops() == null || r.flops() <= 0 ? Double.NaN : Math.log10(r.flops()));
        f.put("depth", r.depth() == null ? Double.NaN : r.depth());
        double paramOps = Double.NaN;
        try {
            if (CellArch.SPACE.equals(r.space())) {
                List<String> ops = CellArch.parse(r.arch()).effectiveOps();
                paramOps = ops.stream().filter(o -> o.equals(CellArch.CONV1) || o.equals(CellArch.CONV3)).count();
                for (String op : CellArch.OPS) {
                    f.put("op_" + op, (double) ops.stream().filter(op::equals).count());
                }
            } else if (MacroArch.SPACE.equals(r.space())) {
                paramOps = MacroArch.parse(r.arch()).convLayers();
            }
        } catch (IllegalArgumentException e) {
            // an architecture string of another space: no structural features
        }
        f.put("param_ops", paramOps);
        if (r.hparams() != null) {
            r.hparams().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    f.put("hp_" + e.getKey(), e.getValue() == null ? Double.NaN : e.getValue()));
        }
        return f;
    }
}
