package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StageOutputTest {
    @TempDir
    Path dir;

    private SweepFolder sweep() {
        return SweepFolder.at(dir.resolve("s").toString(), new Configuration());
    }

    private static Map<String, List<org.apache.spark.sql.Row>> rows(String stage, String run, String estimator) {
        return Map.of(EstimatesTable.NAME, List.of(new EstimateRow("s", run, estimator, 1, 0.5, 0.01, stage).toRow()));
    }

    private Set<String> files(String table) throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("s").resolve(table))) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void onlyCommittedUnitsArePublishedAndTheFolderHoldsOnlyPartsAndSuccess() throws Exception {
        StageOutput out = new StageOutput(sweep(), "score-tse", List.of(EstimatesTable.TABLE));
        out.commit("r1", rows("score-tse", "r1", "tse"), "{}");
        out.commit("r2", rows("score-tse", "r2", "tse"), "{}");
        // a unit killed after moving its file but before its marker
        Path pending = dir.resolve("s/_staging/score-tse/tables/estimates");
        Files.copy(pending.resolve("part-score-tse-r1.parquet"), pending.resolve("part-score-tse-r3.parquet"));
        assertEquals(Set.of("r1", "r2"), out.committed().keySet());
        out.discardUncommitted();
        assertFalse(Files.exists(pending.resolve("part-score-tse-r3.parquet")));
        assertFalse(sweep().hasTable(EstimatesTable.NAME), "nothing is visible before publishing");
        out.publish();
        assertEquals(Set.of("part-score-tse-sorted-00000.parquet", "_SUCCESS"), files("estimates"));
        assertFalse(Files.exists(dir.resolve("s/_staging/score-tse")), "staging is removed");
        assertEquals(2, sweep().read(EstimatesTable.TABLE, "score-tse").size());
    }

    @Test
    void stagesSharingATableKeepEachOthersRows() throws Exception {
        StageOutput tse = new StageOutput(sweep(), "score-tse", List.of(EstimatesTable.TABLE));
        tse.commit("r1", rows("score-tse", "r1", "tse"), "{}");
        tse.publish();
        StageOutput fh = new StageOutput(sweep(), "fit-ensemble", List.of(EstimatesTable.TABLE));
        fh.commit("r1", rows("fit-ensemble", "r1", "fh-ensemble"), "{}");
        fh.publish();
        assertEquals(Set.of("part-score-tse-sorted-00000.parquet", "part-fit-ensemble-sorted-00000.parquet", "_SUCCESS"),
                files("estimates"));
        // redoing score-tse replaces its own rows only
        StageOutput again = new StageOutput(sweep(), "score-tse", List.of(EstimatesTable.TABLE));
        again.commit("r2", rows("score-tse", "r2", "tse"), "{}");
        again.publish();
        assertEquals(Set.of("part-score-tse-sorted-00000.parquet", "part-fit-ensemble-sorted-00000.parquet", "_SUCCESS"),
                files("estimates"));
        assertEquals(List.of("fit-ensemble r1", "score-tse r2"), sweep().read(EstimatesTable.TABLE, "x").stream()
                .map(EstimateRow::fromRow).map(e -> e.stage() + " " + e.runId()).sorted().toList());
    }

    @Test
    void anInterruptedPublishFinishesWhenCalledAgain() throws Exception {
        StageOutput first = new StageOutput(sweep(), "score-tse", List.of(EstimatesTable.TABLE));
        first.commit("r1", rows("score-tse", "r1", "tse"), "{}");
        first.publish();
        StageOutput fh = new StageOutput(sweep(), "fit-ensemble", List.of(EstimatesTable.TABLE));
        fh.commit("r1", rows("fit-ensemble", "r1", "fh"), "{}");
        // simulate a crash right after the published folder was moved aside
        Files.createDirectories(dir.resolve("s/_staging/fit-ensemble"));
        Files.createFile(dir.resolve("s/_staging/fit-ensemble/PUBLISHING"));
        Files.createDirectories(dir.resolve("s/_staging/fit-ensemble/old"));
        Files.move(dir.resolve("s/estimates"), dir.resolve("s/_staging/fit-ensemble/old/estimates"));
        assertTrue(fh.publishing());
        fh.publish();
        assertEquals(Set.of("part-score-tse-sorted-00000.parquet", "part-fit-ensemble-sorted-00000.parquet", "_SUCCESS"),
                files("estimates"));
    }

    @Test
    void anEmptyTableStillCarriesItsSchema() throws Exception {
        StageOutput out = new StageOutput(sweep(), "x", List.of(EstimatesTable.TABLE));
        out.publish();
        assertEquals(Set.of("part-x-sorted-00000.parquet", "_SUCCESS"), files("estimates"));
        assertTrue(sweep().read(EstimatesTable.TABLE, "x").isEmpty());
    }

    @Test
    void unitIdsAreChecked() {
        StageOutput out = new StageOutput(sweep(), "x", List.of(EstimatesTable.TABLE));
        assertThrows(IllegalArgumentException.class, () -> out.commit("../evil", Map.of(), "{}"));
    }
}
