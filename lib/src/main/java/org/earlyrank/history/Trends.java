package org.earlyrank.history;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.earlyrank.base.Median;
import org.earlyrank.schema.NightsTable;
import org.earlyrank.schema.NightsTable.NightRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;

/**
 * The history's nights and rank correlations, in date order, and the flags the trend report raises:
 * <ul>
 *   <li><b>tau</b>: an estimator's Kendall tau at a budget lies outside every bootstrap interval that the
 *       same estimator had at the same budget on the previous {@value #WINDOW} nights (those that have one):
 *       tonight disagrees with each of them beyond its noise, e.g. after a code or config change;</li>
 *   <li><b>throughput</b>: the night's training images/s per task fell by more than {@value #DROP_PERCENT}%
 *       below the median of the previous {@value #WINDOW} nights'.</li>
 * </ul>
 * A night with no earlier night has nothing to be compared with and is never flagged. Pure computation on
 * rows already read; immutable.
 */
public final class Trends {
    /** Previous nights a night is compared with. */
    public static final int WINDOW = 7;
    /** A throughput drop beyond this (percent of the median) is flagged. */
    public static final int DROP_PERCENT = 20;

    /** One night: its date and nights row. */
    public record NightPoint(LocalDate date, NightRow night) {
    }

    /** One estimator at one budget on one night. */
    public record TauPoint(LocalDate date, RankCorrelationRow row) {
    }

    /**
     * A flagged night.
     *
     * @param kind      tau or throughput
     * @param subject   "estimator @ budget" for tau, "train_images_per_second" for throughput
     * @param value     the night's value
     * @param reference what it was compared with, in words
     */
    public record Flag(LocalDate date, String kind, String subject, double value, String reference) {
        public static final String TAU = "tau";
        public static final String THROUGHPUT = "throughput";

        public String message() {
            return date + " " + kind + " " + subject + ": " + String.format(Locale.ROOT, "%.3f", value) + " " + reference;
        }
    }

    private final List<NightPoint> nights;
    private final List<TauPoint> taus;

    public Trends(List<NightPoint> nights, List<TauPoint> taus) {
        this.nights = nights.stream().sorted(Comparator.comparing(NightPoint::date)).toList();
        this.taus = taus.stream().sorted(Comparator.comparing(TauPoint::date)).toList();
    }

    /** The history's nights and rank correlations. */
    public static Trends of(History history) {
        return new Trends(
                history.read(NightsTable.TABLE).stream()
                        .map(d -> new NightPoint(d.date(), NightRow.fromRow(d.row()))).toList(),
                history.read(RankCorrelationTable.TABLE).stream()
                        .map(d -> new TauPoint(d.date(), RankCorrelationRow.fromRow(d.row()))).toList());
    }

    public List<NightPoint> nights() {
        return nights;
    }

    public List<TauPoint> taus() {
        return taus;
    }

    /** Estimator -> budget -> that series' nights, oldest first. */
    public Map<String, Map<Integer, List<TauPoint>>> series() {
        Map<String, Map<Integer, List<TauPoint>>> out = new TreeMap<>();
        for (TauPoint p : taus) {
            out.computeIfAbsent(p.row().estimator(), e -> new TreeMap<>())
                    .computeIfAbsent(p.row().budgetEpoch(), b -> new ArrayList<>()).add(p);
        }
        return out;
    }

    /** Every flag, by date, then kind and subject. */
    public List<Flag> flags() {
        List<Flag> out = new ArrayList<>();
        series().forEach((estimator, byBudget) -> byBudget.forEach((budget, points) -> {
            for (int i = 1; i < points.size(); i++) {
                Flag f = tauFlag(estimator + " @ " + budget, points.subList(Math.max(0, i - WINDOW), i), points.get(i));
                if (f != null) {
                    out.add(f);
                }
            }
        }));
        for (int i = 1; i < nights.size(); i++) {
            Flag f = throughputFlag(nights.subList(Math.max(0, i - WINDOW), i), nights.get(i));
            if (f != null) {
                out.add(f);
            }
        }
        out.sort(Comparator.comparing(Flag::date).thenComparing(Flag::kind).thenComparing(Flag::subject));
        return out;
    }

    static Flag tauFlag(String subject, List<TauPoint> previous, TauPoint now) {
        Double tau = now.row().kendallTau();
        if (tau == null) {
            return null;
        }
        int intervals = 0;
        double lowest = Double.POSITIVE_INFINITY;
        double highest = Double.NEGATIVE_INFINITY;
        for (TauPoint p : previous) {
            RankCorrelationRow r = p.row();
            if (r.tauCiLow() == null || r.tauCiHigh() == null) {
                continue;
            }
            if (tau >= r.tauCiLow() && tau <= r.tauCiHigh()) {
                return null;
            }
            intervals++;
            lowest = Math.min(lowest, r.tauCiLow());
            highest = Math.max(highest, r.tauCiHigh());
        }
        if (intervals == 0) {
            return null;
        }
        return new Flag(now.date(), Flag.TAU, subject, tau, String.format(Locale.ROOT,
                "lies %s every interval of the previous %d night(s) (%.3f to %.3f)",
                tau > highest ? "above" : tau < lowest ? "below" : "outside", intervals, lowest, highest));
    }

    static Flag throughputFlag(List<NightPoint> previous, NightPoint now) {
        Double v = now.night().trainImagesPerSecond();
        List<Double> before = previous.stream().map(p -> p.night().trainImagesPerSecond())
                .filter(x -> x != null && x > 0).toList();
        if (v == null || before.isEmpty()) {
            return null;
        }
        double median = Median.of(before);
        if (v >= median * (1 - DROP_PERCENT / 100.0)) {
            return null;
        }
        return new Flag(now.date(), Flag.THROUGHPUT, "train_images_per_second", v, String.format(Locale.ROOT,
                "is %.0f%% below the median %.1f of the previous %d night(s)", 100 * (1 - v / median), median, before.size()));
    }
}
