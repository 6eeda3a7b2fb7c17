package org.earlyrank.estimate.combined;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.spark.sql.Row;
import org.earlyrank.config.FitCombinedOptions;
import org.earlyrank.config.ReportOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.EstimatorFamily.FitInput;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.Score;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.StageOutput;

/**
 * The {@code fit-combined} stage: cross-fits the {@link CombinedFamily} on every other estimator's rows in
 * {@code estimates} and writes the {@value CombinedInputs#NAME} estimator's scores of every run at every
 * budget where at least {@value CombinedEstimator#MIN_RUNS} runs have a truth ({@code stage =
 * fit-combined}), in one unit. It runs after every other scoring stage (the last before the report in
 * {@code earlyrank sweep}); run on its own it combines whatever the sweep holds.
 *
 * <p>Its own earlier rows are never inputs ({@link CombinedInputs} leaves the estimator out). The summary
 * records, per budget, the inputs and how often nested cross-validation chose each candidate model. The
 * truth is the report's ({@code report.truth}, {@code report.truth_last_k}); options.json records the
 * fit-combined section and those two keys only, so changing the report's other options leaves it complete.
 *
 * <p>Computes on the driver: the data are runs x inputs per budget, and each fold's fits take milliseconds
 * to seconds (Smile trees on tens of runs).
 */
public final class FitCombinedStage extends DeclaredStage implements ScoringStage {
    public static final String NAME = "fit-combined";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(FitCombinedOptions.SECTION, ReportOptions.SECTION);
    static final String UNIT = "estimates";

    private final Supplier<EstimatorRegistry> registry;

    /** @param registry the estimators fit-combined.exclude may name */
    public FitCombinedStage(Supplier<EstimatorRegistry> registry) {
        super(NAME, false, TableInput.runsAndCurves(TableInput.required(EstimatesTable.TABLE)), OUTPUTS, SECTIONS);
        this.registry = registry;
    }

    @Override
    public CombinedFamily family() {
        return CombinedFamily.DEFAULT;
    }

    /** fit-combined.exclude names registered estimators. */
    @Override
    public void checkOptions(SweepConfig cfg) {
        List<String> exclude = cfg.get(FitCombinedOptions.SECTION).exclude();
        if (!exclude.isEmpty()) {
            EstimatorRegistry.check("fit-combined.exclude", exclude, "", registry.get().names());
        }
    }

    /** The fit-combined section and the truth it fits (report.truth, report.truth_last_k). */
    @Override
    public Map<String, Object> options(SweepConfig cfg) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(NAME, FitCombinedOptions.SECTION.values(cfg.get(FitCombinedOptions.SECTION)));
        ReportOptions r = cfg.get(ReportOptions.SECTION);
        Map<String, Object> truth = new LinkedHashMap<>();
        truth.put("truth", r.truth());
        truth.put("truth_last_k", r.truthLastK());
        options.put(ReportOptions.SECTION.name(), truth);
        return options;
    }

    @Override
    public Map<String, Object> run(StageContext stage) {
        long t0 = System.nanoTime();
        SweepData data = SweepData.read(stage.sweep(), List.of(EstimatesTable.TABLE));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", data.runs().size());
        StageOutput out = stage.output();
        if (out.isCommitted(UNIT)) {
            return summary;
        }
        CombinedFamily.Fitted fitted = CombinedFamily.DEFAULT.fit(new FitInput(data, stage.config(),
                List.of(CombinedInputs.NAME), stage::note));
        List<Integer> budgets = fitted.budgets();
        if (budgets.isEmpty()) {
            stage.note("no budget has " + CombinedEstimator.MIN_RUNS + " runs with a truth and other estimators' scores "
                    + "(run the other estimators first); fit-combined writes no rows");
        }
        List<Row> rows = new ArrayList<>();
        for (RunHistory h : data.runs()) {
            for (Score s : fitted.scoreRun(h.view(), budgets).scores()) {
                rows.add(new EstimateRow(data.sweepId(), h.runId(), s.estimator(), s.budget(), s.value(), s.costSeconds(),
                        NAME).toRow());
            }
        }
        out.commit(UNIT, rows.isEmpty() ? Map.of() : Map.of(EstimatesTable.NAME, rows), "{\"rows\":" + rows.size() + "}");
        Map<String, Object> perBudget = new LinkedHashMap<>();
        for (CombinedInputs.Design d : fitted.designs()) {
            if (!budgets.contains(d.budget())) {
                continue;
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("inputs", d.columns());
            b.put("chosen", fitted.result().choiceCounts(d.budget()));
            perBudget.put(String.valueOf(d.budget()), b);
        }
        summary.put("truth", fitted.truth());
        summary.put("budgets", budgets);
        summary.put("rows", rows.size());
        summary.put("by_budget", perBudget);
        summary.put("fit_seconds", fitted.fitSeconds());
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }
}
