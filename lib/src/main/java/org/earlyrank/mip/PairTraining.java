package org.earlyrank.mip;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.mip.TrialEvaluator.TrialScore;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.space.RunSpec;
import org.earlyrank.store.StageOutput;
import org.earlyrank.train.TrainingEngine;

/**
 * Scores settings by real training: every (architecture, setting) pair is one run of
 * {@link TrainingEngine} (the train stage's engine),
 * one Spark task, committed as one unit of the prune-mip stage's output under the pair's run id. The id
 * is a hash of everything the run depends on (architecture, seed, complete setting, the knobs MIP never
 * varies, the dataset options), so a pair once committed is never trained again: not in a later
 * iteration, not when a setting is drawn twice, and not when a crashed stage is re-run (the committed
 * units survive until the stage publishes).
 *
 * <p>R_b ranks G by each pair's final validation accuracy (what a search would see); a pair that
 * diverged or failed ranks below every ok one (all such pairs tie). R_f is the reference given to
 * {@link #useTruth}: full training's final validation accuracy, as Eq. 1 and Algorithm 1 line 4 of the
 * paper have it ("R_f ... the performance on validation set"); architectures without one are left out of
 * r_s. Full training's final test accuracy is kept beside it: each score also reports R_b's Spearman
 * correlation with the test ranking, which the search never optimises. The cost of a pair is its
 * {@code train_seconds - capture_seconds}: pairs train without feature capture, and the reference runs
 * of an earlier sweep had theirs subtracted, so costs compare.
 *
 * <p>Driver-side; not thread-safe.
 */
public final class PairTraining implements TrialEvaluator {
    /** What ranks below every ok pair in R_b: accuracies are in [0, 1]. */
    static final double NOT_OK_SCORE = -1.0;

    /**
     * An architecture of G with the seed its pairs train with (the same under every setting, so the
     * setting alone changes its rank).
     *
     * @param macroLayers conv layers of a macro architecture (its runs' cells value); null for nb201
     */
    public record Member(String arch, String space, long seed, Integer macroLayers) implements Serializable {
        public String archId() {
            return RunSpec.archId(arch);
        }

        /** The run spec of this architecture under a complete setting. */
        public RunSpec spec(String runId, TrainingSetting s, double momentum, double weightDecay, String schedule) {
            return new RunSpec(runId, arch, space, seed, macroLayers != null ? macroLayers : s.cells(), s.channels(),
                    s.imageSize(), s.epochs(), s.batchSize(), s.learningRate(), momentum, weightDecay, schedule,
                    s.trainFraction());
        }
    }

    /**
     * The outcome of one pair.
     *
     * @param valAcc  final validation accuracy (R_b; for reference pairs R_f); null unless ok
     * @param testAcc final test accuracy (reported only); null unless ok or when the sweep has no test split
     */
    public record PairResult(String runId, String archId, String status, Double valAcc, Double testAcc,
                             Double costSeconds) {
        static PairResult of(RunRow r) {
            boolean ok = r.ok();
            Double cost = r.trainSeconds() == null ? null
                    : r.trainSeconds() - (r.captureSeconds() == null ? 0 : r.captureSeconds());
            return new PairResult(r.runId(), r.archId(), r.status(), ok ? r.finalValAcc() : null,
                    ok ? r.finalTestAcc() : null, cost);
        }
    }

    /**
     * R_f from full training: final validation accuracy per architecture id (Eq. 1, Algorithm 1 line 4);
     * architectures whose reference run is not ok map to null (left out of r_s).
     */
    public static Map<String, Double> validationTruth(List<PairResult> reference) {
        Map<String, Double> out = new LinkedHashMap<>();
        reference.forEach(r -> out.put(r.archId(), r.valAcc()));
        return out;
    }

    /** Full training's final test accuracy per architecture id: reported beside r_s, never optimised. */
    public static Map<String, Double> testTruth(List<PairResult> reference) {
        Map<String, Double> out = new LinkedHashMap<>();
        reference.forEach(r -> out.put(r.archId(), r.testAcc()));
        return out;
    }

    private final SparkSession spark;
    private final String sweepId;
    private final String group;
    private final StageOutput out;
    private final Consumer<String> note;
    private final List<Member> members;
    private final BudgetSpace space;
    private final double momentum;
    private final double weightDecay;
    private final String schedule;
    private final DatasetOptions dataOpts;
    private final TrainOptions trainOpts;
    private final Map<String, PairResult> results = new LinkedHashMap<>();
    private Map<String, Double> truth;
    private Map<String, Double> testTruth = Map.of();
    private int trainedNow;
    private int requested;

    /**
     * @param trainOpts the train section; pairs train with its limits but without feature capture
     */
    public PairTraining(SparkSession spark, String group, StageOutput out, Consumer<String> note, List<Member> members,
                        BudgetSpace space, double momentum, double weightDecay, String schedule, DatasetOptions dataOpts,
                        TrainOptions trainOpts) {
        this.spark = spark;
        this.sweepId = out.sweep().sweepId();
        this.group = group;
        this.out = out;
        this.note = note;
        this.members = List.copyOf(members);
        this.space = space;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.schedule = schedule;
        this.dataOpts = dataOpts;
        this.trainOpts = withoutCapture(trainOpts);
    }

    /** MIP needs final accuracies only: feature histories would add 5-30% to every pair's cost. */
    static TrainOptions withoutCapture(TrainOptions t) {
        return new TrainOptions(t.epochs(), t.batchSize(), t.learningRate(), t.momentum(), t.weightDecay(), t.schedule(),
                t.trainFraction(), t.maxRunSeconds(), 0, false, t.checkpointEvery(), t.evalBatchSize(), t.onednn(),
                t.divergenceLoss());
    }

    public List<Member> members() {
        return members;
    }

    /** The run id of a pair: {@code p-} and 12 hex digits of a hash of everything the run depends on. */
    public String pairId(Member m, TrainingSetting s) {
        String key = String.join("|", m.arch(), m.space(), Long.toString(m.seed()), s.canonical(),
                Double.toString(momentum), Double.toString(weightDecay), schedule, dataOpts.toString());
        return "p-" + BudgetSetting.shortHash(key);
    }

    /**
     * Trains every pair of G under the given settings that is not committed yet, all in one fan-out, and
     * returns each setting's pair results in G's order.
     */
    public Map<TrainingSetting, List<PairResult>> train(Collection<TrainingSetting> settings) {
        Map<String, RunSpec> specs = new LinkedHashMap<>();
        for (TrainingSetting s : settings) {
            for (Member m : members) {
                String id = pairId(m, s);
                if (!results.containsKey(id)) {
                    specs.putIfAbsent(id, m.spec(id, s, momentum, weightDecay, schedule));
                }
            }
        }
        if (!specs.isEmpty()) {
            int before = out.committed().size();
            TrainingEngine.train(spark, group, out.stage(), sweepId, new ArrayList<>(specs.values()), dataOpts, trainOpts,
                    out, note);
            trainedNow += out.committed().size() - before;
            for (String id : specs.keySet()) {
                results.put(id, PairResult.of(RunRow.fromRow(out.committedRows(id, RunsTable.TABLE).get(0))));
            }
        }
        Map<TrainingSetting, List<PairResult>> out = new LinkedHashMap<>();
        for (TrainingSetting s : settings) {
            List<PairResult> r = new ArrayList<>();
            for (Member m : members) {
                r.add(results.get(pairId(m, s)));
            }
            requested += r.size();
            out.put(s, r);
        }
        return out;
    }

    /**
     * Sets R_f and the reported test ranking.
     *
     * @param truthByArchId R_f: full training's validation accuracy per architecture id (absent or null: left
     *                      out of r_s)
     * @param testByArchId  full training's test accuracy per architecture id, for the reported
     *                      {@code spearman_test} (empty when unknown)
     */
    public void useTruth(Map<String, Double> truthByArchId, Map<String, Double> testByArchId) {
        this.truth = copy(truthByArchId);
        this.testTruth = copy(testByArchId);
    }

    private static Map<String, Double> copy(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (v != null) {
                out.put(k, v);
            }
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    @Override
    public List<TrialScore> evaluate(int iteration, List<BudgetSetting> settings) {
        if (truth == null) {
            throw new IllegalStateException("the reference truth is not set");
        }
        List<TrainingSetting> full = settings.stream().map(space::apply).toList();
        Map<TrainingSetting, List<PairResult>> byS = train(new java.util.LinkedHashSet<>(full));
        List<TrialScore> out = new ArrayList<>();
        for (TrainingSetting s : full) {
            out.add(score(byS.get(s), truth, testTruth));
        }
        return out;
    }

    /**
     * r_s of one setting's pairs against R_f, their mean cost, and (reported) their Spearman correlation
     * with the test ranking.
     *
     * @param truth     R_f: full training's validation accuracy per architecture id
     * @param testTruth full training's test accuracy per architecture id (may be empty)
     */
    static TrialScore score(List<PairResult> pairs, Map<String, Double> truth, Map<String, Double> testTruth) {
        double cost = 0;
        int costs = 0;
        for (PairResult p : pairs) {
            if (p.costSeconds() != null) {
                cost += p.costSeconds();
                costs++;
            }
        }
        double[][] xy = ranked(pairs, truth);
        Double rho = org.earlyrank.rank.RankMetrics.spearmanRho(xy[0], xy[1]);
        double[][] test = ranked(pairs, testTruth);
        Double rhoTest = org.earlyrank.rank.RankMetrics.spearmanRho(test[0], test[1]);
        return new TrialScore(rho == null ? 0.0 : rho, rho != null, costs == 0 ? null : cost / costs, xy[0].length,
                rhoTest);
    }

    /** (reference value, pair score) of the pairs whose architecture has a reference value. */
    private static double[][] ranked(List<PairResult> pairs, Map<String, Double> reference) {
        List<double[]> xy = new ArrayList<>();
        for (PairResult p : pairs) {
            Double t = reference.get(p.archId());
            if (t != null) {
                xy.add(new double[]{t, p.valAcc() != null ? p.valAcc() : NOT_OK_SCORE});
            }
        }
        return new double[][]{xy.stream().mapToDouble(v -> v[0]).toArray(), xy.stream().mapToDouble(v -> v[1]).toArray()};
    }

    /** Every pair result so far, by run id. */
    public Map<String, PairResult> results() {
        return java.util.Collections.unmodifiableMap(results);
    }

    /** Pairs trained by this stage run (not found committed). */
    public int trainedNow() {
        return trainedNow;
    }

    /** Pair results handed out, repeats included. */
    public int requested() {
        return requested;
    }
}
