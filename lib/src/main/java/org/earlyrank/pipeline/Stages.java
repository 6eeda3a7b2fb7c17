package org.earlyrank.pipeline;

import java.util.List;
import java.util.Optional;

import org.earlyrank.data.curves.ImportCurvesStage;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.estimate.combined.FitCombinedStage;
import org.earlyrank.estimate.ensemble.FitEnsembleStage;
import org.earlyrank.estimate.svr.FitSvrStage;
import org.earlyrank.estimate.tse.ScoreTseStage;
import org.earlyrank.estimate.zc.ScoreZcStage;
import org.earlyrank.finaltrain.TrainFinalStage;
import org.earlyrank.mip.PruneMipStage;
import org.earlyrank.report.ReportStage;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.search.SearchStage;
import org.earlyrank.stage.Stage;
import org.earlyrank.stage.StageRunner;
import org.earlyrank.train.TrainStage;

/**
 * Every stage, once, and the estimator registry built from them. A new stage is one instance here (and
 * its job); the report page shows the sections of every {@link ReportedStage} listed, in this order; a
 * {@link ScoringStage} listed brings its estimator family into {@link #ESTIMATORS}.
 */
public final class Stages {
    public static final TrainStage TRAIN = new TrainStage();
    public static final ImportCurvesStage IMPORT_CURVES = new ImportCurvesStage();
    public static final ScoreZcStage SCORE_ZC = new ScoreZcStage();
    public static final ScoreTseStage SCORE_TSE = new ScoreTseStage();
    public static final FitEnsembleStage FIT_ENSEMBLE = new FitEnsembleStage();
    public static final FitSvrStage FIT_SVR = new FitSvrStage();
    public static final FitCombinedStage FIT_COMBINED = new FitCombinedStage(() -> Stages.ESTIMATORS);
    public static final PruneMipStage PRUNE_MIP = new PruneMipStage();
    public static final TrainFinalStage TRAIN_FINAL = new TrainFinalStage(() -> Stages.ESTIMATORS);
    public static final SearchStage SEARCH = new SearchStage(() -> Stages.ESTIMATORS);
    /** The live search: {@code earlyrank search} without --replay runs it (SearchJob chooses by search.replay). */
    public static final org.earlyrank.search.SearchLiveStage SEARCH_LIVE = new org.earlyrank.search.SearchLiveStage();
    /**
     * The report's page: its own sections around those of every other {@link ReportedStage}, in registry
     * order ({@code StagesTest} checks none is left out).
     */
    public static final ReportStage REPORT = new ReportStage(List.of(FIT_SVR, PRUNE_MIP, TRAIN_FINAL, SEARCH),
            () -> Stages.ESTIMATORS);

    /** Every stage, in the order the CLI and the docs list them. */
    public static final List<Stage> ALL = List.of(TRAIN, IMPORT_CURVES, SCORE_ZC, SCORE_TSE, FIT_ENSEMBLE, FIT_SVR,
            FIT_COMBINED, REPORT, PRUNE_MIP, TRAIN_FINAL, SEARCH);

    /**
     * Every estimator, by name: the families of the scoring stages above ({@link ScoringStage}), in their
     * order. A search or train-final reads estimator names here.
     */
    public static final EstimatorRegistry ESTIMATORS = EstimatorRegistry.of(ALL);

    /** The one runner, which names the stage that writes a missing table. */
    public static final StageRunner RUNNER = new StageRunner(ALL);

    private Stages() {
    }

    /** The stage of a CLI word. */
    public static Optional<Stage> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
