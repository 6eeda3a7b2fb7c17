package org.earlyrank.history;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.earlyrank.store.SweepFolder;

/**
 * {@code earlyrank history}: appends a finished sweep to the history as one night and redraws the trend
 * report. The sweep is read and checked whole first ({@link SweepNight}); a refused sweep leaves the
 * history exactly as it was.
 */
public final class NightlyHistory {
    private NightlyHistory() {
    }

    /**
     * @return the night, the sweep, rows per table, the page and the flags of the night (what the CLI prints)
     */
    public static Map<String, Object> append(SweepFolder sweep, History history, LocalDate date) {
        Night night = SweepNight.read(sweep, date, Instant.now());
        Map<String, Integer> rows = history.publish(night);
        Trends trends = Trends.of(history);
        String page = TrendReport.write(history, trends).toString();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("date", date.toString());
        out.put("sweep_id", night.sweepId());
        out.put("rows", rows);
        out.put("nights", trends.nights().size());
        out.put("flags", trends.flags().stream().filter(f -> f.date().equals(date)).map(Trends.Flag::message).toList());
        out.put("report", page);
        return out;
    }
}
