package org.earlyrank.mip;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cost-aware categorical sampler of Eq. 2: each free parameter of Omega is drawn independently with
 * {@code p(v) = exp(-c(v) / T) / sum_u exp(-c(u) / T)}, where {@code c(v)} is the modelled cost of the
 * full setting with that parameter set to {@code v}, divided by the largest such cost over the
 * parameter's values (so {@code c} lies in (0, 1] whatever the cost unit, and the temperature {@code T}
 * means the same for every parameter). A parameter the cost model ignores (batch size, learning rate
 * under a FLOPs model) is drawn uniformly. Fixed parameters take their fixed value.
 *
 * <p>Immutable and thread-safe; randomness comes only from the {@link Random} passed in.
 *
 * <p>References: X. Zheng, R. Ji, L. Tang, Y. Wang, X. Chao, B. Zhang, "Rethinking performance
 * estimation in neural architecture search", CVPR 2020, Section 4, Eq. 2.
 */
public final class CostAwareSampler {
    private final BudgetSpace space;
    private final double temperature;
    private final Map<BudgetParameter, double[]> costs = new EnumMap<>(BudgetParameter.class);
    private final Map<BudgetParameter, double[]> probabilities = new EnumMap<>(BudgetParameter.class);

    public CostAwareSampler(BudgetSpace space, CostModel model, double temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.space = space;
        this.temperature = temperature;
        for (BudgetParameter p : space.parameters()) {
            List<Double> values = space.values(p);
            double[] c = new double[values.size()];
            double max = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] = model.cost(space.full().with(p, values.get(i)));
                if (!(c[i] > 0) || !Double.isFinite(c[i])) {
                    throw new IllegalArgumentException("cost model gave " + c[i] + " for " + p.key() + "="
                            + p.format(values.get(i)) + "; costs must be finite and > 0");
                }
                max = Math.max(max, c[i]);
            }
            double[] w = new double[c.length];
            double sum = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] /= max;
                w[i] = Math.exp(-c[i] / temperature);
                sum += w[i];
            }
            for (int i = 0; i < w.length; i++) {
                w[i] /= sum;
            }
            costs.put(p, c);
            probabilities.put(p, w);
        }
    }

    public BudgetSpace space() {
        return space;
    }

    public double temperature() {
        return temperature;
    }

    /** Normalised costs c(v) in (0, 1] of a parameter's values, in configured order (a copy). */
    public double[] normalisedCosts(BudgetParameter p) {
        return costs.get(p).clone();
    }

    /** The exact probabilities of Eq. 2 for a parameter's values, in configured order (a copy). */
    public double[] probabilities(BudgetParameter p) {
        return probabilities.get(p).clone();
    }

    /**
     * Draws one setting: fixed parameters keep their value, the others are drawn from Eq. 2.
     *
     * @param fixed values of the parameters already pruned
     */
    public BudgetSetting sample(Random rnd, Map<BudgetParameter, Double> fixed) {
        Map<BudgetParameter, Double> m = new EnumMap<>(BudgetParameter.class);
        for (BudgetParameter p : space.parameters()) {
            Double f = fixed.get(p);
            if (f != null) {
                m.put(p, f);
                continue;
            }
            double[] w = probabilities.get(p);
            double u = rnd.nextDouble();
            int k = 0;
            double acc = w[0];
            while (u >= acc && k < w.length - 1) {
                acc += w[++k];
            }
            m.put(p, space.values(p).get(k));
        }
        return new BudgetSetting(m);
    }
}
