package org.earlyrank.schema;

/**
 * A table is missing, unreadable or not in the declared schema. The message names the table, where it
 * was looked for, and what to do; the CLI prints it as is and exits non-zero.
 */
public class TableException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String table;

    public TableException(String table, String message) {
        super(message);
        this.table = table;
    }

    public TableException(String table, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
    }

    /** The table concerned. */
    public String table() {
        return table;
    }
}
