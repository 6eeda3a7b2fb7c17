package org.earlyrank.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A resolved configuration: the top-level keys and one options record per section. Immutable.
 */
public final class SweepConfig {
    private final SweepOptions top;
    private final Map<String, Record> sections;
    private final String source;
    private final String sweepId;

    SweepConfig(SweepOptions top, Map<String, Record> sections, String source, String defaultName) {
        this.top = top;
        this.sections = Map.copyOf(sections);
        this.source = source;
        this.sweepId = top.name() != null ? top.name() : defaultName;
    }

    /** A configuration of defaults only. */
    public static SweepConfig defaults() {
        return ConfigLoader.fromYaml(null, Map.of(), "defaults", "default");
    }

    /** The sweep id: the config's name, else the config file's name. */
    public String sweepId() {
        return sweepId;
    }

    public long seed() {
        return top.seed();
    }

    /** Where the values came from (file path or "defaults"). */
    public String source() {
        return source;
    }

    public <T extends Record> T get(Section<T> section) {
        return section.type().cast(sections.get(section.name()));
    }

    /** The values of the given sections (and the top-level keys), as recorded in options.json. */
    public Map<String, Object> values(List<Section<?>> of) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", sweepId);
        out.put("seed", top.seed());
        for (Section<?> s : of) {
            out.put(s.name(), valuesOf(s));
        }
        return out;
    }

    private <T extends Record> Map<String, Object> valuesOf(Section<T> s) {
        return s.values(get(s));
    }
}
