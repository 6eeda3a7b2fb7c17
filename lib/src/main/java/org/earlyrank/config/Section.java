package org.earlyrank.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A configuration section: its name (the stage's name where it configures a stage), the record it
 * becomes, and its declared keys, in the order of the record's components. Defaults live in the keys;
 * range checks live in the record's compact constructor.
 *
 * @param <T> the options record
 */
public final class Section<T extends Record> {
    private final String name;
    private final Class<T> type;
    private final List<Key> keys;
    private final String doc;
    private final Constructor<T> constructor;

    private Section(String name, String doc, Class<T> type, List<Key> keys) {
        this.name = name;
        this.doc = doc;
        this.type = type;
        this.keys = List.copyOf(keys);
        RecordComponent[] comps = type.getRecordComponents();
        if (comps.length != keys.size()) {
            throw new IllegalStateException(type.getSimpleName() + " has " + comps.length + " components but "
                    + keys.size() + " keys are declared");
        }
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            if (!camel(keys.get(i).name()).equals(comps[i].getName())) {
                throw new IllegalStateException(type.getSimpleName() + ": key " + keys.get(i).name()
                        + " does not match component " + comps[i].getName());
            }
            types[i] = comps[i].getType();
        }
        try {
            this.constructor = type.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    public static <T extends Record> Section<T> of(String name, String doc, Class<T> type, Key... keys) {
        return new Section<>(name, doc, type, List.of(keys));
    }

    public String name() {
        return name;
    }

    public String doc() {
        return doc;
    }

    public List<Key> keys() {
        return keys;
    }

    public Class<T> type() {
        return type;
    }

    /** The record with every default. */
    public T defaults() {
        return parse(null, Map.of(), "defaults");
    }

    /**
     * Builds the record from a YAML mapping (may be null) and command-line overrides (keys relative to
     * the section), in that precedence: override, file, default.
     */
    public T parse(JsonNode node, Map<String, String> overrides, String source) {
        Map<String, Key> byName = new LinkedHashMap<>();
        keys.forEach(k -> byName.put(k.name(), k));
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw new ConfigException("'" + name + "' in " + source + " must be a mapping of keys, got " + node);
            }
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!byName.containsKey(k)) {
                    throw unknown(name + "." + k, source, byName.keySet());
                }
            }
        }
        for (String k : overrides.keySet()) {
            if (!byName.containsKey(k)) {
                throw unknown(name + "." + k, "the command line", byName.keySet());
            }
        }
        Object[] args = new Object[keys.size()];
        for (int i = 0; i < keys.size(); i++) {
            Key k = keys.get(i);
            String full = name + "." + k.name();
            Object v;
            if (overrides.containsKey(k.name())) {
                v = k.type().fromString(full, overrides.get(k.name()));
            } else if (node != null && node.has(k.name()) && !node.get(k.name()).isNull()) {
                v = k.type().fromNode(full, node.get(k.name()));
            } else {
                v = k.defaultValue();
            }
            if (v == null && constructor.getParameterTypes()[i].isPrimitive()) {
                throw new ConfigException(full + " must be set");
            }
            args[i] = v;
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException || c instanceof ConfigException) {
                throw new ConfigException(c.getMessage() + " (" + origin(source, overrides.keySet()) + ")", c);
            }
            throw new IllegalStateException(c);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Where a section's values came from, for an error about their combination: the file alone, or the file with
     * the command line's flags and --set keys, which are named so that a bad flag is not blamed on the file.
     */
    private String origin(String source, Set<String> overridden) {
        if (overridden.isEmpty()) {
            return "in " + source;
        }
        List<String> keys = overridden.stream().sorted().map(k -> name + "." + k).toList();
        return "from the command line (" + String.join(", ", keys) + ") over " + source;
    }

    /** The record's values by key, for options.json. */
    public Map<String, Object> values(T record) {
        Map<String, Object> out = new LinkedHashMap<>();
        RecordComponent[] comps = type.getRecordComponents();
        for (int i = 0; i < comps.length; i++) {
            try {
                out.put(keys.get(i).name(), comps[i].getAccessor().invoke(record));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    static ConfigException unknown(String key, String source, Iterable<String> allowed) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        String best = null;
        int bestD = Integer.MAX_VALUE;
        List<String> all = new ArrayList<>();
        for (String a : allowed) {
            all.add(a);
            int d = distance(last, a);
            if (d < bestD) {
                bestD = d;
                best = a;
            }
        }
        String hint = best != null && bestD <= Math.max(2, last.length() / 3) ? " (did you mean '" + best + "'?)" : "";
        return new ConfigException("unknown key '" + key + "' in " + source + hint + "; allowed here: "
                + String.join(", ", all));
    }

    static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
