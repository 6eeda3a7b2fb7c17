package org.earlyrank.jobs;

import org.earlyrank.config.Key;
import org.earlyrank.config.KeyType;
import org.earlyrank.config.Section;

import picocli.CommandLine.Model.OptionSpec;

/**
 * A stage job's option that is a shorthand for one key of its stage's config section: {@code --top-k K} of
 * train-final is {@code --set train-final.top_k=K}. The key, declared once in lib's options record, gives the
 * option its name ({@code --} and the key with '_' as '-'), its help text (the key's doc, its full name and
 * default) and its check: the value goes to the config loader as a {@code --set} value would, and a bad one is
 * refused there with the key's name (exit 2).
 *
 * @param key        the key's name in the stage's section, e.g. {@code top_k}
 * @param paramLabel the value's label in the help, e.g. {@code K}; null for a flag
 * @param required   whether the job cannot run without it
 */
record Shorthand(String key, String paramLabel, boolean required) {

    /** An option that takes the key's value: {@code --top-k K}. */
    static Shorthand value(String key, String paramLabel) {
        return new Shorthand(key, paramLabel, false);
    }

    /** A flag that sets a boolean key to true: {@code --replay}. */
    static Shorthand flag(String key) {
        return new Shorthand(key, null, false);
    }

    /** An option that takes the key's value and that the job cannot run without: picocli refuses a command line without it. */
    static Shorthand requiredValue(String key, String paramLabel) {
        return new Shorthand(key, paramLabel, true);
    }

    boolean isFlag() {
        return paramLabel == null;
    }

    /** {@code --top-k} for {@code top_k}. */
    String optionName() {
        return "--" + key.replace('_', '-');
    }

    /** The picocli option for this key of the section; a key the section does not declare is a programming error. */
    OptionSpec option(Section<?> section) {
        Key k = section.keys().stream().filter(c -> c.name().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the " + section.name() + " section has no key '" + key
                        + "' for the shorthand " + optionName()));
        if (isFlag() && k.type() != KeyType.BOOLEAN) {
            throw new IllegalStateException(optionName() + " is a flag but " + section.name() + "." + key + " is "
                    + k.type().description());
        }
        return OptionSpec.builder(optionName())
                .paramLabel(isFlag() ? "" : paramLabel)
                .type(isFlag() ? Boolean.class : String.class)
                .arity(isFlag() ? "0" : "1")
                .required(required)
                .description(description(section.name(), k))
                .build();
    }

    /**
     * The key's doc, then its full name and default: "Winners per estimator: ... (train-final.top_k, default 2)".
     * '%' is doubled because picocli formats descriptions.
     */
    static String description(String section, Key k) {
        String dflt = k.defaultText();
        String shown = dflt == null ? "" : ", default " + (dflt.isEmpty() ? "\"\"" : dflt);
        String text = k.doc() + " (" + section + "." + k.name() + shown + ")";
        return text.replace("%", "%%");
    }
}
