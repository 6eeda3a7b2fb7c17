package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.earlyrank.SmokeSweep;
import org.earlyrank.TestSpark;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EarlyStoppingTable.EarlyStoppingRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.SvrFitsTable.SvrFitRow;
import org.earlyrank.store.Fs;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fit-svr on a trained sweep (the smoke sweep: 8 runs of 4 epochs, real DL4J training): fewer runs than the
 * training size, so everything is cross-fitted, and the truth is the final test accuracy.
 */
class FitSvrSmokeTest {
    @TempDir
    Path dir;

    @Test
    void aTrainedSweepSmallerThanTheTrainingSizeIsCrossFitted() {
        SweepFolder sweep = SmokeSweep.copy(dir);
        SweepConfig cfg = ConfigLoader.load(SmokeSweep.confFile(), Map.of("fit-svr.search_draws", "20",
                "fit-svr.repeats", "2", "fit-svr.orderings", "2"));
        Map<String, Object> summary = Pipeline.run(Stages.FIT_SVR, TestSpark.session(), cfg, sweep, false);
        SweepData data = SweepData.read(sweep);
        Set<String> ok = data.okRuns().stream().map(h -> h.runId()).collect(Collectors.toSet());
        assertTrue(ok.size() >= FitSvrStage.MIN_RUNS, "the smoke sweep trains " + ok.size() + " ok runs");
        assertEquals(ok.size(), summary.get("usable_runs"));
        assertEquals("final_test_acc", summary.get("truth"));

        List<SvrFitRow> fits = sweep.read(SvrFitsTable.TABLE, FitSvrStage.NAME).stream().map(SvrFitRow::fromRow).toList();
        assertEquals(Set.of(1, 2, 3), fits.stream().map(SvrFitRow::observedEpochs).collect(Collectors.toSet()),
                "every tau < T = 4");
        assertEquals(Set.of("nu-svr-rbf", "ols", "random-forest", "last-seen"),
                fits.stream().map(SvrFitRow::model).collect(Collectors.toSet()));
        assertTrue(fits.stream().allMatch(f -> f.crossFitted() && f.nTrain() < ok.size() && f.nTest() == ok.size()),
                "k-fold cross-fitting: every run held out once per repeat");

        List<EstimateRow> est = sweep.read(EstimatesTable.TABLE, FitSvrStage.NAME).stream().map(EstimateRow::fromRow).toList();
        for (String run : ok) {
            assertEquals(List.of(1, 2, 3), est.stream().filter(e -> e.runId().equals(run)).map(EstimateRow::budgetEpoch)
                    .sorted().toList(), "svr scores every ok run at every budget below T: " + run);
        }
        assertTrue(est.stream().allMatch(e -> Double.isFinite(e.score()) && e.estimator().equals("svr")));

        List<EarlyStoppingRow> stops = sweep.read(EarlyStoppingTable.TABLE, FitSvrStage.NAME).stream()
                .map(EarlyStoppingRow::fromRow).toList();
        assertEquals(3 * 3 + 2, stops.size(), "best, offset, nth-best at three deltas, hyperband, f-hyperband");
        assertTrue(stops.stream().allMatch(s -> s.speedup() >= 1 && s.orderings() == 2));
        String notes = OptionsFile.read(sweep).path("stages").path(FitSvrStage.NAME).path("notes").toString();
        assertTrue(notes.contains("the burn-in is " + ok.size() / 2 + " configurations"), notes);
        assertTrue(notes.contains("f-hyperband: no rung was reached by hyperband_d = 100"), notes);

        // The report ranks the svr estimates with the others and shows fit-svr's tables.
        Pipeline.run(Stages.REPORT, TestSpark.session(), cfg, sweep, false);
        String page = Fs.readString(sweep.fs(), new org.apache.hadoop.fs.Path(sweep.reportDir(), "index.html"));
        assertTrue(page.contains("Curve regression (nu-SVR) and early stopping"), "fit-svr's report section");
        assertTrue(page.contains("<code>svr</code>"), "svr is ranked like every estimator");
        assertTrue(page.contains("<code>f-hyperband</code>") && page.contains("<code>nu-svr-rbf</code>"));
        assertTrue(page.contains("chart-svr"), "R^2 against tau, drawn inline");
    }
}
