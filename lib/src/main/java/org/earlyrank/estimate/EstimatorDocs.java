package org.earlyrank.estimate;

import java.util.List;

/**
 * The estimators part of docs/options.md, rendered from an {@link EstimatorRegistry}: every name a config
 * or {@code --estimator} may use, with its family, the stage that scores it, its options section, whether
 * its score is an accuracy, what it reads and what it computes.
 */
public final class EstimatorDocs {
    private EstimatorDocs() {
    }

    public static String render(EstimatorRegistry registry) {
        StringBuilder b = new StringBuilder();
        b.append("\n## Estimators\n\n")
                .append("Every estimator, from the estimator registry (`org.earlyrank.pipeline.Stages.ESTIMATORS`), in report\n")
                .append("order. These are the names `estimates.estimator` holds and `score-tse.estimators` and\n")
                .append("`train-final.estimator` accept. *accuracy*: the score predicts the run's final accuracy (in [0, 1]);\n")
                .append("otherwise it is a score on its own scale (higher is better; losses are negated).\n\n")
                .append("| estimator | family | stage | options | accuracy | reads | score at budget T |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (EstimatorRegistry.Entry e : registry.families()) {
            String section = e.family().section().name();
            for (EstimatorInfo i : e.family().estimators()) {
                b.append("| `").append(i.name()).append("` | ").append(i.family()).append(" | `").append(e.stage())
                        .append("` | [").append(section).append("](#").append(section).append(") | ")
                        .append(i.accuracy() ? "yes" : "no").append(" | ").append(reads(i.reads())).append(" | ")
                        .append(i.doc().replace("|", "\\|")).append(" |\n");
            }
        }
        return b.toString();
    }

    private static String reads(List<String> tables) {
        return tables.isEmpty() ? "runs, curves" : "runs, curves, " + String.join(", ", tables);
    }
}
