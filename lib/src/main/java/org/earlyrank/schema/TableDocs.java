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
                .append("NULL means not applicable or undefined (never NaN). Identifiers are strings; epochs are 1-based.\n\n")
                .append("Layout: each stage writing a table publishes its rows as a few large files,\n")
                .append("`part-<stage>-sorted-00000.parquet`, `-00001`, ..., whatever it committed while running (one file per run\n")
                .append("or per batch of runs, under `_staging/<stage>/`, so a killed stage resumes). A new file starts at a run\n")
                .append("boundary past 128 MiB (or 1/16 of the stage's rows when that is more: at most about 16 files per stage\n")
                .append("and table); a run's rows are never split across files. Rows are sorted by `run_id`, then `epoch` where\n")
                .append("the table has one, in row groups of 8 MiB, so a reader of one run skips the other row groups through\n")
                .append("their `run_id` statistics (Spark, DuckDB and pyarrow do this for `WHERE run_id = ...`). The footer\n")
                .append("key `earlyrank.sorted_by` says `run_id,epoch` (or `run_id`). Tables a stage shares (`estimates`) hold\n")
                .append("each stage's files. Sweeps published before this layout hold one file per run,\n")
                .append("`part-<stage>-<run_id>.parquet`; every reader above, and EarlyRank's own stages, read both.\n\n");
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
