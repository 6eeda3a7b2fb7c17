package org.earlyrank.estimate.zc;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ScoreZcOptions;
import org.earlyrank.estimate.AbstractEstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.ListedScorer;
import org.earlyrank.estimate.RunView;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;

/**
 * The {@code zc} family, scored by {@code score-zc}: the zero-cost proxies of {@link ZeroCostProxies}, each a
 * budget-0 estimator computed on the run's initial network and its first training minibatches. The
 * network is not part of a {@link RunView}, so the stage computes the proxies ({@link ScoreZcStage}) and
 * this family's scorer reads them back from the run's {@code estimates} rows at budget 0 (the package
 * documentation of {@code org.earlyrank.estimate} describes this kind of family): a view at any budget
 * sees them, since they were known before the first update. Nothing is learned from other runs.
 */
public final class ZcFamily extends AbstractEstimatorFamily {
    public static final String NAME = "zc";
    public static final ZcFamily DEFAULT = new ZcFamily();

    public ZcFamily() {
        super(NAME, ScoreZcOptions.SECTION);
    }

    @Override
    public List<EstimatorInfo> estimators() {
        List<EstimatorInfo> out = new ArrayList<>();
        for (ZeroCostProxy p : ZeroCostProxy.values()) {
            out.add(new EstimatorInfo(p.estimatorName(), NAME, false, List.of(), doc(p)));
        }
        return out;
    }

    /** One sentence per proxy for docs/options.md (the equations are in {@link ZeroCostProxies}). */
    static String doc(ZeroCostProxy p) {
        return switch (p) {
            case GRAD_NORM -> "Budget 0: sum over weight layers of the L2 norm of the loss gradient on the first minibatches (Abdelfattah et al. 2021).";
            case SNIP -> "Budget 0: sum of |theta * dL/dtheta| over weights (SNIP, Lee et al. 2019; Abdelfattah et al. 2021).";
            case GRASP -> "Budget 0: -sum of theta * (H dL/dtheta), Hessian-gradient product by central differences (GraSP, Wang et al. 2020), negated as Abdelfattah et al.'s code does.";
            case FISHER -> "Budget 0: Fisher pruning saliency, sum over channels of mean_n (sum over positions of activation x dL/dactivation)^2 / 2, weighted by fan-in as Abdelfattah et al.'s code (Theis et al. 2018).";
            case SYNFLOW -> "Budget 0: sum of theta * dR/dtheta, R = sum of the outputs of |theta| on an all-ones input, batch norm off, double precision (Tanaka et al. 2020).";
            case JACOV -> "Budget 0: -sum(log(l + k) + 1/(l + k)) over eigenvalues l of the correlation of input Jacobians (Mellor et al. 2021, NASLib's jacov).";
            case PARAMS -> "Budget 0: the number of parameters (naive baseline; = runs.n_params).";
            case FLOPS -> "Budget 0: forward FLOPs per image (naive baseline; = runs.flops).";
        };
    }

    /** The proxies an options record asks for, in report order ({@code all}: every one). */
    public static List<ZeroCostProxy> resolve(List<String> asked) {
        if (asked.equals(List.of(ScoreZcOptions.ALL))) {
            return List.of(ZeroCostProxy.values());
        }
        return java.util.Arrays.stream(ZeroCostProxy.values()).filter(p -> asked.contains(p.estimatorName())).toList();
    }

    /** A scorer of the asked proxies that reads each run's stored budget-0 rows. */
    @Override
    public StoredProxies fit(FitInput in) {
        return new StoredProxies(in.estimators());
    }

    /**
     * Reads a proxy's value from the run's {@code estimates} rows at budget 0 (the view must carry them:
     * {@code SweepData.read(sweep, List.of(EstimatesTable.TABLE))}). Undefined when the run has no such row
     * (an imported run, a proxy not computed, or NaN).
     */
    public static final class StoredProxies extends ListedScorer {
        private static final long serialVersionUID = 1L;

        StoredProxies(List<String> names) {
            super(names);
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            if (!estimators().contains(estimator)) {
                throw new IllegalArgumentException("estimator '" + estimator + "' is not scored here; it scores "
                        + estimators());
            }
            for (Row r : run.rows(EstimatesTable.NAME)) {
                EstimateRow e = EstimateRow.fromRow(r);
                if (e.budgetEpoch() == 0 && e.estimator().equals(estimator) && Double.isFinite(e.score())) {
                    return OptionalDouble.of(e.score());
                }
            }
            return OptionalDouble.empty();
        }
    }
}
