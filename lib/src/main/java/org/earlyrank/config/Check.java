package org.earlyrank.config;

import java.util.Collection;
import java.util.List;

/**
 * Validation for option records' compact constructors. Each failure repeats the key, the value and the
 * allowed range, e.g. {@code "fit-ensemble.window must be >= 1, got 0"}.
 */
public final class Check {
    private Check() {
    }

    public static void atLeast(String key, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    public static void atLeast(String key, double value, double min) {
        if (!(value >= min)) {
            throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
        }
    }

    public static void positive(String key, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(key + " must be > 0, got " + value);
        }
    }

    public static void between(String key, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    public static void between(String key, long value, long lo, long hi) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException(key + " must be in [" + lo + ", " + hi + "], got " + value);
        }
    }

    public static void oneOf(String key, String value, Collection<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", got '"
                    + value + "'");
        }
    }

    public static void nonEmpty(String key, List<?> values) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException(key + " must list at least one value, got none");
        }
    }

    public static void allAtLeast(String key, List<? extends Number> values, double min) {
        nonEmpty(key, values);
        for (Number v : values) {
            if (!(v.doubleValue() >= min)) {
                throw new IllegalArgumentException(key + " values must be >= " + min + ", got " + v);
            }
        }
    }

    public static void allPositive(String key, List<? extends Number> values) {
        nonEmpty(key, values);
        for (Number v : values) {
            if (!(v.doubleValue() > 0)) {
                throw new IllegalArgumentException(key + " values must be > 0, got " + v);
            }
        }
    }

    public static void allBetween(String key, List<? extends Number> values, double lo, double hi) {
        nonEmpty(key, values);
        for (Number v : values) {
            if (!(v.doubleValue() >= lo && v.doubleValue() <= hi)) {
                throw new IllegalArgumentException(key + " values must be in [" + lo + ", " + hi + "], got " + v);
            }
        }
    }

    public static void allOneOf(String key, List<String> values, Collection<String> allowed) {
        nonEmpty(key, values);
        for (String v : values) {
            oneOf(key, v, allowed);
        }
    }
}
