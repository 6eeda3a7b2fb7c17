package org.earlyrank.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Reads a YAML config strictly, before any Spark work: unknown keys, wrong types and out-of-range values
 * fail with a {@link ConfigException} naming the key, the value and what is allowed. Precedence: command
 * line ({@code section.key=value}), then the file, then the declared defaults.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {
    }

    /**
     * @param file      YAML file, or null for defaults only
     * @param overrides full keys ({@code train.epochs}, {@code seed}) to values as typed on the command line
     */
    public static SweepConfig load(Path file, Map<String, String> overrides) {
        if (file == null) {
            return fromYaml(null, overrides, "defaults", "default");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist; pass --conf with the path of a YAML file"
                    + " (conf/default.yaml, conf/smoke.yaml and conf/mip.yaml are examples)");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        }
        String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return fromYaml(root, overrides, file.toString(), base);
    }

    static SweepConfig fromYaml(JsonNode root, Map<String, String> overrides, String source, String defaultName) {
        if (root != null && !root.isNull() && !root.isMissingNode() && !root.isObject()) {
            throw new ConfigException(source + " must be a YAML mapping of sections, got " + root.getNodeType());
        }
        List<Section<?>> sections = ConfigSections.ALL;
        Map<String, Section<?>> byName = new LinkedHashMap<>();
        sections.forEach(s -> byName.put(s.name(), s));
        List<String> topKeys = SweepOptions.SECTION.keys().stream().map(Key::name).toList();

        List<String> allowed = new java.util.ArrayList<>(topKeys);
        allowed.addAll(byName.keySet());
        if (root != null && root.isObject()) {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!topKeys.contains(k) && !byName.containsKey(k)) {
                    throw Section.unknown(k, source, allowed);
                }
            }
        }
        Map<String, Map<String, String>> perSection = new LinkedHashMap<>();
        Map<String, String> topOverrides = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            String key = e.getKey();
            int dot = key.indexOf('.');
            if (dot < 0) {
                if (!topKeys.contains(key)) {
                    throw Section.unknown(key, "the command line", allowed);
                }
                topOverrides.put(key, e.getValue());
            } else {
                String sec = key.substring(0, dot);
                if (!byName.containsKey(sec)) {
                    throw Section.unknown(sec, "the command line", allowed);
                }
                perSection.computeIfAbsent(sec, x -> new LinkedHashMap<>()).put(key.substring(dot + 1), e.getValue());
            }
        }
        JsonNode topNode = root == null ? null : filterTop(root, topKeys);
        SweepOptions top = parseTop(topNode, topOverrides, source);
        Map<String, Record> parsed = new LinkedHashMap<>();
        for (Section<?> s : sections) {
            JsonNode node = root == null ? null : root.get(s.name());
            parsed.put(s.name(), s.parse(node, perSection.getOrDefault(s.name(), Map.of()), source));
        }
        return new SweepConfig(top, parsed, source, defaultName);
    }

    private static JsonNode filterTop(JsonNode root, List<String> topKeys) {
        com.fasterxml.jackson.databind.node.ObjectNode o = YAML.createObjectNode();
        for (String k : topKeys) {
            if (root.has(k)) {
                o.set(k, root.get(k));
            }
        }
        return o;
    }

    private static SweepOptions parseTop(JsonNode node, Map<String, String> overrides, String source) {
        // Top-level keys carry no section prefix in messages.
        try {
            return SweepOptions.SECTION.parse(node, overrides, source);
        } catch (ConfigException e) {
            throw new ConfigException(e.getMessage().replaceFirst("^\\.", ""), e);
        }
    }
}
