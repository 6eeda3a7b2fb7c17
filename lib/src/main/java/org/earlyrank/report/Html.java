package org.earlyrank.report;

import java.util.Locale;

/** HTML text helpers for report sections: escaping and number formats. Stateless. */
public final class Html {
    private Html() {
    }

    /** Escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A number with the given decimals, or an en dash for null (an undefined statistic). */
    public static String num(Double v, int decimals) {
        return v == null ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** A fraction as a percentage without decimals, e.g. 25%. */
    public static String pct(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", fraction * 100);
    }

    /** "0.43 [0.12, 0.70]" or "0.43" without interval, "–" when undefined. */
    public static String tauWithInterval(Double tau, Double low, Double high) {
        if (tau == null) {
            return "–";
        }
        return low == null ? num(tau, 3) : num(tau, 3) + " [" + num(low, 2) + ", " + num(high, 2) + "]";
    }

    /** Seconds in a short human form (ms below one second). */
    public static String seconds(Double s) {
        if (s == null) {
            return "–";
        }
        return s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1000) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
