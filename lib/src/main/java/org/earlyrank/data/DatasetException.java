package org.earlyrank.data;

import org.earlyrank.config.ConfigException;

/** A dataset is missing or malformed; the message names the package to install or the path expected. */
public class DatasetException extends ConfigException {
    private static final long serialVersionUID = 1L;

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
