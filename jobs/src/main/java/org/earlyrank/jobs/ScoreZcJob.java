package org.earlyrank.jobs;

import org.earlyrank.estimate.zc.ScoreZcStage;
import org.earlyrank.pipeline.Stages;

import picocli.CommandLine.Command;

/** {@code earlyrank score-zc}: zero-cost proxies of every trained run at budget 0. */
@Command(name = ScoreZcStage.NAME, mixinStandardHelpOptions = true,
        description = "Score every trained run at budget 0 with the zero-cost proxies (grad-norm, snip, grasp, fisher, "
                + "synflow, jacov, and params and flops as baselines), computed on its initial network rebuilt from its "
                + "seed and its first training minibatches; write estimates.")
public final class ScoreZcJob extends StageJob {
    public ScoreZcJob() {
        super(Stages.SCORE_ZC, Shorthand.value("minibatches", "K"));
    }
}
