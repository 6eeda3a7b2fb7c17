package org.earlyrank.estimate;

import org.earlyrank.stage.Stage;

/** A stage that writes a family's scores to {@code estimates}; the registry finds every family through it. */
public interface ScoringStage extends Stage {
    EstimatorFamily family();
}
