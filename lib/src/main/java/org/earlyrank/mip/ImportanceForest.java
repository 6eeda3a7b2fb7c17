package org.earlyrank.mip;

import java.util.List;
import java.util.stream.LongStream;

import org.earlyrank.space.RunSampler;

import smile.data.DataFrame;
import smile.data.formula.Formula;
import smile.regression.RandomForest;

/**
 * Hyperparameter importance from a Smile random-forest regression of r_s on the settings in D: the decrease
 * in impurity (residual sum of squares, weighted by the trials reaching the node, Eq. 7) of the splits on
 * each parameter, summed over the trees, then divided by the whole forest's decrease (Eq. 8).
 *
 * <p>The forest is fitted on every parameter of Omega, pruned ones included: their values varied in the
 * trials of earlier iterations, and leaving them out would turn their effect into noise credited to the
 * free parameters. Their splits count in the denominator of Eq. 8, so a free parameter's importance is its
 * share of everything the forest explains, and the free parameters' shares sum to 1 only while none is
 * pruned. Forest settings: every parameter is a split candidate at every node (Eq. 6, "iterate through all
 * possible partitions"; Smile's regression default of p/3 candidates would credit parameters drawn alone
 * at a node with splits on chance imbalances), bootstrap samples of |D| ("drawn with a replacement
 * sampling from D"), trees grown until leaves hold one trial (depth at most 20): D is small (T trials per
 * iteration), and Smile refuses any split leaving a child below the node size, so a larger node size would
 * leave the first iterations without a single split. Each tree gets its own seed from the forest seed, so
 * a fit is reproducible (Smile seeds its per-thread generator from it).
 *
 * <p>References: Zheng et al., "Rethinking performance estimation in neural architecture search",
 * CVPR 2020, Section 4, Eq. 3-8; L. Breiman, "Random forests", Machine Learning 45, 2001.
 */
public final class ImportanceForest {
    static final int NODE_SIZE = 1;
    static final int MAX_DEPTH = 20;
    private static final String TARGET = "r_s";

    private ImportanceForest() {
    }

    /**
     * Raw mean decrease in impurity per parameter (same order as {@code parameters}); all zero when D is
     * too small or r_s is constant, so no tree splits.
     *
     * @param settings the settings of D
     * @param rs       their r_s
     */
    public static double[] meanDecreaseInImpurity(List<BudgetParameter> parameters, List<BudgetSetting> settings,
                                                  double[] rs, int trees, long seed) {
        if (settings.size() != rs.length) {
            throw new IllegalArgumentException(settings.size() + " settings but " + rs.length + " r_s values");
        }
        int p = parameters.size();
        if (settings.size() < 2) {
            return new double[p];
        }
        double[][] data = new double[settings.size()][p + 1];
        String[] names = new String[p + 1];
        for (int j = 0; j < p; j++) {
            names[j] = parameters.get(j).key();
        }
        names[p] = TARGET;
        for (int i = 0; i < settings.size(); i++) {
            for (int j = 0; j < p; j++) {
                data[i][j] = settings.get(i).get(parameters.get(j));
            }
            data[i][p] = rs[i];
        }
        int mtry = p;
        int maxNodes = Math.max(2, settings.size());
        long[] seeds = LongStream.range(0, trees).map(t -> RunSampler.mix(seed, t)).toArray();
        RandomForest forest = RandomForest.fit(Formula.lhs(TARGET), DataFrame.of(data, names), trees, mtry, MAX_DEPTH,
                maxNodes, NODE_SIZE, 1.0, LongStream.of(seeds));
        double[] raw = forest.importance();
        double[] out = new double[p];
        for (int j = 0; j < p; j++) {
            // Importance is indexed by predictor position; the formula keeps the frame's column order.
            out[j] = Math.max(0.0, raw[j] / trees);
        }
        return out;
    }

    /**
     * Eq. 8: each free parameter's raw importance over the sum of every parameter's, pruned ones included
     * (the whole forest's decrease in impurity); a fixed parameter gets NaN. When no tree split (r_s constant
     * over D, or D too small), nothing is explained and every free parameter gets 0.
     */
    public static double[] normalise(double[] raw, boolean[] free) {
        double sum = 0;
        for (double r : raw) {
            sum += r;
        }
        double[] out = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = !free[j] ? Double.NaN : sum > 0 ? raw[j] / sum : 0.0;
        }
        return out;
    }
}
