package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.EstimatesTable.EstimateRow;
import org.earlyrank.schema.RunsTable;
import org.earlyrank.schema.SearchResultsTable.SearchResultRow;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.schema.TableException;
import org.earlyrank.space.CellArch;
import org.junit.jupiter.api.Test;

/** The algorithms and the replay engine on hand-made finished sweeps (no Spark, no training). */
class SearchReplayTest {
    private static SearchOptions opts(String... kv) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            o.put("search." + kv[i], kv[i + 1]);
        }
        return ConfigLoader.load(null, o).get(SearchOptions.SECTION);
    }

    /** Four runs of two epochs: a, b, c, d with epoch seconds (1, 10), (2, 20), (3, 30), (4, 40). */
    private static ReplayData fourRuns(List<EstimateRow> estimates) {
        String arch = Pools.cell(CellArch.CONV3, CellArch.SKIP);
        List<RunHistory> runs = List.of(
                Pools.run("a", arch, new double[]{0.5, 0.6}, new double[]{1, 10}, 0.60),
                Pools.run("b", arch, new double[]{0.4, 0.9}, new double[]{2, 20}, 0.90),
                Pools.run("c", arch, new double[]{0.3, 0.7}, new double[]{3, 30}, 0.70),
                Pools.run("d", arch, new double[]{0.2, 0.8}, new double[]{4, 40}, 0.80));
        return ReplayData.of(Pools.sweep(runs), estimates);
    }

    /** est: ranks b over a at one epoch (val-acc says the opposite), d > b > c at two; each score costs 0.25 s. */
    private static List<EstimateRow> est() {
        return List.of(Pools.estimate("a", "est", 1, 0.1, 0.25), Pools.estimate("b", "est", 1, 0.9, 0.25),
                Pools.estimate("c", "est", 1, 0.5, 0.25), Pools.estimate("d", "est", 1, 0.5, 0.25),
                Pools.estimate("a", "est", 2, 0.3, 0.25), Pools.estimate("b", "est", 2, 0.5, 0.25),
                Pools.estimate("c", "est", 2, 0.4, 0.25), Pools.estimate("d", "est", 2, 0.6, 0.25));
    }

    @Test
    void hyperbandChargesEachEpochOnceAndTheEstimatorsCostOnAHandWorkedCase() {
        // R = 2, eta = 2: bracket s=1 starts 2 configurations at 1 epoch and promotes 1 to 2 epochs; bracket s=0
        // trains 2 configurations to 2 epochs. In the order a, b, c, d, by est:
        //   s=1 rung 0: a, b to 1 epoch (1 s + 2 s); est prefers b (0.9 > 0.1): b promoted.
        //   s=1 rung 1: b resumes for epoch 2 (20 s, not 2 + 20).
        //   s=0 rung 0: c, d to 2 epochs (3 + 30 and 4 + 40 s); d is the best (0.6 > 0.4).
        //   pick: the best at 2 epochs of b, c, d: d (0.6).
        // Compute: training 1 + 2 + 20 + 33 + 44 = 100 s, plus 5 scores x 0.25 s = 101.25 s; full = 110 s.
        ReplayData data = fourRuns(est());
        List<Bracket> brackets = HyperbandBrackets.of(1, 2, 2);
        ReplayTrainer trainer = new ReplayTrainer(data.epochSeconds());
        Decider decider = new Decider(SearchReplay.scorer(data, "est"), new ValAccScorer(data.histories()));
        SearchState state = new SearchState(List.of("a", "b", "c", "d"), trainer, decider, new Random(0));
        String pick = new Hyperband(Hyperband.NAME, brackets, new PlainRound(), new RandomProposer()).play(state);
        assertEquals("d", pick);
        List<Trial> t = state.trials();
        assertEquals(List.of("a", "b", "b", "c", "d"), t.stream().map(Trial::runId).toList());
        assertEquals(List.of(1.0, 2.0, 20.0, 33.0, 44.0), t.stream().map(Trial::trainSeconds).toList());
        assertEquals(List.of(false, true, true, false, true), t.stream().map(Trial::promoted).toList());
        assertEquals(101.25, t.stream().mapToDouble(Trial::computeSeconds).sum(), 1e-12);
        assertEquals(7, trainer.epochs(), "a 1, b 2, c 2, d 2");
        assertEquals(110.0, data.fullComputeSeconds(), 1e-12);

        // The plain algorithm: val-acc promotes a (0.5 > 0.4), which resumes for 10 s; pick d (0.8): 90 s.
        SearchState plain = new SearchState(List.of("a", "b", "c", "d"), new ReplayTrainer(data.epochSeconds()),
                new Decider(new ValAccScorer(data.histories()), new ValAccScorer(data.histories())), new Random(0));
        assertEquals("d", new Hyperband(Hyperband.NAME, brackets, new PlainRound(), new RandomProposer()).play(plain));
        assertEquals(90.0, plain.trials().stream().mapToDouble(Trial::computeSeconds).sum(), 1e-12);
    }

    @Test
    void replayRowsAddUpAndJudgeThePickByItsTruth() {
        ReplayData data = fourRuns(est());
        SearchReplay.Result r = SearchReplay.run(data, opts("algorithm", "hyperband", "estimator", "est", "repeats", "20"));
        assertEquals(20, r.results().size());
        Map<Integer, Double> compute = r.trials().stream().collect(Collectors.groupingBy(SearchTrialRow::repeat,
                Collectors.summingDouble(SearchTrialRow::computeSeconds)));
        for (SearchResultRow row : r.results()) {
            assertEquals(compute.get(row.repeat()), row.computeSeconds(), 1e-9);
            assertEquals(110.0, row.fullComputeSeconds(), 1e-12);
            assertEquals(0.90, row.bestTestAccInPool(), 1e-12, "b's test accuracy");
            assertEquals(row.bestTestAccInPool() - row.pickTestAcc(), row.regret(), 1e-12);
            assertEquals(4, row.configurations());
            assertEquals(7L, row.epochsTrained());
            assertEquals(8L, row.fullEpochs());
            assertEquals(2, row.pickBudgetEpoch());
            assertTrue(row.searchId().startsWith(row.designId() + "-est"), row.searchId());
        }
        // est at 2 epochs prefers d over b and c, and d is always trained to 2 (in either bracket), unless it is
        // stopped at one epoch: then b (0.5) wins over c (0.4), or a if promoted.
        assertTrue(r.results().stream().allMatch(x -> List.of("a", "b", "d").contains(x.pickRunId())));
    }

    @Test
    void successiveHalvingPromotesTheTopOneOverEtaByTheEstimatorsScore() {
        // 16 runs of 8 epochs; the estimator scores the reverse of the validation-accuracy order.
        List<RunHistory> runs = Pools.ladder(16, 8);
        List<EstimateRow> rev = new ArrayList<>();
        for (RunHistory h : runs) {
            for (int t = 1; t <= 8; t++) {
                rev.add(Pools.estimate(h.runId(), "rev", t, -h.curve(t).valAcc(), 0.01));
            }
        }
        ReplayData data = ReplayData.of(Pools.sweep(runs), rev);
        SearchReplay.Result r = SearchReplay.run(data, opts("algorithm", "hyperband", "estimator", "rev", "eta", "2",
                "repeats", "10"));
        Map<String, List<SearchTrialRow>> rounds = r.trials().stream().collect(Collectors.groupingBy(
                t -> t.repeat() + "/" + t.bracket() + "/" + t.rung()));
        List<Bracket> brackets = HyperbandBrackets.of(1, 8, 2);
        int checked = 0;
        for (List<SearchTrialRow> round : rounds.values()) {
            SearchTrialRow any = round.get(0);
            Bracket b = brackets.stream().filter(x -> x.s() == any.bracket()).findFirst().orElseThrow();
            Bracket.Rung rung = b.rungs().get(any.rung());
            assertEquals(rung.configurations(), round.size());
            assertTrue(round.stream().allMatch(t -> t.budgetEpoch() == rung.budgetEpoch()));
            List<Double> promoted = round.stream().filter(SearchTrialRow::promoted).map(SearchTrialRow::score).toList();
            List<Double> dropped = round.stream().filter(t -> !t.promoted()).map(SearchTrialRow::score).toList();
            assertEquals(rung.promote(), promoted.size(), "floor(n_i / eta) promoted (1 in the last round)");
            double worstPromoted = promoted.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double bestDropped = dropped.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NEGATIVE_INFINITY);
            assertTrue(worstPromoted >= bestDropped, "promoted must be the top by the estimator's score: " + round);
            assertTrue(round.stream().allMatch(t -> t.scoreSource().equals("rev")));
            checked++;
        }
        assertTrue(checked >= 10 * 4, "every round of every repeat checked: " + checked);
        // The pick is therefore the lowest-validation-accuracy configuration the repeat trained fully.
        for (SearchResultRow row : r.results()) {
            double pickAcc = data.histories().get(row.pickRunId()).curve(8).valAcc();
            double minFull = r.trials().stream().filter(t -> t.repeat() == row.repeat() && t.budgetEpoch() == 8)
                    .mapToDouble(t -> data.histories().get(t.runId()).curve(8).valAcc()).min().orElseThrow();
            assertEquals(minFull, pickAcc, 1e-12);
        }
    }

    @Test
    void aSeedGivesTheSameSearchAndAnotherSeedAnother() {
        List<RunHistory> runs = Pools.ladder(24, 8);
        ReplayData data = ReplayData.of(Pools.sweep(runs), List.of());
        for (String alg : SearchOptions.ALGORITHMS) {
            SearchReplay.Result a = SearchReplay.run(data, opts("algorithm", alg, "repeats", "5", "seed", "7"));
            SearchReplay.Result b = SearchReplay.run(data, opts("algorithm", alg, "repeats", "5", "seed", "7"));
            SearchReplay.Result c = SearchReplay.run(data, opts("algorithm", alg, "repeats", "5", "seed", "8"));
            assertEquals(a.trials(), b.trials(), alg);
            assertEquals(a.results(), b.results(), alg);
            assertNotEquals(a.trials(), c.trials(), alg + ": another seed draws another order");
            assertNotEquals(a.searchId(), c.searchId());
            // Repeats differ from each other.
            List<String> firstDraws = a.trials().stream().filter(t -> t.rung() == 0).collect(Collectors.groupingBy(
                    SearchTrialRow::repeat)).values().stream().map(l -> l.get(0).runId()).distinct().toList();
            assertTrue(firstDraws.size() > 1, alg + ": every repeat drew the same first configuration");
        }
    }

    @Test
    void searchesThatDifferOnlyInTheEstimatorDrawTheSameOrder() {
        List<RunHistory> runs = Pools.ladder(16, 4);
        List<EstimateRow> flat = new ArrayList<>();
        runs.forEach(h -> {
            for (int t = 1; t <= 4; t++) {
                flat.add(Pools.estimate(h.runId(), "flat", t, 0.0, 0.0));
            }
        });
        ReplayData data = ReplayData.of(Pools.sweep(runs), flat);
        SearchReplay.Result v = SearchReplay.run(data, opts("algorithm", "hyperband", "repeats", "3"));
        SearchReplay.Result f = SearchReplay.run(data, opts("algorithm", "hyperband", "estimator", "flat", "repeats", "3"));
        assertEquals(v.designId(), f.designId());
        assertNotEquals(v.searchId(), f.searchId());
        for (int r = 0; r < 3; r++) {
            int rep = r;
            List<String> vFirst = v.trials().stream().filter(t -> t.repeat() == rep && t.rung() == 0)
                    .map(SearchTrialRow::runId).toList();
            List<String> fFirst = f.trials().stream().filter(t -> t.repeat() == rep && t.rung() == 0)
                    .map(SearchTrialRow::runId).toList();
            assertEquals(vFirst, fFirst, "the configurations each bracket starts with do not depend on the estimator");
        }
    }

    @Test
    void randomSearchTrainsNToTheBudgetAndPicksTheBestByTheEstimator() {
        ReplayData data = fourRuns(est());
        SearchReplay.Result r = SearchReplay.run(data, opts("algorithm", "random", "estimator", "est",
                "random_configurations", "3", "random_budget", "1", "repeats", "8"));
        for (SearchResultRow row : r.results()) {
            List<SearchTrialRow> t = r.trials().stream().filter(x -> x.repeat() == row.repeat()).toList();
            assertEquals(3, t.size());
            assertTrue(t.stream().allMatch(x -> x.budgetEpoch() == 1 && x.bracket() == 0 && x.rung() == 0));
            SearchTrialRow best = t.stream().max((x, y) -> Double.compare(x.score(), y.score())).orElseThrow();
            assertEquals(best.runId(), row.pickRunId());
            assertEquals(1, t.stream().filter(SearchTrialRow::promoted).count());
            double train = t.stream().mapToDouble(x -> data.epochSeconds().get(x.runId())[0]).sum();
            assertEquals(train + 3 * 0.25, row.computeSeconds(), 1e-12, "one epoch each, plus three scores");
            assertEquals(data.histories().get(row.pickRunId()).curve(1).valAcc(), row.pickValAcc(), 1e-12,
                    "the validation accuracy the search saw, at the budget the pick reached");
        }
        // Auto N: one Hyperband iteration for R = 2, eta = 2 is 2*1 + 1*1 + 2*2 = 7 epochs: round(7 / 2) = 4 at 2 epochs.
        SearchReplay.Result auto = SearchReplay.run(data, opts("algorithm", "random", "repeats", "1"));
        assertEquals(4, auto.resolved().get("random_configurations"));
        assertEquals(4, auto.results().get(0).configurations());
    }

    @Test
    void whereTheEstimatorHasNoScoreTheDecisionUsesValAccAndTheNotesSaySo() {
        // A model-based estimator with scores at budget 1 only (svr has none at the full budget).
        List<EstimateRow> svr = est().stream().filter(e -> e.budgetEpoch() == 1)
                .map(e -> Pools.estimate(e.runId(), "svr", 1, e.score(), 0.5)).toList();
        ReplayData data = fourRuns(svr);
        SearchReplay.Result r = SearchReplay.run(data, opts("algorithm", "hyperband", "estimator", "svr", "repeats", "10"));
        for (SearchTrialRow t : r.trials()) {
            assertEquals(t.budgetEpoch() == 1 ? "svr" : "val-acc", t.scoreSource(), t.toString());
            if (t.budgetEpoch() == 2) {
                assertEquals(data.histories().get(t.runId()).curve(2).valAcc(), t.score(), 1e-12);
                assertEquals(0.0, t.estimateSeconds(), 0.0, "no svr score at 2 epochs: nothing charged");
            }
        }
        // Per repeat: rung 1 of bracket 1, bracket 0, and the final pick fall back; rung 0 of bracket 1 does not.
        assertTrue(r.results().stream().allMatch(x -> x.fallbackDecisions() == 3 && x.decisions() == 4));
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("svr had no score at budget 2") && n.contains("val-acc")),
                r.notes().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("svr is fitted across runs")), r.notes().toString());
        // Picks at the full budget follow validation accuracy there: b (0.9) whenever it reached 2 epochs.
        for (SearchResultRow row : r.results()) {
            boolean bFull = r.trials().stream().anyMatch(t -> t.repeat() == row.repeat() && t.runId().equals("b")
                    && t.budgetEpoch() == 2);
            if (bFull) {
                assertEquals("b", row.pickRunId());
            }
        }
    }

    @Test
    void aDecisionWithOneCandidateMissingAScoreFallsBackAsAWhole() {
        // est lacks c at 2 epochs: a decision comparing c with d must not mix est and val-acc.
        List<EstimateRow> partial = est().stream().filter(e -> !(e.runId().equals("c") && e.budgetEpoch() == 2)).toList();
        ReplayData data = fourRuns(partial);
        Decider d = new Decider(SearchReplay.scorer(data, "est"), new ValAccScorer(data.histories()));
        Decider.Decision x = d.decide(List.of("c", "d"), 2, Map.of("c", 2, "d", 2));
        assertTrue(x.fellBack());
        assertArrayEquals(new double[]{0.7, 0.8}, x.scores(), 1e-12);
        assertArrayEquals(new double[]{0.0, 0.25}, x.estimateSeconds(), 1e-12, "est ran on d: its cost is charged");
        assertEquals(List.of("d"), x.top(1));
        assertEquals(Map.of(2, 1), d.fallbacks());
        Decider.Decision y = d.decide(List.of("a", "d"), 2, Map.of());
        assertFalse(y.fellBack());
        assertEquals(List.of("d", "a"), y.top(2));
    }

    @Test
    void badOptionsGiveOneMessageNamingTheProblem() {
        ReplayData data = fourRuns(est());
        ConfigException unknownEstimator = assertThrows(ConfigException.class,
                () -> SearchReplay.run(data, opts("estimator", "nope")));
        assertEquals("search.estimator 'nope' has no scores in sweep s's estimates table; scored there: est"
                + " (val-acc is always available)", unknownEstimator.getMessage());
        ConfigException unknownAlgorithm = assertThrows(ConfigException.class, () -> opts("algorithm", "grid"));
        assertEquals("search.algorithm must be one of random, hyperband, bohb, f-hyperband, got 'grid' (from the command line (search.algorithm) over defaults)",
                unknownAlgorithm.getMessage());
        ConfigException eta = assertThrows(ConfigException.class, () -> opts("eta", "1"));
        assertEquals("search.eta must be >= 2, got 1 (from the command line (search.eta) over defaults)", eta.getMessage());
        ConfigException min = assertThrows(ConfigException.class, () -> opts("min_budget", "0"));
        assertEquals("search.min_budget must be >= 1, got 0 (from the command line (search.min_budget) over defaults)", min.getMessage());
        ConfigException max = assertThrows(ConfigException.class, () -> SearchReplay.run(data, opts("max_budget", "1")));
        assertTrue(max.getMessage().startsWith("search.max_budget = 1, but the runs of sweep s were trained to 2 epochs"),
                max.getMessage());
        ConfigException tooMany = assertThrows(ConfigException.class, () -> SearchReplay.run(data,
                opts("algorithm", "random", "random_configurations", "5")));
        assertTrue(tooMany.getMessage().startsWith("search.random_configurations = 5 exceeds the pool's 4"),
                tooMany.getMessage());
        ConfigException small = assertThrows(ConfigException.class, () -> SearchReplay.run(
                ReplayData.of(Pools.sweep(Pools.ladder(3, 8)), List.of()), opts("algorithm", "hyperband", "eta", "2")));
        assertTrue(small.getMessage().startsWith("the pool's 3 configurations cannot fill any hyperband bracket"),
                small.getMessage());
    }

    @Test
    void aSweepWhoseRunsDidNotReachTheFullBudgetIsRefused() {
        String arch = Pools.cell(CellArch.CONV3, CellArch.SKIP);
        double[] acc = {0.1, 0.2, 0.3, 0.4};
        double[] sec = {1, 1, 1, 1};
        // A run planned for 4 epochs that has curves for 2 (its other epochs never ran).
        List<RunHistory> short1 = List.of(Pools.run("a", arch, acc, sec, 0.4),
                Pools.run("b", arch, new double[]{0.1, 0.2}, new double[]{1, 1}, 0.2, 4, RunsTable.STATUS_OK));
        TableException curves = assertThrows(TableException.class, () -> ReplayData.of(Pools.sweep(short1), List.of()));
        assertTrue(curves.getMessage().contains("runs did not reach the full budget of 4 epochs"), curves.getMessage());
        assertTrue(curves.getMessage().contains("b (2 of 4)"), curves.getMessage());
        // Runs planned for fewer epochs than the others: their schedule ended earlier.
        List<RunHistory> mixed = List.of(Pools.run("a", arch, acc, sec, 0.4),
                Pools.run("b", arch, new double[]{0.1, 0.2}, new double[]{1, 1}, 0.2));
        TableException planned = assertThrows(TableException.class, () -> ReplayData.of(Pools.sweep(mixed), List.of()));
        assertTrue(planned.getMessage().contains("not all planned for the full budget of 4 epochs (b (2) planned fewer)"),
                planned.getMessage());
        // Curves of 4 epochs from a schedule over 8: stopped early, not the prefix-of-a-full-run sweep replay needs.
        List<RunHistory> horizon = List.of(Pools.run("a", arch, acc, sec, 0.4, 4, RunsTable.STATUS_OK, 8),
                Pools.run("b", arch, acc, sec, 0.4, 4, RunsTable.STATUS_OK, 8));
        TableException lr = assertThrows(TableException.class, () -> ReplayData.of(Pools.sweep(horizon), List.of()));
        assertTrue(lr.getMessage().contains("its schedule's horizon is not the full budget"), lr.getMessage());
        // Unfinished runs leave the pool with a note.
        List<RunHistory> diverged = List.of(Pools.run("a", arch, acc, sec, 0.4), Pools.run("b", arch, acc, sec, 0.4),
                Pools.run("c", arch, new double[]{0.1}, new double[]{1}, 0.1, 4, RunsTable.STATUS_DIVERGED));
        ReplayData d = ReplayData.of(Pools.sweep(diverged), List.of());
        assertEquals(List.of("a", "b"), d.pool().stream().map(RunsTable.RunRow::runId).toList());
        assertTrue(d.notes().get(0).contains("c (diverged)"), d.notes().toString());
    }
}
