package org.earlyrank.estimate.combined;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;

import org.earlyrank.estimate.svr.NuSvr;
import org.earlyrank.estimate.svr.Seeds;
import org.earlyrank.estimate.svr.SvrParams;

import smile.base.cart.Loss;
import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.GradientTreeBoost;
import smile.regression.RandomForest;

/**
 * The model families the combined estimator chooses among (by nested cross-validation, see
 * {@link CombinedEstimator}), each with one fixed setting sized for sweeps of tens to hundreds of runs.
 * Every fit is deterministic given its seed. Inputs are standardised, imputed rows; the target is the
 * standardised rank of the truth ({@link CombinedModel}).
 *
 * <ul>
 *   <li>{@code gradient-boosting}: Smile's least-squares gradient tree boosting (Friedman, "Greedy function
 *       approximation: a gradient boosting machine", Annals of Statistics 29, 2001): {@value #GBM_TREES}
 *       trees of at most {@value #GBM_LEAVES} leaves with at least {@value #NODE_SIZE} runs each, shrinkage
 *       {@value #GBM_SHRINKAGE}, no subsampling (so no randomness).</li>
 *   <li>{@code random-forest}: Smile's regression forest (Breiman, "Random forests", Machine Learning 45,
 *       2001): {@value #FOREST_TREES} trees on bootstrap samples, p/3 candidate columns per split, leaves of
 *       at least {@value #NODE_SIZE} runs; one seed per tree.</li>
 *   <li>{@code nu-svr}: LIBSVM nu-SVR with an RBF kernel ({@link NuSvr}), C = 1, nu = 0.5, gamma = 1/p, the
 *       LIBSVM defaults for standardised inputs.</li>
 * </ul>
 */
public enum CombinedModelKind {
    GRADIENT_BOOSTING("gradient-boosting"),
    RANDOM_FOREST("random-forest"),
    NU_SVR("nu-svr");

    static final int GBM_TREES = 200;
    static final int GBM_LEAVES = 4;
    static final double GBM_SHRINKAGE = 0.05;
    static final int FOREST_TREES = 300;
    static final int NODE_SIZE = 3;
    private static final long FOREST = 11;

    public static final List<String> NAMES = Arrays.stream(values()).map(CombinedModelKind::modelName).toList();

    private final String modelName;

    CombinedModelKind(String modelName) {
        this.modelName = modelName;
    }

    public String modelName() {
        return modelName;
    }

    /** @throws IllegalArgumentException naming the known models */
    public static CombinedModelKind of(String name) {
        for (CombinedModelKind k : values()) {
            if (k.modelName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown combined model '" + name + "'; known: " + NAMES);
    }

    /** A fitted regression on standardised rows. */
    interface Predictor extends Serializable {
        double predict(double[] row);

        default double[] predictAll(double[][] rows) {
            double[] out = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = predict(rows[i]);
            }
            return out;
        }
    }

    /** Smile's tree models predict from a data frame with the training schema, many rows at once. */
    private record SmilePredictor(smile.regression.DataFrameRegression model) implements Predictor {
        @Override
        public double predict(double[] row) {
            return model.predict(org.earlyrank.estimate.svr.SrmFitter.frame(new double[][]{row}, null).get(0));
        }

        @Override
        public double[] predictAll(double[][] rows) {
            return rows.length == 0 ? new double[0] : model.predict(org.earlyrank.estimate.svr.SrmFitter.frame(rows, null));
        }
    }

    /**
     * @param x standardised rows (n x p, p >= 1, finite)
     * @param y standardised targets
     */
    Predictor fit(double[][] x, double[] y, long seed) {
        int p = x[0].length;
        return switch (this) {
            case GRADIENT_BOOSTING -> {
                GradientTreeBoost m = GradientTreeBoost.fit(Formula.lhs("y"), org.earlyrank.estimate.svr.SrmFitter.frame(x, y), Loss.ls(), GBM_TREES, 20,
                        GBM_LEAVES, Math.min(NODE_SIZE, Math.max(1, x.length / 2)), GBM_SHRINKAGE, 1.0);
                yield new SmilePredictor(m);
            }
            case RANDOM_FOREST -> {
                long[] seeds = new long[FOREST_TREES];
                for (int i = 0; i < seeds.length; i++) {
                    // Smile reseeds a tree's generator only for seeds > 1
                    seeds[i] = 2 + Math.floorMod(Seeds.derive(seed, FOREST, i), Long.MAX_VALUE - 2);
                }
                RandomForest m = RandomForest.fit(Formula.lhs("y"), org.earlyrank.estimate.svr.SrmFitter.frame(x, y), FOREST_TREES, Math.max(1, p / 3), 20,
                        Math.max(2, x.length), Math.min(NODE_SIZE, Math.max(1, x.length / 2)), 1.0, LongStream.of(seeds));
                yield new SmilePredictor(m);
            }
            case NU_SVR -> {
                NuSvr m = NuSvr.fit(x, y, new SvrParams(SvrParams.Kernel.RBF, 1.0, 0.5, 1.0 / p));
                yield m::predict;
            }
        };
    }
}
