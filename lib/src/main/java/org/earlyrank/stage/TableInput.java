package org.earlyrank.stage;

import java.util.ArrayList;
import java.util.List;

import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.TableSchema;

/**
 * A table a stage reads. A required table must be published; an optional one is used when its folder
 * exists. Either way, a table that is there must be complete ({@code _SUCCESS}), in the declared schema
 * (extra columns allowed) and readable, or the stage fails before anything in the sweep changes.
 *
 * @param table    the declaration the part files are checked against
 * @param required whether the stage cannot run without it
 */
public record TableInput(TableSchema table, boolean required) {
    public static TableInput required(TableSchema table) {
        return new TableInput(table, true);
    }

    public static TableInput optional(TableSchema table) {
        return new TableInput(table, false);
    }

    /**
     * What every stage that reads trained runs reads first: the required runs and curves tables, then
     * {@code more} in order.
     */
    public static List<TableInput> runsAndCurves(TableInput... more) {
        List<TableInput> in = new ArrayList<>(List.of(required(RunsTable.TABLE), required(CurvesTable.TABLE)));
        in.addAll(List.of(more));
        return List.copyOf(in);
    }

    public String name() {
        return table.name();
    }
}
