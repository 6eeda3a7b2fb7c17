package org.earlyrank.mip;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.config.PruneMipOptions;

/**
 * The budget space Omega: the budget parameters in their configured order, each with its discrete values,
 * and the full (reference) training setting that every parameter outside Omega keeps. Immutable.
 */
public final class BudgetSpace {
    private final List<BudgetParameter> parameters;
    private final Map<BudgetParameter, List<Double>> values;
    private final TrainingSetting full;

    public BudgetSpace(Map<BudgetParameter, List<Double>> values, TrainingSetting full) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a budget space needs at least one parameter");
        }
        Map<BudgetParameter, List<Double>> copy = new LinkedHashMap<>();
        values.forEach((p, v) -> {
            if (v.size() < 2) {
                throw new IllegalArgumentException(p.key() + " needs at least 2 values, got " + v);
            }
            copy.put(p, List.copyOf(v));
        });
        this.values = java.util.Collections.unmodifiableMap(copy);
        this.parameters = List.copyOf(copy.keySet());
        this.full = full;
    }

    /** Omega as configured; {@code full} is the reference setting. */
    public static BudgetSpace of(PruneMipOptions o, TrainingSetting full) {
        Map<BudgetParameter, List<Double>> v = new LinkedHashMap<>();
        for (String key : o.parameters()) {
            v.put(BudgetParameter.of(key), o.values(key).stream().map(Number::doubleValue).toList());
        }
        return new BudgetSpace(v, full);
    }

    /** The parameters of Omega in configured order. */
    public List<BudgetParameter> parameters() {
        return parameters;
    }

    public List<Double> values(BudgetParameter p) {
        List<Double> v = values.get(p);
        if (v == null) {
            throw new IllegalArgumentException(p.key() + " is not a parameter of this budget space");
        }
        return v;
    }

    /** The full training setting. */
    public TrainingSetting full() {
        return full;
    }

    /** The full setting's value of every Omega parameter (a point that need not be in Omega's grid). */
    public BudgetSetting fullPoint() {
        Map<BudgetParameter, Double> m = new EnumMap<>(BudgetParameter.class);
        for (BudgetParameter p : parameters) {
            m.put(p, full.get(p));
        }
        return new BudgetSetting(m);
    }

    /** The complete training setting of a budget setting: the full setting with Omega's values. */
    public TrainingSetting apply(BudgetSetting b) {
        TrainingSetting s = full;
        for (BudgetParameter p : parameters) {
            s = s.with(p, b.get(p));
        }
        return s;
    }

    /** Number of distinct settings in Omega. */
    public long size() {
        long n = 1;
        for (List<Double> v : values.values()) {
            n *= v.size();
        }
        return n;
    }

    /** Every setting of Omega, for small spaces (tests). */
    public List<BudgetSetting> all() {
        List<Map<BudgetParameter, Double>> out = new ArrayList<>();
        out.add(new EnumMap<>(BudgetParameter.class));
        for (BudgetParameter p : parameters) {
            List<Map<BudgetParameter, Double>> next = new ArrayList<>();
            for (Map<BudgetParameter, Double> m : out) {
                for (double v : values(p)) {
                    Map<BudgetParameter, Double> c = new EnumMap<>(BudgetParameter.class);
                    c.putAll(m);
                    c.put(p, v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out.stream().map(BudgetSetting::new).toList();
    }
}
