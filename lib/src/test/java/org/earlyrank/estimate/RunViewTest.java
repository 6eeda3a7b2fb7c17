package org.earlyrank.estimate;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.ensemble.EnsembleFamily;
import org.earlyrank.estimate.tse.TseFamily;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.store.HadoopConf;
import org.junit.jupiter.api.Test;

/** What a scorer sees of a run: truncated at the budget, rows of other tables included, and able to travel. */
class RunViewTest {
    private static RunSettings settings() {
        return new RunSettings("s", "r1", "a1", "arch", "nb201", "train", 1L, 3, 10L, 20L, 0.1, 64, 5e-4, 8, 1, 14, 1.0,
                Map.of("learning_rate", 0.1), "fashion-mnist", 0.9, "linear", 3, null);
    }

    private static RunView view() {
        List<CurveRow> curves = List.of(
                new CurveRow("s", "r1", 2, 1.5, null, 1.4, 0.5, null, null, null, null, null, null, null),
                new CurveRow("s", "r1", 1, 2.0, null, 1.9, 0.3, null, null, null, null, null, null, null),
                new CurveRow("s", "r1", 3, 1.2, null, 1.3, 0.6, null, null, null, null, null, null, null));
        List<Row> estimates = List.of(
                new EstimateRow("s", "r1", "proxy", 0, 7.0, 0.0, "train").toRow(),
                new EstimateRow("s", "r1", "tse", 1, -2.0, 0.0, "score-tse").toRow(),
                new EstimateRow("s", "r1", "tse", 3, -4.7, 0.0, "score-tse").toRow());
        return new RunView(settings(), curves, Map.of(1, new double[]{2.0}, 2, new double[]{1.5}, 3, new double[]{1.2}),
                Map.of("estimates", estimates), Map.of("features", List.of("/f/part-train-r1.parquet")),
                new HadoopConf(new Configuration()));
    }

    @Test
    void aViewUpToTHidesEveryLaterEpochAndRow() {
        RunView v = view().upTo(2);
        assertEquals(2, v.budget());
        assertEquals(List.of(1, 2), v.curves().stream().map(CurveRow::epoch).toList(), "sorted, up to the budget");
        assertNull(v.curve(3));
        assertThrows(IllegalArgumentException.class, () -> v.stepLosses(3));
        assertEquals(2, v.completeEpochs());
        // the run's own rows of another table: those at the budget or before (a proxy at budget 0 is always there)
        assertEquals(List.of(0, 1), v.rows("estimates").stream().map(r -> EstimateRow.fromRow(r).budgetEpoch()).toList());
        assertEquals(List.of(0), view().upTo(0).rows("estimates").stream()
                .map(r -> EstimateRow.fromRow(r).budgetEpoch()).toList(), "budget 0 sees only the proxy");
        assertEquals(List.of("/f/part-train-r1.parquet"), v.files("features"));
        assertEquals(List.of(), v.files("heads"));
        assertEquals(3, view().rows("estimates").size(), "untruncated: every row");
    }

    @Test
    void viewsAndScorersTravelToExecutors() throws Exception {
        RunView back = roundTrip(view().upTo(2));
        assertEquals(2, back.budget());
        assertEquals(0.5, back.curve(2).valAcc());
        assertEquals(2, back.rows("estimates").size());
        assertNotNull(back.conf(), "the Hadoop configuration travels with it");
        SweepConfig cfg = SweepConfig.defaults();
        SweepData data = SweepData.of("s", List.of(new RunHistory(
                new org.earlyrank.schema.RunsTable.RunRow("s", "r1", "a1", "arch", "nb201", "train", 1L, 3, 3, 10L, 20L,
                        "ok", null, 0.6, 0.6, 1.0, 0.1, 64, 5e-4, 8, 1, 14, 1.0, Map.of(), "fashion-mnist", 0.9, "linear",
                        3, 1, 0.0), view())), true);
        Scorer tse = roundTrip(TseFamily.DEFAULT.fit(new FitInput(data, cfg, TseFamily.DEFAULT.resolve(List.of("all")),
                n -> { })));
        assertEquals(-1.2, tse.score("tse-e", view().upTo(3)).getAsDouble(), 1e-12, "the last epoch's mean, negated");
        Scorer ensemble = roundTrip(EnsembleFamily.DEFAULT.fit(new FitInput(data, cfg,
                List.of("fh-original", "fh-optimized", "fh-ensemble"), n -> { })));
        assertEquals(List.of("fh-original", "fh-optimized", "fh-ensemble"), ensemble.estimators());
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
