package org.earlyrank.config;

/**
 * Top-level keys of a config file.
 *
 * @param name sweep id; null means the config file's name without extension
 * @param seed master seed: run sampling, initialisation and data order derive from it
 */
public record SweepOptions(String name, long seed) implements java.io.Serializable {
    public static final Section<SweepOptions> SECTION = Section.of("", "Top-level keys.", SweepOptions.class,
            Key.string("name", null, "Sweep id and output folder name (default: the config file's name without extension)."),
            Key.longInt("seed", 42, "Master seed: run sampling, weight initialisation and data order derive from it."));

    public SweepOptions {
        if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("name must hold letters, digits, '.', '_' and '-' only, got '" + name + "'");
        }
    }
}
