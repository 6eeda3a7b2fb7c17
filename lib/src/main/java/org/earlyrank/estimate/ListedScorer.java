package org.earlyrank.estimate;

import java.util.List;

/** A {@link Scorer} of a list of estimators fixed when it is fitted (the names asked for). */
public abstract class ListedScorer implements Scorer {
    private static final long serialVersionUID = 1L;
    private final List<String> estimators;

    protected ListedScorer(List<String> estimators) {
        this.estimators = List.copyOf(estimators);
    }

    @Override
    public final List<String> estimators() {
        return estimators;
    }
}
