package org.earlyrank.config;

/**
 * A configuration or command-line value is wrong. The message names the key (or path), the value found
 * and what is allowed; the CLI prints it without a stack trace and exits with status 2.
 */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
