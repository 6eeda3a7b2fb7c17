package org.earlyrank.pipeline;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.estimate.PerformanceEstimator;
import org.earlyrank.estimate.RunView;
import org.earlyrank.estimate.tse.ScoreTseStage;
import org.earlyrank.estimate.tse.TseFamily;
import org.earlyrank.report.ReportStage;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.stage.StageRunner;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding an estimator is one class and its registration: a toy estimator registered in the tse family is
 * scored by score-tse, ranked by the report and listed in docs/options.md, with nothing else changed (the
 * example of the package documentation of org.earlyrank.estimate).
 */
class ToyEstimatorTest {
    /** The one class: the validation loss after epoch T, negated (lower loss, higher score). */
    static final class LastValLossEstimator implements PerformanceEstimator {
        private static final long serialVersionUID = 1L;

        @Override
        public String name() {
            return "toy-val-loss";
        }

        @Override
        public Set<String> requiredTables() {
            return Set.of();
        }

        @Override
        public OptionalDouble score(RunView run, int budgetEpoch) {
            CurveRow c = run.curve(budgetEpoch);
            return c == null || c.valLoss() == null ? OptionalDouble.empty() : OptionalDouble.of(-c.valLoss());
        }
    }

    /** Its registration: one entry in the family's list. */
    static final TseFamily FAMILY = TseFamily.DEFAULT.with(new TseFamily.Entry("toy-val-loss", false, false,
            "-(validation loss after epoch T).", (options, effectiveBudget) -> new LastValLossEstimator()));

    @TempDir
    Path dir;

    @Test
    void aRegisteredToyEstimatorIsScoredReportedAndDocumented() throws Exception {
        ScoreTseStage stage = new ScoreTseStage(FAMILY);
        SweepFolder sweep = SmokeSweep.copy(dir);
        SweepConfig cfg = SmokeSweep.config();
        new StageRunner(List.of(stage)).run(stage, TestSpark.session(), cfg, sweep, false);

        // scored: one row per run and budget, the negated validation loss
        Map<String, Double> valLoss = new java.util.HashMap<>();
        sweep.read(CurvesTable.TABLE, "train").stream().map(CurveRow::fromRow)
                .forEach(c -> valLoss.put(c.runId() + "@" + c.epoch(), c.valLoss()));
        List<EstimateRow> toy = sweep.read(EstimatesTable.TABLE, ScoreTseStage.NAME).stream().map(EstimateRow::fromRow)
                .filter(e -> e.estimator().equals("toy-val-loss")).toList();
        assertFalse(toy.isEmpty());
        for (EstimateRow e : toy) {
            assertEquals(-valLoss.get(e.runId() + "@" + e.budgetEpoch()), e.score(), 0.0, e.toString());
        }
        assertTrue(Files.readString(Path.of(sweep.optionsFile().toUri())).contains("\"toy-val-loss\""),
                "options.json records it among the estimators");

        // reported: the report knows estimators only by their rows
        Pipeline.run(Stages.REPORT, TestSpark.session(), cfg, sweep, false);
        List<RankCorrelationRow> ranked = sweep.read(RankCorrelationTable.TABLE, ReportStage.NAME).stream()
                .map(RankCorrelationRow::fromRow).filter(r -> r.estimator().equals("toy-val-loss")).toList();
        assertEquals(4, ranked.size(), "one row per budget of the 4-epoch smoke sweep");
        assertTrue(Files.readString(Path.of(sweep.reportDir().toUri()).resolve(ReportStage.PAGE)).contains("toy-val-loss"));

        // documented, and accepted by the option checks, through the registry
        EstimatorRegistry registry = EstimatorRegistry.of(List.of(stage, Stages.FIT_ENSEMBLE, Stages.FIT_SVR));
        assertTrue(Docs.options(registry).contains("| `toy-val-loss` | tse | `score-tse` | [score-tse](#score-tse) | no |"),
                "a row in docs/options.md's estimators");
        SweepConfig only = ConfigLoader.load(SmokeSweep.confFile(), Map.of("score-tse.estimators", "toy-val-loss"));
        stage.checkOptions(only);
        assertThrows(ConfigException.class, () -> Stages.SCORE_TSE.checkOptions(only), "unknown without the registration");
    }
}
