package org.earlyrank.config;

import java.util.List;

/**
 * Renders the options reference (docs/options.md) from the declared sections: every key with its type,
 * default and meaning. {@code bin/earlyrank docs} writes the file; a test fails when the committed file
 * differs from what this renders.
 */
public final class OptionsDocs {
    private OptionsDocs() {
    }

    /** The Markdown text of docs/options.md for the top-level keys and the given sections. */
    public static String render(Section<?> top, List<Section<?>> sections) {
        StringBuilder b = new StringBuilder();
        b.append("# Options\n\n");
        b.append("<!-- Generated from lib/src/main/java/org/earlyrank/config (ConfigSections.ALL) by `bin/earlyrank docs`; do not edit. -->\n\n");
        b.append("A config is a YAML file (`--conf FILE`) with the top-level keys below and one mapping per section.\n")
                .append("Precedence: `--set section.key=value` on the command line, then the file, then these defaults.\n")
                .append("A list-typed key also takes a single value; a list of hyperparameter values is sampled per run.\n")
                .append("Unknown keys and out-of-range values are errors that name the key. Each stage records the\n")
                .append("options it used in the sweep's `options.json`.\n\n");
        b.append("Sections: [top level](#top-level-keys)");
        for (Section<?> s : sections) {
            b.append(", [").append(s.name()).append("](#").append(s.name()).append(')');
        }
        b.append("\n\n## Top-level keys\n\n");
        table(b, "", top);
        for (Section<?> s : sections) {
            b.append("\n## ").append(s.name()).append("\n\n").append(s.doc()).append("\n\n");
            table(b, s.name() + ".", s);
        }
        return b.toString();
    }

    /** docs/options.md for every section of {@link ConfigSections#ALL}. */
    public static String render() {
        return render(SweepOptions.SECTION, ConfigSections.ALL);
    }

    private static void table(StringBuilder b, String prefix, Section<?> s) {
        b.append("| key | type | default | meaning |\n|---|---|---|---|\n");
        for (Key k : s.keys()) {
            b.append("| `").append(prefix).append(k.name()).append("` | ").append(typeName(k.type())).append(" | ")
                    .append(defaultText(k)).append(" | ").append(cell(k.doc())).append(" |\n");
        }
    }

    static String typeName(KeyType t) {
        return switch (t) {
            case INT -> "int";
            case LONG -> "long";
            case DOUBLE -> "number";
            case BOOLEAN -> "boolean";
            case STRING -> "string";
            case INT_LIST -> "int list";
            case DOUBLE_LIST -> "number list";
            case STRING_LIST -> "string list";
        };
    }

    /** A key's default as a user would type it in YAML ({@link Key#defaultText}); unset keys say so. */
    static String defaultText(Key k) {
        String text = k.defaultText();
        return text == null ? "(unset)" : "`" + cell(text) + "`";
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
