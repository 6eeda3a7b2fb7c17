package org.earlyrank.mip;

import java.util.List;
import java.util.Locale;

import org.earlyrank.config.PruneMipOptions;

/**
 * A training parameter MIP may budget: a field of {@link TrainingSetting} (and so of a run spec) that the
 * train stage honours per run. The key is the config key, the mip_trials column and the parameter name in
 * mip_importance and mip_decisions.
 */
public enum BudgetParameter {
    EPOCHS(true),
    BATCH_SIZE(true),
    LEARNING_RATE(false),
    CELLS(true),
    CHANNELS(true),
    IMAGE_SIZE(true),
    TRAIN_FRACTION(false);

    private final boolean integer;

    BudgetParameter(boolean integer) {
        this.integer = integer;
    }

    /** The constant's name in lower case (snake_case): config key, table column, parameter value in the mip tables. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for integer-valued parameters (their mip_trials column is INT). */
    public boolean integer() {
        return integer;
    }

    /** A value as a person reads it: {@code 2} for integers, {@code 0.25} otherwise. */
    public String format(double v) {
        return integer ? Long.toString(Math.round(v)) : Double.toString(v);
    }

    public static BudgetParameter of(String key) {
        for (BudgetParameter p : values()) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown budget parameter '" + key + "'; allowed: "
                + String.join(", ", PruneMipOptions.PARAMETERS));
    }

    /** The parameters named in the options, in their order. */
    public static List<BudgetParameter> of(List<String> keys) {
        return keys.stream().map(BudgetParameter::of).toList();
    }
}
