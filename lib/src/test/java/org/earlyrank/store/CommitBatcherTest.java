package org.earlyrank.store;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Batched commits: a kill loses only the batch in flight, and resuming knows every committed run. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CommitBatcherTest {
    @TempDir
    Path dir;

    private static Map<String, List<Row>> rows(String run) {
        return Map.of(EstimatesTable.NAME, List.of(new EstimateRow("s", run, "tse", 1, 0.5, 0.01, "score-tse").toRow(),
                new EstimateRow("s", run, "tse", 2, 0.6, 0.01, "score-tse").toRow()));
    }

    @Test
    void aKillLosesOnlyTheBatchInFlight() {
        SweepFolder sweep = SweepFolder.at(dir.resolve("s").toString(), new Configuration());
        StageOutput out = new StageOutput(sweep, "score-tse", List.of(EstimatesTable.TABLE));
        CommitBatcher b = new CommitBatcher(out, Long.MAX_VALUE, 3);
        for (int i = 0; i < 7; i++) {
            b.add("r" + i, rows("r" + i));
        }
        // killed here: r6 was added but its batch never committed
        assertEquals(2, b.commits());
        assertEquals(Set.of("r0", "r1", "r2", "r3", "r4", "r5"), CommitBatcher.committedRuns(out));
        out.discardUncommitted();
        CommitBatcher again = new CommitBatcher(out);
        again.add("r6", rows("r6"));
        again.flush();
        again.flush(); // nothing left: no empty commit
        assertEquals(1, again.commits());
        out.publish();
        List<String> got = new ArrayList<>();
        for (Row r : sweep.read(EstimatesTable.TABLE, "score-tse")) {
            got.add(EstimateRow.fromRow(r).runId());
        }
        assertEquals(14, got.size(), "two rows per run, each run once");
        assertEquals(7, got.stream().distinct().count());
    }

    @Test
    void perRunMarkersOfAnOlderStagingAreUnderstood() {
        SweepFolder sweep = SweepFolder.at(dir.resolve("s").toString(), new Configuration());
        StageOutput out = new StageOutput(sweep, "score-tse", List.of(EstimatesTable.TABLE));
        out.commit("r1", rows("r1"), "{\"run_id\":\"r1\",\"rows\":2}");
        new CommitBatcher(out).add("weird id/2", rows("weird id/2"));
        CommitBatcher b = new CommitBatcher(out);
        b.add("weird id/2", rows("weird id/2"));
        b.flush();
        assertEquals(Set.of("r1", "weird id/2"), CommitBatcher.committedRuns(out));
        assertTrue(CommitBatcher.unitOf("weird id/2").startsWith("run-"), "ids with other characters get a UUID unit");
    }
}
