package org.earlyrank.jobs;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;

import org.apache.hadoop.conf.Configuration;
import org.earlyrank.history.History;
import org.earlyrank.history.NightlyHistory;
import org.earlyrank.store.SweepFolder;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code earlyrank history --sweep DIR/<sweep_id> --into HISTORY_DIR [--date YYYY-MM-DD]}: a finished sweep's
 * small tables appended to the nightly history as one night, and the trend report redrawn. Not a stage:
 * it reads the sweep without changing it and writes into the history folder. No Spark (small tables, read
 * and written on this JVM through Hadoop's FileSystem, so HISTORY_DIR may be HDFS or an object store).
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = "Append a finished sweep to the nightly history HISTORY_DIR as one night (HISTORY_DIR/<table>/"
                + "date=YYYY-MM-DD/: nights, rank_correlation, and estimator_comparison, search_results and final_runs "
                + "where the sweep has them), replacing that night's earlier partitions, and redraw "
                + "HISTORY_DIR/report/index.html. An unfinished sweep or a damaged table is refused (exit 2) and the "
                + "history is left as it was.")
public final class HistoryJob implements Callable<Integer> {
    @Option(names = "--sweep", required = true, paramLabel = "DIR/<sweep_id>", description = "The finished sweep.")
    String sweep;

    @Option(names = "--into", required = true, paramLabel = "HISTORY_DIR",
            description = "The history folder (any Hadoop file system URI); created on first use.")
    String into;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The night (default: today, local time).")
    String date;

    @Override
    public Integer call() {
        return Jobs.guard(() -> {
            LocalDate night = date == null ? LocalDate.now() : History.parseDate(date);
            Configuration conf = new Configuration();
            Map<String, Object> summary = NightlyHistory.append(SweepFolder.at(sweep, conf), History.at(into, conf), night);
            Jobs.printSummary("history", summary);
            System.out.println("report: " + summary.get("report"));
            return 0;
        });
    }
}
