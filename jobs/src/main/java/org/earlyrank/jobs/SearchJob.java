package org.earlyrank.jobs;

import org.earlyrank.pipeline.Stages;
import org.earlyrank.search.SearchStage;

import picocli.CommandLine.Command;

/** {@code earlyrank search}: random search, Hyperband or BOHB deciding by an estimator, replayed over a sweep. */
@Command(name = SearchStage.NAME, mixinStandardHelpOptions = true,
        description = "Search with the estimators: replay random search, Hyperband, BOHB or f-Hyperband deciding by any estimator "
                + "over a finished sweep (--replay --sweep DIR), many repeats each, and write search_trials and "
                + "search_results (Cao 2021, chapter 4, Table 4.1); the report shows them. Searches accumulate in the "
                + "sweep, one search_id each. Without --replay, one live search trains its configurations on Spark into --out "
                + "(one Spark job per rung, promoted configurations resume from their checkpoints), a sweep folder "
                + "every stage reads.")
public final class SearchJob extends StageJob {
    public SearchJob() {
        super(Stages.SEARCH, Shorthand.flag("replay"), Shorthand.value("algorithm", "NAME[,NAME]"),
                Shorthand.value("estimator", "NAME[,NAME]"), Shorthand.value("repeats", "N"),
                Shorthand.value("pool", "DIR"));
    }

    /** Replay (search.replay) runs the search stage over --sweep; otherwise the live search trains into --out. */
    @Override
    org.earlyrank.stage.Stage stage(org.earlyrank.config.SweepConfig cfg) {
        return cfg.get(org.earlyrank.config.SearchOptions.SECTION).replay() ? Stages.SEARCH : Stages.SEARCH_LIVE;
    }
}
