package org.earlyrank.history;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.earlyrank.schema.NightsTable.NightRow;
import org.earlyrank.schema.TableSchema;

/**
 * One night ready to publish: its date, the {@code nights} row and the rows of every history table the
 * sweep has (a table the sweep lacks is absent from {@link #tables}, and publishing removes that night's
 * earlier partition of it). Immutable.
 */
public record Night(LocalDate date, NightRow night, Map<TableSchema, List<Row>> tables) {
    public Night {
        tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
    }

    public String sweepId() {
        return night.sweepId();
    }
}
