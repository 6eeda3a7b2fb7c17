package org.earlyrank.mip;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * A budgeted performance estimator (BPE) b: one value for every parameter of the budget space Omega.
 * Immutable; equal when every value is equal.
 *
 * @param values value per parameter of Omega
 */
public record BudgetSetting(Map<BudgetParameter, Double> values) {
    public BudgetSetting {
        Map<BudgetParameter, Double> m = new EnumMap<>(BudgetParameter.class);
        m.putAll(values);
        values = Collections.unmodifiableMap(m);
    }

    public double get(BudgetParameter p) {
        Double v = values.get(p);
        if (v == null) {
            throw new IllegalArgumentException("setting " + this + " has no value for " + p.key());
        }
        return v;
    }

    /** {@code epochs=2,image_size=7,...} in a fixed parameter order. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<BudgetParameter, Double> e : values.entrySet()) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(e.getKey().key()).append('=').append(e.getKey().format(e.getValue()));
        }
        return b.toString();
    }

    /** Short stable hash of {@link #canonical()}: mip_trials.setting_id. */
    public String id() {
        return shortHash(canonical());
    }

    static String shortHash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return canonical();
    }
}
