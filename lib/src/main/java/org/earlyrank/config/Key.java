package org.earlyrank.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One configuration key of a section: its snake_case name, type, default (written only here) and a
 * sentence for the docs. A null default means the key is optional and absent unless set.
 */
public record Key(String name, KeyType type, Object defaultValue, String doc) {

    public static Key integer(String name, int dflt, String doc) {
        return new Key(name, KeyType.INT, dflt, doc);
    }

    public static Key longInt(String name, long dflt, String doc) {
        return new Key(name, KeyType.LONG, dflt, doc);
    }

    public static Key real(String name, double dflt, String doc) {
        return new Key(name, KeyType.DOUBLE, dflt, doc);
    }

    public static Key bool(String name, boolean dflt, String doc) {
        return new Key(name, KeyType.BOOLEAN, dflt, doc);
    }

    public static Key string(String name, String dflt, String doc) {
        return new Key(name, KeyType.STRING, dflt, doc);
    }

    public static Key ints(String name, List<Integer> dflt, String doc) {
        return new Key(name, KeyType.INT_LIST, dflt, doc);
    }

    public static Key reals(String name, List<Double> dflt, String doc) {
        return new Key(name, KeyType.DOUBLE_LIST, dflt, doc);
    }

    public static Key strings(String name, List<String> dflt, String doc) {
        return new Key(name, KeyType.STRING_LIST, dflt, doc);
    }

    /**
     * The default as a user would type it in YAML or after {@code --set}: 0.0005 rather than 5.0E-4, a list as
     * {@code [1, 2]}; null for an optional key that is unset by default. The options reference and the command
     * line's help both show it.
     */
    public String defaultText() {
        if (defaultValue == null) {
            return null;
        }
        if (defaultValue instanceof List<?> list) {
            return "[" + list.stream().map(Key::scalar).collect(Collectors.joining(", ")) + "]";
        }
        return scalar(defaultValue);
    }

    private static String scalar(Object v) {
        if (v instanceof Double d) {
            String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        return String.valueOf(v);
    }
}
