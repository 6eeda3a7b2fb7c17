package org.earlyrank.config;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Value types of configuration keys, each with a strict conversion from YAML (or a command-line
 * string) that names the key on failure. A list type also accepts a single value ("0.1" means [0.1]).
 */
public enum KeyType {
    INT("an integer"),
    LONG("an integer"),
    DOUBLE("a number"),
    BOOLEAN("true or false"),
    STRING("a string"),
    INT_LIST("an integer or a list of integers"),
    DOUBLE_LIST("a number or a list of numbers"),
    STRING_LIST("a string or a list of strings");

    private final String description;

    KeyType(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** Converts a YAML node. */
    Object fromNode(String key, JsonNode n) {
        return switch (this) {
            case INT -> intOf(key, n);
            case LONG -> longOf(key, n);
            case DOUBLE -> doubleOf(key, n);
            case BOOLEAN -> {
                if (!n.isBoolean()) {
                    throw wrong(key, n);
                }
                yield n.booleanValue();
            }
            case STRING -> {
                if (!n.isTextual() && !n.isNumber()) {
                    throw wrong(key, n);
                }
                yield n.asText();
            }
            case INT_LIST, DOUBLE_LIST, STRING_LIST -> {
                KeyType element = this == INT_LIST ? INT : this == DOUBLE_LIST ? DOUBLE : STRING;
                List<Object> out = new ArrayList<>();
                if (n.isArray()) {
                    for (JsonNode e : n) {
                        out.add(element.fromNode(key, e));
                    }
                } else {
                    out.add(element.fromNode(key, n));
                }
                yield List.copyOf(out);
            }
        };
    }

    /** Converts a command-line string such as "12", "0.1", "true", "a,b" or "[1, 2]". */
    Object fromString(String key, String s) {
        String v = s.trim();
        try {
            return switch (this) {
                case INT -> Integer.parseInt(v);
                case LONG -> Long.parseLong(v);
                case DOUBLE -> Double.parseDouble(v);
                case BOOLEAN -> {
                    if (!v.equals("true") && !v.equals("false")) {
                        throw new NumberFormatException();
                    }
                    yield Boolean.parseBoolean(v);
                }
                case STRING -> v;
                case INT_LIST, DOUBLE_LIST, STRING_LIST -> {
                    KeyType element = this == INT_LIST ? INT : this == DOUBLE_LIST ? DOUBLE : STRING;
                    String body = v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
                    List<Object> out = new ArrayList<>();
                    for (String part : body.split(",")) {
                        if (!part.isBlank()) {
                            out.add(element.fromString(key, part));
                        }
                    }
                    yield List.copyOf(out);
                }
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(key + " must be " + description + ", got '" + s + "'");
        }
    }

    private ConfigException wrong(String key, JsonNode n) {
        return new ConfigException(key + " must be " + description + ", got " + show(n));
    }

    private static String show(JsonNode n) {
        if (n.isTextual()) {
            return "'" + n.asText() + "'";
        }
        if (n.isObject()) {
            return "a mapping";
        }
        return n.toString();
    }

    private Integer intOf(String key, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new ConfigException(key + " must be an integer, got " + show(n));
        }
        return n.intValue();
    }

    private Long longOf(String key, JsonNode n) {
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new ConfigException(key + " must be an integer, got " + show(n));
        }
        return n.longValue();
    }

    private Double doubleOf(String key, JsonNode n) {
        if (!n.isNumber()) {
            throw new ConfigException(key + " must be a number, got " + show(n));
        }
        return n.doubleValue();
    }
}
