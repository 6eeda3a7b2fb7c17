package org.earlyrank.estimate.ensemble;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

import org.apache.hadoop.fs.Path;
import org.earlyrank.config.FitEnsembleOptions;
import org.earlyrank.estimate.AbstractEstimatorFamily;
import org.earlyrank.estimate.EstimatorInfo;
import org.earlyrank.estimate.ListedScorer;
import org.earlyrank.estimate.RunScores;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.ensemble.ClassifierEnsembleEstimator.Estimate;
import org.earlyrank.schema.FeaturesTable;
import org.earlyrank.schema.HeadsTable;

/**
 * The {@code ensemble} family, scored by {@code fit-ensemble}: the classifier ensemble over feature
 * histories and the two estimators it is compared with ({@link ClassifierEnsembleEstimator}). Nothing is
 * learned from other runs, so {@link #fit} only reads the options. Its scorer reads a run's
 * {@code features} and {@code heads} from the part files its view names, truncated to the view's budget.
 * Scoring a run at many budgets fits each epoch's head once and reuses it for every later budget (the
 * per-epoch head cache); each score's cost is nevertheless what it would cost on its own.
 */
public final class EnsembleFamily extends AbstractEstimatorFamily {
    public static final String NAME = "ensemble";
    public static final EnsembleFamily DEFAULT = new EnsembleFamily();
    /** The scorer's counters, added up over runs by the stage. */
    public static final String READ_SECONDS = "read_seconds";
    public static final String COMPUTE_SECONDS = "compute_seconds";
    public static final String FIT_SECONDS = "fit_seconds";
    public static final String HEAD_FITS = "head_fits";
    public static final String HEAD_FITS_UNCACHED = "head_fits_uncached";
    public static final String BUDGETS = "budgets";

    public EnsembleFamily() {
        super(NAME, FitEnsembleOptions.SECTION);
    }

    @Override
    public List<EstimatorInfo> estimators() {
        List<String> reads = List.of(FeaturesTable.NAME, HeadsTable.NAME);
        return List.of(
                new EstimatorInfo(ClassifierEnsembleEstimator.ORIGINAL, NAME, true, reads,
                        "Accuracy of epoch T's stored head on epoch T's validation features (Cao 2021, Figure 3.1)."),
                new EstimatorInfo(ClassifierEnsembleEstimator.OPTIMIZED, NAME, true, reads,
                        "Accuracy of epoch T's head re-optimised on epoch T's training features."),
                new EstimatorInfo(ClassifierEnsembleEstimator.ENSEMBLE, NAME, true, reads,
                        "Accuracy of the averaged predictions of the last K epochs' re-optimised heads, "
                                + "K = fit-ensemble.window (Cao 2021, Algorithm 1)."));
    }

    @Override
    public EnsembleScorer fit(FitInput in) {
        FitEnsembleOptions o = in.config().get(FitEnsembleOptions.SECTION);
        return new EnsembleScorer(o, in.estimators());
    }

    /** The three estimators of one run, from its feature history. Serializable (runs in Spark tasks). */
    public static final class EnsembleScorer extends ListedScorer {
        private static final long serialVersionUID = 1L;
        private final FitEnsembleOptions options;
        private final int every;

        /** Holds the options (serializable), not the estimator: each task builds its own. */
        EnsembleScorer(FitEnsembleOptions options, List<String> names) {
            super(names);
            this.options = options;
            this.every = options.every();
        }

        @Override
        public OptionalDouble score(String estimator, RunView run) {
            RunScores s = scoreRun(run, List.of(run.budget()));
            return s.scores().stream().filter(x -> x.estimator().equals(estimator))
                    .mapToDouble(Score::value).findFirst();
        }

        /**
         * The budgets asked for that are epochs of the run's feature history; a run whose history is
         * unusable (NaN features, a missing epoch) or holds none of them gets no score and a note.
         */
        @Override
        public RunScores scoreRun(RunView run, List<Integer> budgets) {
            long t0 = System.nanoTime();
            String runId = run.runId();
            FeatureHistory history;
            try {
                history = FeatureHistory.read(runId, paths(run.files(FeaturesTable.NAME)),
                        paths(run.files(HeadsTable.NAME)), run.conf()).upTo(run.budget());
            } catch (UnusableHistoryException e) {
                return new RunScores(List.of(), e.getMessage() + ": skipped",
                        Map.of(READ_SECONDS, (System.nanoTime() - t0) / 1e9));
            }
            double readSeconds = history.readSeconds();
            List<Integer> scored = new ArrayList<>();
            for (int t : budgets) {
                if (history.epochs().contains(t)) {
                    scored.add(t);
                }
            }
            if (scored.isEmpty()) {
                return new RunScores(List.of(), "run " + runId + " has no epoch that is a multiple of fit-ensemble.every = "
                        + every + " (epochs " + history.epochs() + "): skipped", Map.of(READ_SECONDS, readSeconds));
            }
            ClassifierEnsembleEstimator.RunScores s = ClassifierEnsembleEstimator.of(options).scoreRun(history, scored);
            List<Score> out = new ArrayList<>();
            for (Estimate e : s.estimates()) {
                if (estimators().contains(e.estimator())) {
                    out.add(new Score(e.estimator(), e.budgetEpoch(), e.score(), e.costSeconds()));
                }
            }
            Map<String, Double> counters = new LinkedHashMap<>();
            counters.put(READ_SECONDS, readSeconds);
            counters.put(COMPUTE_SECONDS, s.computeSeconds());
            counters.put(FIT_SECONDS, s.fitSeconds());
            counters.put(HEAD_FITS, (double) s.headFits());
            counters.put(HEAD_FITS_UNCACHED, (double) s.headFitsUncached());
            counters.put(BUDGETS, (double) scored.size());
            String note = history.problem() == null ? s.note()
                    : s.note() == null ? history.problem() : history.problem() + "; " + s.note();
            return new RunScores(out, note, counters);
        }

        /** every, 2 every, ... up to {@code last}: the budgets the stage asks for. */
        public List<Integer> budgets(int last) {
            List<Integer> out = new ArrayList<>();
            for (int t = every; t <= last; t += every) {
                out.add(t);
            }
            return out;
        }

        private static List<Path> paths(List<String> files) {
            return files.stream().map(Path::new).toList();
        }
    }
}
