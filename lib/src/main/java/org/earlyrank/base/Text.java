package org.earlyrank.base;

import java.util.Locale;

/** The text forms logs and pages share. */
public final class Text {
    private Text() {
    }

    /** Seconds as {@code m:ss} (rounded to the second), e.g. 75.4 -> "1:15". */
    public static String clock(double seconds) {
        long s = Math.round(seconds);
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /** The innermost cause's class and message, at most 500 characters: what a failed run records. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
        return m.length() > 500 ? m.substring(0, 500) + "..." : m;
    }
}
