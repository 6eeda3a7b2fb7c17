package org.earlyrank.estimate;

import org.earlyrank.config.Section;

/**
 * An {@link EstimatorFamily} that holds its name and options section, the two things every family only
 * declares; a family adds its estimators and its {@link #fit}.
 */
public abstract class AbstractEstimatorFamily implements EstimatorFamily {
    private final String name;
    private final Section<?> section;

    protected AbstractEstimatorFamily(String name, Section<?> section) {
        this.name = name;
        this.section = section;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final Section<?> section() {
        return section;
    }
}
