package org.earlyrank.pipeline;

import org.earlyrank.config.OptionsDocs;
import org.earlyrank.estimate.EstimatorDocs;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.schema.TableDocs;

/**
 * The generated references: docs/tables.md from the table declarations, docs/options.md from the config
 * sections and the estimator registry. {@code bin/earlyrank docs} writes them; a test fails when the
 * committed files differ.
 */
public final class Docs {
    private Docs() {
    }

    public static String tables() {
        return TableDocs.render();
    }

    /** docs/options.md: every section's keys, then every registered estimator. */
    public static String options() {
        return options(Stages.ESTIMATORS);
    }

    /** docs/options.md with another registry (a test registers a toy estimator). */
    public static String options(EstimatorRegistry estimators) {
        return OptionsDocs.render() + EstimatorDocs.render(estimators);
    }
}
