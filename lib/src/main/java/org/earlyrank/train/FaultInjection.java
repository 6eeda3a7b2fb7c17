package org.earlyrank.train;

/**
 * A test hook to make training tasks fail on purpose, so retry and resume are tested on real tasks.
 * The system property {@value #PROPERTY} = {@code RUN_ID@EPOCH[xATTEMPTS]} makes run RUN_ID throw after
 * finishing epoch EPOCH on its first ATTEMPTS attempts (default 1). Unset in normal use.
 */
final class FaultInjection {
    static final String PROPERTY = "earlyrank.inject.failure";

    private FaultInjection() {
    }

    static void maybeFail(String runId, int epoch, int attempt) {
        String spec = System.getProperty(PROPERTY);
        if (spec == null || spec.isBlank()) {
            return;
        }
        for (String part : spec.split(",")) {
            String[] a = part.trim().split("[@x]");
            if (a.length >= 2 && a[0].equals(runId) && Integer.parseInt(a[1]) == epoch
                    && attempt <= (a.length > 2 ? Integer.parseInt(a[2]) : 1)) {
                throw new IllegalStateException("injected failure of run " + runId + " after epoch " + epoch
                        + " (attempt " + attempt + ", " + PROPERTY + ")");
            }
        }
    }
}
