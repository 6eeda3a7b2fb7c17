package org.earlyrank.mip;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import org.apache.spark.sql.Row;
import org.earlyrank.config.ConfigException;
import org.earlyrank.config.DatasetOptions;
import org.earlyrank.config.PruneMipOptions;
import org.earlyrank.config.Section;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.config.TrainOptions;
import org.earlyrank.data.DatasetLoader;
import org.earlyrank.data.DatasetSplits;
import org.earlyrank.mip.MipSearch.Decision;
import org.earlyrank.mip.MipSearch.Importance;
import org.earlyrank.mip.MipSearch.Trial;
import org.earlyrank.mip.PairTraining.Member;
import org.earlyrank.mip.PairTraining.PairResult;
import org.earlyrank.mip.TrialEvaluator.TrialScore;
import org.earlyrank.report.ReportSection;
import org.earlyrank.report.ReportedStage;
import org.earlyrank.report.sections.MipSection;
import org.earlyrank.schema.ColumnType;
import org.earlyrank.schema.MipConfirmationTable;
import org.earlyrank.schema.MipConfirmationTable.ConfirmationRow;
import org.earlyrank.schema.MipDecisionsTable;
import org.earlyrank.schema.MipDecisionsTable.DecisionRow;
import org.earlyrank.schema.MipImportanceTable;
import org.earlyrank.schema.MipImportanceTable.ImportanceRow;
import org.earlyrank.schema.MipPairsTable;
import org.earlyrank.schema.MipPairsTable.PairRow;
import org.earlyrank.schema.MipTrialsTable;
import org.earlyrank.schema.MipTrialsTable.TrialRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.RunsTable.RunRow;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.space.Architecture;
import org.earlyrank.space.CellArch;
import org.earlyrank.space.MacroArch;
import org.earlyrank.space.RunSampler;
import org.earlyrank.stage.DeclaredStage;
import org.earlyrank.stage.Plan;
import org.earlyrank.stage.StageContext;
import org.earlyrank.store.OptionsFile;
import org.earlyrank.store.SweepFolder;
import org.earlyrank.train.TrainStage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The {@code prune-mip} stage: minimum importance pruning on real training. It owns its sweep folder
 * (see the package documentation for the layout): the runs of every (architecture, setting) pair, and
 * the tables mip_trials, mip_importance, mip_decisions and mip_pairs. Re-running it with the same options
 * resumes: every pair already committed is reused, and the seeded search draws the same settings again,
 * so nothing is trained twice. Different options stop with an error unless {@code --overwrite}, which
 * starts the folder afresh. Its report section ({@link MipSection}) is drawn by the report stage, which the
 * pipeline runs on the folder after it: {@code report/index.html} (overview and
 * the MIP section) and an empty rank_correlation. The training itself is
 * {@link org.earlyrank.train.TrainingEngine}'s, under this stage's job group.
 */
public final class PruneMipStage extends DeclaredStage implements ReportedStage {
    public static final String NAME = "prune-mip";
    public static final List<Section<?>> SECTIONS = List.of(DatasetOptions.SECTION, SpaceOptions.SECTION,
            TrainOptions.SECTION, PruneMipOptions.SECTION);
    /** Its section of the report page. */
    static final List<ReportSection> REPORT_SECTIONS = List.of(new MipSection());
    private static final String TABLES_UNIT = "mip-tables";

    private final MipSearch.Listener hook;

    public PruneMipStage() {
        this(null);
    }

    /** @param hook called after each iteration (tests crash the stage there), or null */
    PruneMipStage(MipSearch.Listener hook) {
        // It owns its folder (a root stage); a run writes mip_trials with one column per budget parameter
        // (outputs(List)), declared here without them.
        super(NAME, true, List.of(), outputs(List.of()), SECTIONS);
        this.hook = hook;
    }

    /** The tables the stage writes for a budget space: the train tables, then the MIP tables. */
    public static List<TableSchema> outputs(List<BudgetParameter> omega) {
        List<TableSchema> out = new ArrayList<>(TrainStage.OUTPUTS);
        out.add(trialsTable(omega));
        out.add(MipImportanceTable.TABLE);
        out.add(MipDecisionsTable.TABLE);
        out.add(MipPairsTable.TABLE);
        out.add(MipConfirmationTable.TABLE);
        return out;
    }

    /** mip_trials for a budget space: one column per parameter, in Omega's order. */
    public static TableSchema trialsTable(List<BudgetParameter> omega) {
        Map<String, ColumnType> cols = new LinkedHashMap<>();
        for (BudgetParameter p : omega) {
            cols.put(p.key(), p.integer() ? ColumnType.INT : ColumnType.DOUBLE);
        }
        return MipTrialsTable.table(cols);
    }

    @Override
    public List<ReportSection> reportSections() {
        return REPORT_SECTIONS;
    }

    /** What the plan checked and read: the dataset, the budget space, the reference sweep (or null). */
    record Checked(DatasetSplits data, List<BudgetParameter> omega, Reference ref, TrainingSetting full,
                   BudgetSpace space, long seed) {
    }

    /**
     * Checks the dataset (at every image size of the budget space) and the reference sweep, before
     * anything in the folder changes.
     */
    @Override
    public Plan plan(StageContext ctx) {
        SweepConfig cfg = ctx.config();
        SweepFolder sweep = ctx.sweep();
        PruneMipOptions opts = cfg.get(PruneMipOptions.SECTION);
        SpaceOptions spaceOpts = cfg.get(SpaceOptions.SECTION);
        DatasetOptions dataOpts = cfg.get(DatasetOptions.SECTION);
        TrainOptions trainOpts = cfg.get(TrainOptions.SECTION);
        List<BudgetParameter> omega = BudgetParameter.of(opts.parameters());
        long seed = opts.seed() != null ? opts.seed() : cfg.seed();

        DatasetSplits data = DatasetLoader.load(dataOpts, sweep.conf());
        int nativeSize = data.train().height();
        Reference ref = opts.referenceSweep() == null
                ? null : Reference.fromSweep(SweepFolder.at(opts.referenceSweep(), sweep.conf()), cfg, opts);
        String spaceType = ref != null ? ref.members.get(0).space() : spaceOpts.type();
        if (omega.contains(BudgetParameter.CELLS) && spaceType.equals(MacroArch.SPACE)) {
            throw new ConfigException("prune-mip.parameters names 'cells', the nb201 cells per stage, but the space is "
                    + "macro (conv layers are part of the architecture); drop 'cells' from prune-mip.parameters");
        }
        TrainingSetting full = ref != null ? ref.full : fullSetting(dataOpts, spaceOpts, trainOpts, nativeSize);
        BudgetSpace space = BudgetSpace.of(opts, full);
        Set<Integer> sizes = new LinkedHashSet<>();
        sizes.add(full.imageSize());
        if (omega.contains(BudgetParameter.IMAGE_SIZE)) {
            space.values(BudgetParameter.IMAGE_SIZE).forEach(v -> sizes.add((int) Math.round(v)));
        }
        for (int size : sizes) {
            try {
                DatasetLoader.load(dataOpts.withImageSize(size), sweep.conf());
            } catch (ConfigException e) {
                throw new ConfigException("prune-mip.image_size " + size + ": " + e.getMessage(), e);
            }
        }
        return Plan.of(options(cfg), outputs(omega)).withDetail(new Checked(data, omega, ref, full, space, seed));
    }

    @Override
    public Map<String, Object> run(StageContext stage) {
        Checked checked = stage.plan().detail(Checked.class);
        SweepFolder sweep = stage.sweep();
        PruneMipOptions opts = stage.options(PruneMipOptions.SECTION);
        TrainOptions trainOpts = stage.options(TrainOptions.SECTION);
        DatasetSplits data = checked.data();
        Reference ref = checked.ref();
        TrainingSetting full = checked.full();
        BudgetSpace space = checked.space();
        long seed = checked.seed();
        stage.put("dataset_checksums", data.checksums());
        long t0 = System.nanoTime();

        SpaceOptions spaceOpts = stage.options(SpaceOptions.SECTION);
        // G, and G' (confirm_architectures more, disjoint from G) on which the chosen setting is confirmed.
        List<Member> sampled = ref != null ? List.of()
                : sampleMembers(spaceOpts, opts.architectures() + opts.confirmArchitectures(), seed);
        List<Member> members = ref != null ? ref.members : sampled.subList(0, opts.architectures());
        List<Member> confirmMembers = ref != null ? ref.confirmMembers
                : sampled.subList(opts.architectures(), sampled.size());
        double momentum = ref != null ? ref.momentum : trainOpts.momentum();
        double weightDecay = ref != null ? ref.weightDecay : trainOpts.weightDecay().get(0);
        String schedule = ref != null ? ref.schedule : trainOpts.schedule().get(0);
        noteFirstValues(stage, ref, spaceOpts, trainOpts);
        PairTraining pairs = new PairTraining(stage.spark(), group(), stage.output(), stage::note, members, space,
                momentum, weightDecay, schedule, stage.options(DatasetOptions.SECTION), trainOpts);

        // R_f: full training of G, from the reference sweep or trained here as pairs at the full setting; its
        // final validation accuracy (Eq. 1, Algorithm 1 line 4), the test accuracy only reported.
        List<PairRow> pairRows = new ArrayList<>();
        String fullId = space.fullPoint().id();
        List<PairResult> refResults = ref != null ? ref.results
                : pairs.train(List.of(full)).get(full);
        Map<String, Double> truth = PairTraining.validationTruth(refResults);
        Map<String, Double> testTruth = PairTraining.testTruth(refResults);
        double fullCost = 0;
        int costs = 0;
        for (PairResult r : refResults) {
            pairRows.add(new PairRow(sweep.sweepId(), r.runId(), r.archId(), fullId, "reference", r.status(), r.valAcc(),
                    r.testAcc(), r.costSeconds()));
            if (r.costSeconds() != null && r.valAcc() != null) {
                fullCost += r.costSeconds();
                costs++;
            }
        }
        long withTruth = truth.values().stream().filter(Objects::nonNull).count();
        if (withTruth < 3) {
            throw new ConfigException("only " + withTruth + " of " + members.size() + " architectures of G finished full "
                    + "training ok; r_s needs at least 3: raise prune-mip.architectures or train.max_run_seconds");
        }
        if (withTruth < members.size()) {
            stage.note((members.size() - withTruth) + " of " + members.size() + " architectures have no full-training "
                    + "truth (not ok) and are left out of r_s");
        }
        fullCost /= costs;
        pairs.useTruth(truth, testTruth);

        FlopsCostModel costModel = new FlopsCostModel(members, data.train().channels(), data.train().numClasses(),
                data.train().count(), data.val().count() + (data.hasTest() ? data.test().count() : 0));
        CostAwareSampler sampler = new CostAwareSampler(space, costModel, opts.temperature());
        MipSearch.Options searchOpts = new MipSearch.Options(opts.trialsPerIteration(), opts.importanceThreshold(),
                opts.costLambda(), fullCost, opts.forestTrees(), seed);
        MipSearch.Result result = new MipSearch(sampler, pairs, searchOpts).run((it, d, imp) -> {
            System.err.println("[" + NAME + "] iteration " + it + ": importance " + describe(imp) + "; fixed "
                    + d.parameter().key() + " = " + d.parameter().format(d.value()) + " (" + d.reason() + ")");
            if (hook != null) {
                hook.afterIteration(it, d, imp);
            }
        });

        double fullModel = costModel.cost(full);
        TableSchema trialsTable = trialsTable(checked.omega());
        List<Row> trialRows = new ArrayList<>();
        // The reference row: R_f against itself (r_s = 1), and full training's validation ranking against its
        // test ranking in spearman_test (how far a perfect estimator of R_f is from the test ranking).
        TrialScore refScore = PairTraining.score(refResults, truth, testTruth);
        Trial refTrial = new Trial(0, 1, MipSearch.REFERENCE, space.fullPoint(), refScore,
                refScore.spearman() - opts.costLambda());
        trialRows.add(trialRow(sweep.sweepId(), refTrial, false, fullCost, 1.0, trialsTable));
        Set<String> listed = new java.util.HashSet<>();
        pairRows.forEach(p -> listed.add(p.runId()));
        for (Trial t : result.trials()) {
            double model = costModel.cost(space.apply(t.setting())) / fullModel;
            trialRows.add(trialRow(sweep.sweepId(), t, t == result.best(), fullCost, model, trialsTable));
            for (Member m : members) {
                String id = pairs.pairId(m, space.apply(t.setting()));
                PairResult r = pairs.results().get(id);
                if (listed.add(id)) {
                    pairRows.add(new PairRow(sweep.sweepId(), id, m.archId(), t.setting().id(), "budget", r.status(),
                            r.valAcc(), r.testAcc(), r.costSeconds()));
                }
            }
        }
        List<Row> importanceRows = new ArrayList<>();
        for (Importance i : result.importances()) {
            importanceRows.add(new ImportanceRow(sweep.sweepId(), i.iteration(), i.parameter().key(), i.importance(),
                    i.raw(), i.rank(), i.trials()).toRow());
        }
        Confirmed confirmed = confirm(stage, result.best(), confirmMembers, ref, space, full, momentum, weightDecay,
                schedule, fullId, listed, pairRows);
        List<Row> decisionRows = new ArrayList<>();
        for (Decision d : result.decisions()) {
            decisionRows.add(new DecisionRow(sweep.sweepId(), d.iteration(), d.parameter().key(), d.value(), d.reason(),
                    d.rule(), d.importance()).toRow());
        }
        Map<String, List<Row>> tables = new LinkedHashMap<>();
        tables.put(MipTrialsTable.NAME, trialRows);
        tables.put(MipImportanceTable.NAME, importanceRows);
        tables.put(MipDecisionsTable.NAME, decisionRows);
        tables.put(MipPairsTable.NAME, pairRows.stream().map(PairRow::toRow).toList());
        tables.put(MipConfirmationTable.NAME, confirmed == null ? List.of()
                : List.of(new ConfirmationRow(sweep.sweepId(), confirmed.setting().canonical(), confirmed.c().architectures(),
                        confirmed.c().spearman(), confirmed.c().ciLow(), confirmed.c().ciHigh(), confirmed.c().costSeconds(),
                        confirmed.c().fullCostSeconds()).toRow()));
        stage.output().commit(TABLES_UNIT, tables, "{\"unit\":\"" + TABLES_UNIT + "\"}");

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("architectures", members.size());
        summary.put("architectures_with_truth", withTruth);
        summary.put("iterations", result.decisions().size());
        summary.put("trials", result.trials().size());
        summary.put("pairs", pairRows.size());
        summary.put("pairs_trained_now", pairs.trainedNow() + (confirmed == null ? 0 : confirmed.trainedNow()));
        summary.put("full_cost_seconds", fullCost);
        summary.put("final_setting", result.finalSetting().canonical());
        Trial best = result.best();
        if (best != null) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("setting", best.setting().canonical());
            b.put("kind", best.kind());
            b.put("spearman", best.score().spearman());
            b.put("spearman_defined", best.score().defined());
            b.put("mean_cost_seconds", best.score().meanCostSeconds());
            b.put("cost_ratio", best.score().meanCostSeconds() / fullCost);
            b.put("objective", best.objective());
            summary.put("best", b);
        }
        List<String> decisions = new ArrayList<>();
        for (Decision d : result.decisions()) {
            decisions.add(d.parameter().key() + "=" + d.parameter().format(d.value()) + " (" + d.rule() + ")");
        }
        summary.put("decisions", decisions);
        if (confirmed != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("setting", confirmed.setting().canonical());
            c.put("architectures", confirmed.c().architectures());
            c.put("spearman", confirmed.c().spearman());
            c.put("ci_low", confirmed.c().ciLow());
            c.put("ci_high", confirmed.c().ciHigh());
            c.put("cost_seconds", confirmed.c().costSeconds());
            c.put("full_cost_seconds", confirmed.c().fullCostSeconds());
            summary.put("confirmation", c);
        }
        summary.put("wall_seconds", (System.nanoTime() - t0) / 1e9);
        return summary;
    }

    /** The confirmation of the chosen setting, and the pairs it trained now. */
    record Confirmed(TrainingSetting setting, Confirmation c, int trainedNow) {
    }

    /**
     * Trains G' under full training (unless the reference sweep has it) and under the chosen setting, in one
     * fan-out, and scores r_s there; adds the pairs to mip_pairs (kinds confirmation_reference and
     * confirmation). Null when there is no G' or no chosen setting.
     */
    private Confirmed confirm(StageContext stage, Trial best, List<Member> confirmMembers, Reference ref,
                              BudgetSpace space, TrainingSetting full, double momentum, double weightDecay,
                              String schedule, String fullId, Set<String> listed, List<PairRow> pairRows) {
        if (confirmMembers.isEmpty()) {
            return null;
        }
        if (best == null) {
            stage.note("no setting was chosen (none has a measured cost): the confirmation on "
                    + confirmMembers.size() + " other architectures was skipped");
            return null;
        }
        String sweepId = stage.sweep().sweepId();
        TrainingSetting chosen = space.apply(best.setting());
        PairTraining confirm = new PairTraining(stage.spark(), group(), stage.output(), stage::note, confirmMembers, space,
                momentum, weightDecay, schedule, stage.options(DatasetOptions.SECTION), stage.options(TrainOptions.SECTION));
        Map<TrainingSetting, List<PairResult>> trained = confirm.train(ref != null ? List.of(chosen) : List.of(full, chosen));
        List<PairResult> fullResults = ref != null ? ref.confirmResults : trained.get(full);
        List<PairResult> budget = trained.get(chosen);
        for (PairResult r : fullResults) {
            if (listed.add(r.runId())) {
                pairRows.add(new PairRow(sweepId, r.runId(), r.archId(), fullId, "confirmation_reference", r.status(),
                        r.valAcc(), r.testAcc(), r.costSeconds()));
            }
        }
        for (PairResult r : budget) {
            if (listed.add(r.runId())) {
                pairRows.add(new PairRow(sweepId, r.runId(), r.archId(), best.setting().id(), "confirmation", r.status(),
                        r.valAcc(), r.testAcc(), r.costSeconds()));
            }
        }
        Confirmation c = Confirmation.of(budget, fullResults, stage.options(PruneMipOptions.SECTION).confidence());
        System.err.println("[" + NAME + "] confirmation on " + c.architectures() + " other architectures: r_s "
                + c.spearman() + " [" + c.ciLow() + ", " + c.ciHigh() + "]");
        return new Confirmed(chosen, c, confirm.trainedNow());
    }

    private static TrialRow trialRowRecord(String sweepId, Trial t, boolean chosen, double fullCost, double model) {
        Map<String, Double> params = new LinkedHashMap<>();
        t.setting().values().forEach((p, v) -> params.put(p.key(), v));
        TrialScore s = t.score();
        return new TrialRow(sweepId, t.iteration(), t.trial(), t.kind(), t.setting().id(), params, s.spearman(),
                s.defined(), s.archs(), s.spearmanTest(), s.meanCostSeconds(), fullCost,
                s.meanCostSeconds() == null ? null : s.meanCostSeconds() / fullCost, model, t.objective(), chosen);
    }

    private static Row trialRow(String sweepId, Trial t, boolean chosen, double fullCost, double model, TableSchema table) {
        return trialRowRecord(sweepId, t, chosen, fullCost, model).toRow(table);
    }

    private static String describe(List<Importance> imp) {
        StringBuilder b = new StringBuilder();
        for (Importance i : imp) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(i.parameter().key()).append(String.format(" %.3f", i.importance()));
        }
        return b.toString();
    }

    /** The full setting the config describes: the first value of every listed knob. */
    static TrainingSetting fullSetting(DatasetOptions d, SpaceOptions s, TrainOptions t, int nativeSize) {
        return new TrainingSetting(t.epochs(), t.batchSize().get(0), t.learningRate().get(0), s.cells().get(0),
                s.channels().get(0), d.imageSize() == 0 ? nativeSize : d.imageSize(), t.trainFraction().get(0));
    }

    private static void noteFirstValues(StageContext stage, Reference ref, SpaceOptions s, TrainOptions t) {
        if (ref != null) {
            return;
        }
        List<String> lists = new ArrayList<>();
        if (t.batchSize().size() > 1) lists.add("train.batch_size");
        if (t.learningRate().size() > 1) lists.add("train.learning_rate");
        if (t.weightDecay().size() > 1) lists.add("train.weight_decay");
        if (t.schedule().size() > 1) lists.add("train.schedule");
        if (t.trainFraction().size() > 1) lists.add("train.train_fraction");
        if (s.cells().size() > 1) lists.add("space.cells");
        if (s.channels().size() > 1) lists.add("space.channels");
        if (!lists.isEmpty()) {
            stage.note("the full setting uses the first value of " + String.join(", ", lists));
        }
    }

    /** G sampled from the space section: n distinct architectures, each with a seed derived from its id. */
    static List<Member> sampleMembers(SpaceOptions s, int n, long seed) {
        SpaceOptions withN = new SpaceOptions(s.type(), n, s.cells(), s.channels(), s.ops(), s.minLayers(), s.maxLayers(),
                s.kernels(), s.widths(), s.poolProbability(), s.include());
        List<Member> out = new ArrayList<>();
        for (Architecture a : RunSampler.sampleArchitectures(withN, new Random(seed))) {
            out.add(member(a.canonical(), a.space(), seed, null));
        }
        return out;
    }

    static Member member(String arch, String space, long seed, Long runSeed) {
        Integer layers = space.equals(MacroArch.SPACE) ? MacroArch.parse(arch).convLayers() : null;
        if (!space.equals(MacroArch.SPACE) && !space.equals(CellArch.SPACE)) {
            throw new ConfigException("prune-mip trains architectures of the nb201 and macro spaces, got space '" + space
                    + "' (imported sweeps cannot be retrained)");
        }
        long s = runSeed != null ? runSeed : RunSampler.mix(seed, Long.parseLong(org.earlyrank.space.RunSpec.archId(arch), 16));
        return new Member(arch, space, s, layers);
    }

    /** G, R_f, the full setting and its knobs, taken from an earlier trained sweep. */
    static final class Reference {
        final List<Member> members = new ArrayList<>();
        final List<PairResult> results = new ArrayList<>();
        /** G': the ok runs after G's, confirm_architectures of them. */
        final List<Member> confirmMembers = new ArrayList<>();
        final List<PairResult> confirmResults = new ArrayList<>();
        TrainingSetting full;
        double momentum;
        double weightDecay;
        String schedule;

        static Reference fromSweep(SweepFolder ref, SweepConfig cfg, PruneMipOptions opts) {
            String key = "prune-mip.reference_sweep";
            if (!ref.exists()) {
                throw new ConfigException(key + " " + ref + " is not a sweep folder: name the DIR/<sweep_id> that "
                        + "`bin/earlyrank train` wrote (e.g. out/default), or leave it out to train G here");
            }
            JsonNode trained = OptionsFile.read(ref).path("stages").path(TrainStage.NAME).path("options");
            if (trained.isMissingNode()) {
                throw new ConfigException(key + " " + ref + " has no train stage in its options.json: name a sweep that "
                        + "`bin/earlyrank train` wrote");
            }
            JsonNode ours = OptionsFile.tree(cfg.values(List.of(DatasetOptions.SECTION))).get(DatasetOptions.SECTION.name());
            JsonNode theirs = trained.get(DatasetOptions.SECTION.name());
            // Compare canonical text: a number read back from options.json may be an int where ours is a long.
            if (theirs == null || !OptionsFile.hash(ours).equals(OptionsFile.hash(theirs))) {
                throw new ConfigException(key + " " + ref + " was trained with dataset " + trained.get("dataset")
                        + " but this config's dataset section is " + ours + "; copy the reference sweep's dataset "
                        + "section so both rank on the same data");
            }
            List<RunRow> runs = new ArrayList<>();
            for (Row r : ref.read(RunsTable.TABLE, TrainStage.NAME)) {
                RunRow run = RunRow.fromRow(r);
                if (run.ok() && (run.finalTestAcc() != null || run.finalValAcc() != null)) {
                    runs.add(run);
                }
            }
            runs.sort((a, b) -> a.runId().compareTo(b.runId()));
            List<RunRow> confirmRuns = List.of();
            if (opts.confirmArchitectures() > 0) {
                int need = opts.architectures() + opts.confirmArchitectures();
                if (runs.size() < need) {
                    throw new ConfigException(key + " " + ref + " has " + runs.size() + " ok runs, but G (prune-mip.architectures "
                            + opts.architectures() + ") and the confirmation set (prune-mip.confirm_architectures "
                            + opts.confirmArchitectures() + ") need " + need + " distinct ones: lower either, or set "
                            + "confirm_architectures to 0");
                }
                confirmRuns = runs.subList(opts.architectures(), need);
            }
            if (runs.size() > opts.architectures()) {
                runs = runs.subList(0, opts.architectures());
            }
            if (runs.size() < 3) {
                throw new ConfigException(key + " " + ref + " has " + runs.size() + " ok runs; r_s needs at least 3");
            }
            Reference out = new Reference();
            RunRow first = runs.get(0);
            for (RunRow r : runs) {
                same(key, ref, "epochs_planned", first, r, RunRow::epochsPlanned);
                same(key, ref, "batch_size", first, r, RunRow::batchSize);
                same(key, ref, "learning_rate", first, r, RunRow::learningRate);
                same(key, ref, "channels", first, r, RunRow::channels);
                same(key, ref, "image_size", first, r, RunRow::imageSize);
                same(key, ref, "train_fraction", first, r, RunRow::trainFraction);
                same(key, ref, "momentum", first, r, RunRow::momentum);
                same(key, ref, "weight_decay", first, r, RunRow::weightDecay);
                same(key, ref, "schedule", first, r, RunRow::schedule);
                same(key, ref, "space", first, r, RunRow::space);
                if (!r.space().equals(MacroArch.SPACE)) {
                    same(key, ref, "cells", first, r, RunRow::cells);
                }
                out.members.add(member(r.arch(), r.space(), 0, r.seed()));
                out.results.add(PairResult.of(r));
            }
            for (RunRow r : confirmRuns) {
                same(key, ref, "epochs_planned", first, r, RunRow::epochsPlanned);
                same(key, ref, "image_size", first, r, RunRow::imageSize);
                same(key, ref, "channels", first, r, RunRow::channels);
                out.confirmMembers.add(member(r.arch(), r.space(), 0, r.seed()));
                out.confirmResults.add(PairResult.of(r));
            }
            out.full = new TrainingSetting(first.epochsPlanned(), first.batchSize(), first.learningRate(),
                    first.space().equals(MacroArch.SPACE) ? cfg.get(SpaceOptions.SECTION).cells().get(0) : first.cells(),
                    first.channels(), first.imageSize(), first.trainFraction());
            out.momentum = first.momentum();
            out.weightDecay = first.weightDecay();
            out.schedule = first.schedule();
            return out;
        }

        private static void same(String key, SweepFolder ref, String column, RunRow a, RunRow b,
                                 Function<RunRow, Object> get) {
            if (!Objects.equals(get.apply(a), get.apply(b))) {
                throw new ConfigException(key + " " + ref + " trained its runs at different settings (" + column + " is "
                        + get.apply(a) + " in " + a.runId() + " but " + get.apply(b) + " in " + b.runId()
                        + "); MIP needs one full setting: name a sweep with one value per knob");
            }
        }
    }
}
