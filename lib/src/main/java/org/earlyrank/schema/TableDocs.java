package org.earlyrank.schema;

import java.util.List;

/**
 * Renders the analysts' table reference (docs/tables.md) from the table declarations: each table, what one
 * row is, and its columns with type, nullability and meaning. {@code bin/earlyrank docs} writes the file;
 * a test fails when the committed file differs from what this renders.
 */
public final class TableDocs {
    private TableDocs() {
    }

    /** The Markdown text of docs/tables.md for the given tables. */
    public static String render(List<TableSchema> tables) {
        StringBuilder b = new StringBuilder();
        b.append("# Tables\n\n");
        b.append("<!-- Generated from lib/src/main/java/org/earlyrank/schema by `bin/earlyrank docs`; do not edit. -->\n\n");
        b.append("Every table is a folder of Parquet part files inside the sweep folder, `DIR/<sweep_id>/<table>/`,\n")
                .append("published complete with a `_SUCCESS` file. Read one with Spark (`spark.read.parquet(\"DIR/<sweep_id>/runs\")`),\n")
                .append("DuckDB (`SELECT * FROM read_parquet('DIR/<sweep_id>/runs/*.parquet')`), pandas with pyarrow\n")
                .append("(`pd.read_parquet(\"DIR/<sweep_id>/runs\")`), or, without a Parquet reader, as CSV:\n")
                .append("`bin/earlyrank export --sweep DIR/<sweep_id> --table runs --output runs.csv`.\n")
                .append("NULL means not applicable or undefined (never NaN). Identifiers are strings; epochs are 1-based.\n\n");
        for (TableSchema t : tables) {
            b.append("- [").append(t.name()).append("](#").append(t.name())
                    .append("): one row per ").append(t.rowMeaning()).append('\n');
        }
        for (TableSchema t : tables) {
            b.append("\n## ").append(t.name()).append("\n\n");
            b.append("One row per ").append(t.rowMeaning()).append(".\n\n");
            b.append("| column | type | nullable | meaning |\n|---|---|---|---|\n");
            for (Column c : t.columns()) {
                b.append("| `").append(c.name()).append("` | ").append(c.type().sqlName()).append(" | ")
                        .append(c.nullable() ? "yes" : "no").append(" | ").append(cell(c.doc())).append(" |\n");
            }
        }
        return b.toString();
    }

    /** docs/tables.md for every declared table. */
    public static String render() {
        return render(Tables.ALL);
    }

    static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
