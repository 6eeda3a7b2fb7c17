package org.earlyrank.jobs;

import org.earlyrank.estimate.tse.ScoreTseStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank score-tse}: training-speed estimators and baselines for every run and budget. */
@Command(name = ScoreTseStage.NAME, mixinStandardHelpOptions = true,
        description = "Score every run of a sweep at every budget with TSE, TSE-E, TSE-EMA and the baselines "
                + "(val-acc, sovl, tl-mini); write estimates and record the effective budget in options.json.")
public final class ScoreTseJob extends StageJob {
    public ScoreTseJob() {
        super(Stages.SCORE_TSE);
    }
}
