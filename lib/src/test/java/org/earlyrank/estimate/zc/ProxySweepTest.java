package org.earlyrank.estimate.zc;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.earlyrank.SmokeSweep;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The offline command on the trained smoke sweep's first 3 runs (of 8: each timed run trains an epoch, and
 * ScoreZcStageTest already scores every run's proxies through the stage).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ProxySweepTest {
    @Test
    void theFirstRunsGetEveryProxyFromTheirRebuiltNetworks() {
        SweepFolder sweep = SmokeSweep.get();
        List<RunRow> runs = sweep.read(RunsTable.TABLE, "train").stream().map(RunRow::fromRow)
                .filter(r -> InitialNetwork.whyNot(r) == null).sorted(java.util.Comparator.comparing(RunRow::runId)).limit(3).toList();
        // ProxySweep stops when a rebuilt network's parameter count or FLOPs differ from the runs table
        List<String> lines = ProxySweep.run(sweep, 1, runs.size(), true);
        assertEquals("run_id,arch,estimator,budget_epoch,score,cost_seconds,note,epoch_seconds,train_pass_seconds,build_seconds,"
                + "fit_epoch_seconds_here", lines.get(0));
        assertEquals(1 + runs.size() * ZeroCostProxy.values().length, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = ProxySweep.splitCsvLine(line);
            seen.add(f.get(0) + " " + f.get(2));
            assertEquals("0", f.get(3));
            assertTrue(Double.parseDouble(f.get(5)) > 0, line);
            assertTrue(Double.parseDouble(f.get(7)) > 0, "the run's epoch time: " + line);
            assertTrue(Double.parseDouble(f.get(10)) > 0, "an epoch timed after the proxies: " + line);
            assertTrue(!f.get(4).isEmpty() || f.get(2).equals("zc-jacov") && !f.get(6).isEmpty(), line);
        }
        assertEquals(runs.size() * ZeroCostProxy.values().length, seen.size());
        assertEquals(runs.stream().map(RunRow::runId).collect(java.util.stream.Collectors.toSet()),
                seen.stream().map(k -> k.split(" ")[0]).collect(java.util.stream.Collectors.toSet()), "the first runs in run-id order");
    }
}
