package org.earlyrank.schema;

import java.util.Objects;

/**
 * One column of a table: its snake_case name, type, whether it may be NULL, and what it means.
 *
 * @param name     snake_case column name
 * @param type     value type
 * @param nullable whether rows may hold NULL here
 * @param doc      one sentence for the analysts' table reference
 */
public record Column(String name, ColumnType type, boolean nullable, String doc) implements java.io.Serializable {
    public Column {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("column names are snake_case, got " + name);
        }
    }
}
