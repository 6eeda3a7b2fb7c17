package org.earlyrank.schema;

import java.util.List;
import java.util.Optional;

import org.apache.parquet.schema.MessageType;

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
            EstimatorComparisonTable.TABLE,
            SvrFitsTable.TABLE,
            EarlyStoppingTable.TABLE,
            MipTrialsTable.TABLE,
            MipImportanceTable.TABLE,
            MipDecisionsTable.TABLE,
            MipPairsTable.TABLE,
            MipConfirmationTable.TABLE,
            FinalRunsTable.TABLE,
            SearchTrialsTable.TABLE,
            SearchResultsTable.TABLE,
            NightsTable.TABLE);

    private Tables() {
    }

    /**
     * A declared table as a part file was written: the declaration, widened for the one table whose columns
     * vary (mip_trials: one column per budget parameter, {@link MipTrialsTable#of}).
     *
     * @param footer the part file's schema
     * @param where  the file, for messages
     * @throws IllegalArgumentException when no table of that name is declared
     */
    public static TableSchema asWritten(String name, MessageType footer, String where) {
        TableSchema declared = byName(name).orElseThrow(() -> new IllegalArgumentException("no declared table " + name));
        return name.equals(MipTrialsTable.NAME) ? MipTrialsTable.of(footer, where) : declared;
    }

    /** The declared table of that name, if any. */
    public static Optional<TableSchema> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
