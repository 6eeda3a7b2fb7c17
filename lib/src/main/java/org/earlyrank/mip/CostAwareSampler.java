package org.earlyrank.mip;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The cost-aware categorical sampler of Eq. 2: each free parameter of Omega is drawn independently with
 * {@code p(v) = exp(-c(v) / T) / sum_u exp(-c(u) / T)}, where {@code c(v)} is the modelled cost of the
 * setting with that parameter at {@code v} and every other parameter of Omega at its cheapest value ("fix
 * other hyper-parameters in Omega by the value with the minimum time cost"), in multiples of the cost of the
 * cheapest setting of Omega (every parameter at its cheapest value). So c is at least 1 for the cheapest
 * values, and the temperature {@code T} means the same whatever the cost unit: at T = 1 a value that
 * doubles the cheapest setting's cost is e times less likely. The paper writes exp(-FLOPs), which in raw
 * FLOPs would draw only the cheapest values; the unit and T make the concentration explicit. A parameter's
 * cheapest value is the one of lowest modelled cost with the other parameters at the full setting (ties:
 * the first configured). A parameter the cost model ignores (batch size, learning rate under a FLOPs model)
 * is drawn uniformly. Fixed parameters take their fixed value.
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
        TrainingSetting cheapest = space.full();
        for (BudgetParameter p : space.parameters()) {
            List<Double> values = space.values(p);
            int best = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int i = 0; i < values.size(); i++) {
                double c = checked(model, space.full().with(p, values.get(i)), p, values.get(i));
                if (c < bestCost) {
                    bestCost = c;
                    best = i;
                }
            }
            cheapest = cheapest.with(p, values.get(best));
        }
        double unit = checked(model, cheapest, null, 0);
        for (BudgetParameter p : space.parameters()) {
            List<Double> values = space.values(p);
            double[] c = new double[values.size()];
            double[] w = new double[c.length];
            double sum = 0;
            for (int i = 0; i < c.length; i++) {
                c[i] = checked(model, cheapest.with(p, values.get(i)), p, values.get(i)) / unit;
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

    private static double checked(CostModel model, TrainingSetting s, BudgetParameter p, double v) {
        double c = model.cost(s);
        if (!(c > 0) || !Double.isFinite(c)) {
            throw new IllegalArgumentException("cost model gave " + c + (p == null ? " for the cheapest setting"
                    : " for " + p.key() + "=" + p.format(v)) + "; costs must be finite and > 0");
        }
        return c;
    }

    public BudgetSpace space() {
        return space;
    }

    public double temperature() {
        return temperature;
    }

    /**
     * Costs c(v) of a parameter's values with the other parameters at their cheapest, in multiples of the
     * cheapest setting's cost, in configured order (a copy).
     */
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
