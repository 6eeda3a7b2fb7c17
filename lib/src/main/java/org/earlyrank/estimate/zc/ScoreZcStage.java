package org.earlyrank.estimate.zc;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.spark.sql.Row;
import org.earlyrank.base.Median;
import org.earlyrank.config.ScoreZcOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.estimate.EstimatorRegistry;
import org.earlyrank.estimate.ScoringStage;
import org.earlyrank.schema.CurvesTable;
import org.earlyrank.schema.CurvesTable.CurveRow;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.spark.Fanout;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.stage.TableInput;
import org.earlyrank.store.StageOutput;
import org.earlyrank.train.GpuBinding;

/**
 * The {@code score-zc} stage: the zero-cost proxies ({@link ZeroCostProxies}, family {@link ZcFamily}) of
 * every trained run, written to {@code estimates} at budget_epoch 0 ({@code stage = score-zc}), one Spark
 * task per run, committed per run (a killed stage resumes with the runs not yet scored).
 *
 * <p>Where the proxies are computed, and why here: each task rebuilds the run's initial network from its
 * seed ({@link InitialNetwork}: the run's spec from the runs table, the dataset and train options the
 * sweep recorded; DL4J initialises from the seed, and the rebuilt network's parameter count and FLOPs are
 * checked against the runs table) and reads the run's first {@code score-zc.minibatches} training
 * minibatches in its training order ({@link ProxyBatch}), so each proxy sees exactly the network and the
 * data of the run's first update. Issue 18 allows this or a hook in training; a stage of its own keeps
 * training untouched (no second network on its hot path, no proxy cost inside {@code train}'s timings, the
 * checkpoint format unchanged), scores sweeps trained before it existed, and, like every other estimator,
 * can be re-run with other options ({@code --overwrite} replaces only its rows) without invalidating
 * {@code train}. Its price is one network initialisation per run, reported as {@code build_seconds} and not
 * charged to the proxies (training builds that network anyway).
 *
 * <p>{@code cost_seconds} of a row: the proxy's own passes through the network and reduction, plus the
 * assembly of the minibatch for the proxies that read data ({@link ZeroCostProxies#compute}); grad-norm,
 * snip and fisher share one pass and each is charged all of it. The summary gives each proxy's mean cost
 * and the run's proxy cost against its median epoch ({@code curves.epoch_seconds}).
 *
 * <p>Skipped with a note: a sweep with no trained networks (imported curves: no train options in
 * options.json), and runs that cannot be rebuilt ({@link InitialNetwork#whyNot}: imported, a space without
 * networks, a run that failed before building one). A proxy undefined for a network (NaN, e.g. jacov on a
 * network whose output ignores its input) gets no row, with a note.
 */
public final class ScoreZcStage extends DeclaredStage implements ScoringStage {
    public static final String NAME = "score-zc";
    public static final List<TableSchema> OUTPUTS = List.of(EstimatesTable.TABLE);
    public static final List<Section<?>> SECTIONS = List.of(ScoreZcOptions.SECTION);

    public ScoreZcStage() {
        super(NAME, false, TableInput.runsAndCurves(), OUTPUTS, SECTIONS);
    }

    @Override
    public ZcFamily family() {
        return ZcFamily.DEFAULT;
    }

    /** Every name in score-zc.estimators is a proxy. */
    @Override
    public void checkOptions(SweepConfig cfg) {
        EstimatorRegistry.check("score-zc.estimators", cfg.get(ScoreZcOptions.SECTION).estimators(), ScoreZcOptions.ALL,
                ZeroCostProxy.NAMES);
    }

    /**
     * The score-zc section only, with the proxies resolved to names: the networks and data come from what
     * train recorded, not from this config's dataset or train sections.
     */
    @Override
    public Map<String, Object> options(SweepConfig cfg) {
        ScoreZcOptions o = cfg.get(ScoreZcOptions.SECTION);
        Map<String, Object> section = new LinkedHashMap<>(ScoreZcOptions.SECTION.values(o));
        section.put("estimators", ZcFamily.resolve(o.estimators()).stream().map(ZeroCostProxy::estimatorName).toList());
        Map<String, Object> options = new LinkedHashMap<>();
        options.put(NAME, section);
        return options;
    }

    /** What the plan found: train's recorded options, or null for a sweep without networks. */
    record Detail(InitialNetwork.Recorded recorded) {
    }

    /** Reads train's recorded options and loads the dataset, so a missing one fails before anything changes. */
    @Override
    public Plan plan(StageContext ctx) {
        InitialNetwork.Recorded rec = InitialNetwork.recorded(ctx.sweep()).orElse(null);
        if (rec != null) {
            DatasetLoader.load(rec.dataset(), ctx.sweep().conf());
        }
        return super.plan(ctx).withDetail(new Detail(rec));
    }

    /**
     * What one run's task did; also its commit marker (JSON).
     *
     * @param seconds each proxy's cost, by name (NaN scores included)
     * @param note    the proxies that were undefined or failed, and why; or null
     */
    public record Outcome(String runId, int rows, double buildSeconds, Map<String, Double> seconds, String note)
            implements Serializable {
        /** The run's total proxy cost. */
        public double proxySeconds() {
            return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    @Override
    public Map<String, Object> run(StageContext stage) {
        long t0 = System.nanoTime();
        ScoreZcOptions opts = stage.options(ScoreZcOptions.SECTION);
        List<ZeroCostProxy> which = ZcFamily.resolve(opts.estimators());
        InitialNetwork.Recorded rec = stage.plan().detail(Detail.class).recorded();
        List<RunRow> runs = new ArrayList<>(stage.sweep().read(RunsTable.TABLE, stage.writer(RunsTable.NAME)).stream()
                .map(RunRow::fromRow).toList());
        runs.sort((a, b) -> a.runId().compareTo(b.runId()));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("runs", runs.size());
        summary.put("estimators", which.stream().map(ZeroCostProxy::estimatorName).toList());
        if (rec == null) {
            String why = "the sweep has no trained networks (no train options in options.json: imported curves)";
            stage.note(why + "; score-zc writes no rows");
            summary.put("skipped", why);
            return summary;
        }
        List<InitialNetwork.Unit> units = new ArrayList<>();
        Map<String, List<String>> notRebuilt = new LinkedHashMap<>();
        for (RunRow r : runs) {
            String why = InitialNetwork.whyNot(r);
            if (why == null) {
                units.add(InitialNetwork.unitOf(r));
            } else {
                notRebuilt.computeIfAbsent(why, k -> new ArrayList<>()).add(r.runId());
            }
        }
        notRebuilt.forEach((why, ids) -> stage.note("runs " + String.join(", ", ids) + " skipped: " + why));
        StageOutput out = stage.output();
        Set<String> done = out.committed().keySet();
        List<InitialNetwork.Unit> todo = units.stream().filter(u -> !done.contains(u.runId())).toList();
        String sweepId = stage.sweep().sweepId();
        int minibatches = opts.minibatches();
        Fanout.Work<InitialNetwork.Unit, Outcome> work = (u, attempt) -> scoreRun(sweepId, u, rec, minibatches, which, out);
        stage.fanout(new ArrayList<>(todo), units.size() - todo.size(), work);

        List<Outcome> outcomes = new ArrayList<>(out.committedRecords(Outcome.class));
        outcomes.sort((a, b) -> a.runId().compareTo(b.runId()));
        for (Outcome o : outcomes) {
            if (o.note() != null) {
                stage.note("run " + o.runId() + ": " + o.note());
            }
        }
        summary.put("scored", outcomes.size());
        summary.put("scored_now", todo.size());
        summary.put("rows", outcomes.stream().mapToInt(Outcome::rows).sum());
        summary.put("minibatches", minibatches);
        summary.putAll(costs(outcomes, which, epochSeconds(stage)));
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    /** The task of one run: rebuild its initial network, compute the proxies, commit their rows. */
    static Outcome scoreRun(String sweepId, InitialNetwork.Unit u, InitialNetwork.Recorded rec, int minibatches,
                            List<ZeroCostProxy> which, StageOutput out) {
        if (out.isCommitted(u.runId())) {
            return null; // a retried or speculative attempt after the commit
        }
        GpuBinding.bindCurrentTask();
        InitialNetwork init = InitialNetwork.rebuild(sweepId, u, rec.dataset(), rec.train(), out.sweep().conf());
        List<ProxyScore> scores;
        try {
            scores = init.proxies(minibatches, which);
        } finally {
            init.release();
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Double> seconds = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (ProxyScore p : scores) {
            String name = p.proxy().estimatorName();
            seconds.put(name, p.seconds());
            if (p.defined()) {
                rows.add(new EstimateRow(sweepId, u.runId(), name, 0, p.score(), p.seconds(), NAME).toRow());
            } else {
                notes.add(name + " " + p.note());
            }
        }
        Outcome o = new Outcome(u.runId(), rows.size(), init.buildSeconds(), seconds,
                notes.isEmpty() ? null : String.join("; ", notes));
        out.commit(u.runId(), rows.isEmpty() ? Map.of() : Map.of(EstimatesTable.NAME, rows), StageOutput.marker(o));
        return o;
    }

    /** Median epoch_seconds of each run's epochs (the unit a proxy's cost is compared with). */
    private static Map<String, Double> epochSeconds(StageContext stage) {
        Map<String, List<Double>> byRun = new HashMap<>();
        for (Row r : stage.sweep().read(CurvesTable.TABLE, stage.writer(CurvesTable.NAME))) {
            CurveRow c = CurveRow.fromRow(r);
            if (c.epoch() >= 1 && c.epochSeconds() != null && c.epochSeconds() > 0) {
                byRun.computeIfAbsent(c.runId(), k -> new ArrayList<>()).add(c.epochSeconds());
            }
        }
        Map<String, Double> out = new HashMap<>();
        byRun.forEach((id, s) -> out.put(id, Median.of(s)));
        return out;
    }

    /**
     * Each proxy's mean cost, the median build time, and the median of each run's proxy cost over its median
     * epoch (the fraction of an epoch the proxies cost).
     */
    static Map<String, Object> costs(List<Outcome> outcomes, List<ZeroCostProxy> which, Map<String, Double> epochSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (outcomes.isEmpty()) {
            return m;
        }
        Map<String, Double> mean = new LinkedHashMap<>();
        for (ZeroCostProxy p : which) {
            String n = p.estimatorName();
            mean.put(n, outcomes.stream().mapToDouble(o -> o.seconds().getOrDefault(n, 0.0)).average().orElse(0));
        }
        m.put("mean_seconds_by_proxy", mean);
        m.put("median_run_proxy_seconds", Median.of(outcomes.stream().mapToDouble(Outcome::proxySeconds).toArray()));
        m.put("median_build_seconds", Median.of(outcomes.stream().mapToDouble(Outcome::buildSeconds).toArray()));
        double[] ratio = outcomes.stream().filter(o -> epochSeconds.containsKey(o.runId()))
                .mapToDouble(o -> o.proxySeconds() / epochSeconds.get(o.runId())).toArray();
        m.put("median_run_proxy_seconds_per_epoch_second", ratio.length > 0 ? Median.of(ratio) : null);
        return m;
    }
}
