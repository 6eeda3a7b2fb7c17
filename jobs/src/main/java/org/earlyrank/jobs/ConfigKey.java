package org.earlyrank.jobs;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a job's option as a shorthand for a config key ({@code --train-size N} is {@code --set
 * fit-svr.train_size=N}): {@link StageJob} passes every such option that was given as an override, with the
 * precedence of {@code --set}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface ConfigKey {
    /** The full key, {@code section.key}. */
    String value();
}
