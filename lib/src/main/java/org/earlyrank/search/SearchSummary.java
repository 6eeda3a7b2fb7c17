package org.earlyrank.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.config.SearchOptions;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;

import smile.stat.distribution.TDistribution;

/**
 * The repeats of each search summarised, the analogue of Cao 2021, Table 4.1 (the searched architecture's
 * test accuracy, mean +- standard deviation over repeats) with the regret of Appendix A.3.2 and the compute
 * as a fraction of training every configuration of the pool fully; and each estimator's search compared with
 * the same search deciding by val-acc.
 *
 * <p>Comparison: searches with the same design_id draw the same order of the pool in repeat r, so the
 * difference of their picks' test accuracies is paired repeat by repeat; the interval is the Student-t
 * interval of the mean paired difference. Its spread is over draws and orders of this one pool (the
 * repeats share the sweep's configurations), not over sweeps: it says how reliably the estimator changes
 * this pool's search, not how it would on another pool.
 *
 * <p>Stateless.
 */
public final class SearchSummary {
    private SearchSummary() {
    }

    /**
     * One search.
     *
     * @param testMean         mean test accuracy of the picks (null without a test split)
     * @param testSd           its sample standard deviation over repeats (null for one repeat)
     * @param regretMean       mean regret against the best of the pool
     * @param computeFraction  mean compute over the compute of training every configuration fully
     * @param computeSeconds   mean compute per repeat
     * @param configurations   mean configurations trained per repeat
     * @param fallbackDecisions decisions (all repeats) that ranked by val-acc for want of the estimator's score
     * @param bestInPool       the pool's best test accuracy
     * @param versusValAcc     the paired comparison with the val-acc search of the same design, or null
     */
    public record Row(String searchId, String designId, String algorithm, String estimator, int repeats, Double testMean,
                      Double testSd, Double regretMean, Double regretSd, double computeFraction, double computeSeconds,
                      double epochsTrained, double configurations, int decisions, int fallbackDecisions,
                      Double bestInPool, Comparison versusValAcc) {
    }

    /**
     * This search's picks against val-acc's, repeat by repeat.
     *
     * @param pairs        repeats both searches have, with a test accuracy
     * @param meanDiff     mean of (this pick's test accuracy - val-acc's pick's)
     * @param low          lower end of the interval (null with fewer than two pairs)
     * @param high         upper end
     * @param confidence   the interval's coverage
     * @param better       repeats where this search's pick is better
     * @param ties         repeats where both picks have the same test accuracy
     * @param worse        repeats where it is worse
     * @param computeRatio mean compute of this search over val-acc's
     */
    public record Comparison(String baselineSearchId, int pairs, double meanDiff, Double low, Double high,
                             double confidence, int better, int ties, int worse, double computeRatio) {
        /** True when the interval lies above zero. */
        public boolean improves() {
            return low != null && low > 0;
        }

        /** True when the interval lies below zero. */
        public boolean worsens() {
            return high != null && high < 0;
        }
    }

    /**
     * @param rows       search_results rows of any number of searches
     * @param confidence coverage of the comparison intervals, e.g. 0.95
     * @return one row per search_id: algorithms in {@link SearchOptions#ALGORITHMS} order, val-acc first
     */
    public static List<Row> of(List<SearchResultRow> rows, double confidence) {
        Map<String, List<SearchResultRow>> bySearch = new LinkedHashMap<>();
        for (SearchResultRow r : rows) {
            bySearch.computeIfAbsent(r.searchId(), k -> new ArrayList<>()).add(r);
        }
        Map<String, String> valAccOfDesign = new HashMap<>();
        for (Map.Entry<String, List<SearchResultRow>> e : bySearch.entrySet()) {
            SearchResultRow any = e.getValue().get(0);
            if (any.estimator().equals(ValAccScorer.NAME) && any.designId() != null) {
                valAccOfDesign.put(any.designId(), e.getKey());
            }
        }
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, List<SearchResultRow>> e : bySearch.entrySet()) {
            List<SearchResultRow> rs = e.getValue();
            SearchResultRow any = rs.get(0);
            String base = any.designId() == null ? null : valAccOfDesign.get(any.designId());
            Comparison cmp = base == null || base.equals(e.getKey()) ? null
                    : compare(rs, bySearch.get(base), base, confidence);
            List<Double> test = rs.stream().map(SearchResultRow::pickTestAcc).filter(v -> v != null).toList();
            List<Double> regret = rs.stream().map(SearchResultRow::regret).filter(v -> v != null).toList();
            Double best = rs.stream().map(SearchResultRow::bestTestAccInPool).filter(v -> v != null).findFirst()
                    .orElse(null);
            out.add(new Row(e.getKey(), any.designId(), any.algorithm(), any.estimator(), rs.size(), mean(test), sd(test),
                    mean(regret), sd(regret), rs.stream().mapToDouble(SearchResultRow::computeFraction).average().orElse(0),
                    rs.stream().mapToDouble(SearchResultRow::computeSeconds).average().orElse(0),
                    rs.stream().mapToDouble(r -> r.epochsTrained() == null ? 0 : r.epochsTrained()).average().orElse(0),
                    rs.stream().mapToInt(SearchResultRow::configurations).average().orElse(0),
                    rs.stream().mapToInt(r -> r.decisions() == null ? 0 : r.decisions()).sum(),
                    rs.stream().mapToInt(r -> r.fallbackDecisions() == null ? 0 : r.fallbackDecisions()).sum(),
                    best, cmp));
        }
        out.sort(Comparator.comparingInt((Row r) -> algorithmOrder(r.algorithm())).thenComparing(Row::algorithm)
                .thenComparing(Row::designId, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(r -> !r.estimator().equals(ValAccScorer.NAME))
                .thenComparing(Row::estimator));
        return out;
    }

    /**
     * The summary as a Markdown table (accuracies and differences in percentage points), for BENCHMARKS.md
     * and the console.
     */
    public static String markdown(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| algorithm | estimator | repeats | pick test acc % (mean +- sd) | vs val-acc, points [95% CI]")
                .append(" (better/same/worse) | regret, points | compute / full | epochs | fallback decisions |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            Comparison c = r.versusValAcc();
            String cmp = c == null ? "-" : String.format(java.util.Locale.ROOT, "%+.2f", 100 * c.meanDiff())
                    + (c.low() == null ? "" : String.format(java.util.Locale.ROOT, " [%+.2f, %+.2f]", 100 * c.low(),
                    100 * c.high())) + " (" + c.better() + "/" + c.ties() + "/" + c.worse() + ")";
            b.append("| ").append(r.algorithm()).append(" | ").append(r.estimator()).append(" | ").append(r.repeats())
                    .append(" | ").append(pm(r.testMean(), r.testSd())).append(" | ").append(cmp).append(" | ")
                    .append(pm(r.regretMean(), r.regretSd())).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.3f", r.computeFraction())).append(" | ")
                    .append(String.format(java.util.Locale.ROOT, "%.1f", r.epochsTrained())).append(" | ")
                    .append(r.fallbackDecisions()).append(" / ").append(r.decisions()).append(" |\n");
        }
        return b.toString();
    }

    private static String pm(Double mean, Double sd) {
        if (mean == null) {
            return "n/a";
        }
        return sd == null ? String.format(java.util.Locale.ROOT, "%.2f", 100 * mean)
                : String.format(java.util.Locale.ROOT, "%.2f +- %.2f", 100 * mean, 100 * sd);
    }

    private static int algorithmOrder(String algorithm) {
        int i = SearchOptions.ALGORITHMS.indexOf(algorithm);
        return i < 0 ? SearchOptions.ALGORITHMS.size() : i;
    }

    static Comparison compare(List<SearchResultRow> search, List<SearchResultRow> baseline, String baselineId,
                              double confidence) {
        Map<Integer, SearchResultRow> base = new HashMap<>();
        baseline.forEach(r -> base.put(r.repeat(), r));
        List<Double> diffs = new ArrayList<>();
        int better = 0;
        int ties = 0;
        int worse = 0;
        double compute = 0;
        double baseCompute = 0;
        for (SearchResultRow r : search) {
            SearchResultRow b = base.get(r.repeat());
            if (b == null || r.pickTestAcc() == null || b.pickTestAcc() == null) {
                continue;
            }
            double d = r.pickTestAcc() - b.pickTestAcc();
            diffs.add(d);
            if (d > 0) {
                better++;
            } else if (d < 0) {
                worse++;
            } else {
                ties++;
            }
            compute += r.computeSeconds();
            baseCompute += b.computeSeconds();
        }
        if (diffs.isEmpty()) {
            return null;
        }
        double m = mean(diffs);
        Double low = null;
        Double high = null;
        if (diffs.size() >= 2) {
            double se = sd(diffs) / Math.sqrt(diffs.size());
            double t = new TDistribution(diffs.size() - 1).quantile((1 + confidence) / 2);
            low = m - t * se;
            high = m + t * se;
        }
        return new Comparison(baselineId, diffs.size(), m, low, high, confidence, better, ties, worse,
                baseCompute > 0 ? compute / baseCompute : Double.NaN);
    }

    static Double mean(List<Double> v) {
        return v.isEmpty() ? null : v.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** Sample standard deviation (n - 1); null for fewer than two values. */
    static Double sd(List<Double> v) {
        if (v.size() < 2) {
            return null;
        }
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.size() - 1));
    }
}
