package org.earlyrank.jobs;

import org.earlyrank.pipeline.Stages;
import org.earlyrank.search.SearchStage;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code earlyrank search}: random search, Hyperband or BOHB deciding by an estimator, replayed over a sweep. */
@Command(name = SearchStage.NAME, mixinStandardHelpOptions = true,
        description = "Search with the estimators: replay random search, Hyperband, BOHB or f-Hyperband deciding by any estimator "
                + "over a finished sweep (--replay --sweep DIR), many repeats each, and write search_trials and "
                + "search_results (Cao 2021, chapter 4, Table 4.1); the report shows them. Searches accumulate in the "
                + "sweep, one search_id each. Without --replay, one live search trains its configurations on Spark into --out "
                + "(one Spark job per rung, promoted configurations resume from their checkpoints), a sweep folder "
                + "every stage reads.")
public final class SearchJob extends StageJob {
    @Option(names = "--replay", description = "Replay over the finished sweep given by --sweep (search.replay).")
    Boolean replay;

    @Option(names = "--algorithm", paramLabel = "NAME[,NAME]",
            description = "random, hyperband, bohb or f-hyperband; several comma-separated (search.algorithm).")
    String algorithm;

    @Option(names = "--estimator", paramLabel = "NAME[,NAME]",
            description = "Estimator deciding the rungs, e.g. val-acc, tse-e, fh-ensemble, svr; several comma-separated "
                    + "(search.estimator).")
    String estimator;

    @Option(names = "--repeats", paramLabel = "N", description = "Replayed searches per algorithm and estimator (search.repeats).")
    Integer repeats;

    @Option(names = "--pool", paramLabel = "DIR", description = "Draw configurations from this sweep's runs only (search.pool).")
    String pool;

    public SearchJob() {
        super(Stages.SEARCH);
    }

    /** Replay (search.replay) runs the search stage over --sweep; otherwise the live search trains into --out. */
    @Override
    org.earlyrank.stage.Stage stage(org.earlyrank.config.SweepConfig cfg) {
        return cfg.get(org.earlyrank.config.SearchOptions.SECTION).replay() ? Stages.SEARCH : Stages.SEARCH_LIVE;
    }
}
