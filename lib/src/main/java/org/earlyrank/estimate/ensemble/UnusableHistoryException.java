package org.earlyrank.estimate.ensemble;

/** A run's feature history cannot give an estimate (non-finite values, missing parts); the message says why. */
public final class UnusableHistoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnusableHistoryException(String message) {
        super(message);
    }
}
