package org.earlyrank.schema;

import java.util.List;
import java.util.Optional;

/**
 * Every declared table, in the order the analysts' reference (docs/tables.md) lists them. A new table
 * class is added here; a test fails when a class in this package declares a {@code TABLE} that is missing.
 */
public final class Tables {
    public static final List<TableSchema> ALL = List.of(
            RunsTable.TABLE,
            CurvesTable.TABLE,
            StepsTable.TABLE,
            FeaturesTable.TABLE,
            HeadsTable.TABLE,
            EstimatesTable.TABLE,
            RankCorrelationTable.TABLE,
            SvrFitsTable.TABLE,
            EarlyStoppingTable.TABLE,
            MipTrialsTable.TABLE,
            MipImportanceTable.TABLE,
            MipDecisionsTable.TABLE,
            MipPairsTable.TABLE,
            FinalRunsTable.TABLE,
            SearchTrialsTable.TABLE,
            SearchResultsTable.TABLE);

    private Tables() {
    }

    /** The declared table of that name, if any. */
    public static Optional<TableSchema> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
