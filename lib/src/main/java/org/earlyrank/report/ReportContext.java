package org.earlyrank.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.EstimatorComparisonTable.ComparisonRow;
import org.earlyrank.schema.RankCorrelationTable;
import org.earlyrank.schema.RankCorrelationTable.RankCorrelationRow;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.SweepFolder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What report sections read: the sweep, the report's options, the truth, the runs, the estimates, the
 * computed {@code rank_correlation} rows (the estimators' and the noise ceiling's), the paired
 * {@code estimator_comparison} rows, each estimator's family, the sweep's {@code options.json}, and any other published table
 * through {@link #table} (read once, cached). Immutable apart from that cache; thread-safe.
 */
public final class ReportContext {
    /** Where score-tse records the effective budget T_eff = floor(0.9 T_o) (Algorithm 1) in options.json. */
    public static final String EFFECTIVE_BUDGET_KEY = "effective_budget_epoch";
    /** Where score-tse records T_o, the first epoch at which a fully trained run overfits. */
    public static final String OVERFIT_EPOCH_KEY = "overfit_epoch";
    public static final String SCORE_TSE = "score-tse";

    private final SweepFolder sweep;
    private final ReportOptions options;
    private final Truth truth;
    private final List<RunRow> runs;
    private final List<EstimateRow> estimates;
    private final List<RankCorrelationRow> rows;
    private final int fullBudget;
    private final JsonNode optionsJson;
    private final List<String> estimators;
    private final List<BestAtBudget> best;
    private final List<ComparisonRow> comparisons;
    private final Function<String, String> family;
    private final Map<String, List<Row>> tables = new ConcurrentHashMap<>();

    /** A context without comparisons, each estimator its own family (tests, a folder without estimates). */
    public ReportContext(SweepFolder sweep, ReportOptions options, Truth truth, List<RunRow> runs,
                         List<EstimateRow> estimates, List<RankCorrelationRow> rows, int fullBudget,
                         JsonNode optionsJson) {
        this(sweep, options, truth, runs, estimates, rows, List.of(), Function.identity(), fullBudget, optionsJson);
    }

    /**
     * @param rows        rank_correlation rows: the estimators' and the ceiling's
     * @param comparisons estimator_comparison rows
     * @param family      an estimator's family (the registry's; the charts colour by it)
     * @param fullBudget  the full budget in epochs (longest planned ok run); 0 when there is none
     * @param optionsJson the sweep's options.json as read before the report started
     */
    public ReportContext(SweepFolder sweep, ReportOptions options, Truth truth, List<RunRow> runs,
                         List<EstimateRow> estimates, List<RankCorrelationRow> rows, List<ComparisonRow> comparisons,
                         Function<String, String> family, int fullBudget, JsonNode optionsJson) {
        this.sweep = sweep;
        this.options = options;
        this.truth = truth;
        this.runs = List.copyOf(runs);
        this.estimates = List.copyOf(estimates);
        this.rows = List.copyOf(rows);
        this.comparisons = List.copyOf(comparisons);
        this.family = family;
        this.fullBudget = fullBudget;
        this.optionsJson = optionsJson;
        TreeSet<String> names = new TreeSet<>();
        List<RankCorrelationRow> estimatorRows = rows.stream().filter(r -> !r.ceiling()).toList();
        estimatorRows.forEach(r -> names.add(r.estimator()));
        this.estimators = List.copyOf(names);
        this.best = BestAtBudget.of(estimatorRows, options.summaryFractions(), fullBudget);
    }

    public SweepFolder sweep() {
        return sweep;
    }

    public String sweepId() {
        return sweep.sweepId();
    }

    public ReportOptions options() {
        return options;
    }

    public Truth truth() {
        return truth;
    }

    public List<RunRow> runs() {
        return runs;
    }

    public List<EstimateRow> estimates() {
        return estimates;
    }

    /** Every rank_correlation row (the ceiling's too), ordered by estimator, then budget. */
    public List<RankCorrelationRow> rows() {
        return rows;
    }

    /** One estimator's rows, by budget. */
    public List<RankCorrelationRow> rows(String estimator) {
        List<RankCorrelationRow> out = new ArrayList<>();
        for (RankCorrelationRow r : rows) {
            if (r.estimator().equals(estimator)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingInt(RankCorrelationRow::budgetEpoch));
        return out;
    }

    /** The ceiling row of that name ({@link RankCorrelationTable#CEILING} or {@code CEILING_SEEDS}), or null. */
    public RankCorrelationRow ceiling(String name) {
        return rows.stream().filter(r -> r.estimator().equals(name)).findFirst().orElse(null);
    }

    /** The estimator_comparison rows: at each budget, the best estimator against each other one. */
    public List<ComparisonRow> comparisons() {
        return comparisons;
    }

    /** The best estimator against each other one at one budget, in table order (no report.pairs rows). */
    public List<ComparisonRow> comparisons(int budget) {
        return comparisons.stream().filter(c -> c.best() && c.budgetEpoch() == budget).toList();
    }

    /** Estimator a against b at one budget (a best-against-other row or a report.pairs row), or null. */
    public ComparisonRow comparison(int budget, String a, String b) {
        return comparisons.stream().filter(c -> c.budgetEpoch() == budget && c.estimator().equals(a)
                && c.versus().equals(b)).findFirst().orElse(null);
    }

    /** The estimator's family (its own name when the registry does not know it). */
    public String family(String estimator) {
        String f = family.apply(estimator);
        return f == null ? estimator : f;
    }

    /** Estimator names (the ceiling rows are not estimators), sorted. */
    public List<String> estimators() {
        return estimators;
    }

    /**
     * The estimator's colour, the same in every chart of the page: one hue per family (the registry's), a
     * shade per variant inside it ({@link Charts#color(int, int)}).
     */
    public Color color(String estimator) {
        return Charts.color(familyIndex(estimator), variant(estimator));
    }

    /** The estimator's line: solid for a family's first variant, then a dash pattern per variant. */
    public BasicStroke stroke(String estimator) {
        return Charts.dashed(variant(estimator));
    }

    /** Index of the estimator's family among the families of the page's estimators, sorted. */
    int familyIndex(String estimator) {
        return new TreeSet<>(estimators.stream().map(this::family).toList()).headSet(family(estimator)).size();
    }

    /** Index of the estimator among its family's estimators on the page, sorted by name. */
    int variant(String estimator) {
        String f = family(estimator);
        return (int) estimators.stream().filter(e -> family(e).equals(f) && e.compareTo(estimator) < 0).count();
    }

    /** Index of the estimator in {@link #estimators()} (for ids). */
    public int index(String estimator) {
        return estimators.indexOf(estimator);
    }

    /** The full budget in epochs (longest planned ok run), 0 when the sweep has no ok run. */
    public int fullBudget() {
        return fullBudget;
    }

    /** The budget of the predicted-against-true charts (report.scatter_budget_fraction of the full budget). */
    public int scatterBudget() {
        return BestAtBudget.budgetOf(options.scatterBudgetFraction(), Math.max(1, fullBudget));
    }

    /** The best estimator at each of report.summary_fractions. */
    public List<BestAtBudget> best() {
        return best;
    }

    /** The sweep's options.json (every stage's options, notes and summary). */
    public JsonNode optionsJson() {
        return optionsJson;
    }

    /** The effective budget T_eff that score-tse recorded, or null. */
    public Integer effectiveBudget() {
        return effectiveBudget(optionsJson);
    }

    /** T_o, the overfitting epoch T_eff derives from, as score-tse recorded it, or null. */
    public Integer overfitEpoch() {
        return recorded(optionsJson, OVERFIT_EPOCH_KEY);
    }

    /** T_eff from options.json: stages."score-tse".effective_budget_epoch (or inside its summary). */
    public static Integer effectiveBudget(JsonNode optionsJson) {
        return recorded(optionsJson, EFFECTIVE_BUDGET_KEY);
    }

    private static Integer recorded(JsonNode optionsJson, String key) {
        JsonNode tse = optionsJson == null ? null : optionsJson.path("stages").path(SCORE_TSE);
        if (tse == null || tse.isMissingNode()) {
            return null;
        }
        for (JsonNode n : List.of(tse.path(key), tse.path("summary").path(key))) {
            if (n.isNumber()) {
                return n.intValue();
            }
        }
        return null;
    }

    /** Whether the sweep has a published table of that name. */
    public boolean hasTable(String name) {
        return sweep.hasTable(name);
    }

    /**
     * A published table's rows, schema-checked, read once per report.
     *
     * @param writtenBy the stage that writes it, for the message when it is missing
     */
    public List<Row> table(TableSchema schema, String writtenBy) {
        return tables.computeIfAbsent(schema.name(), k -> sweep.read(schema, writtenBy));
    }
}
