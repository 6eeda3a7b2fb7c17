package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.earlyrank.config.ConfigException;
import org.earlyrank.config.ConfigLoader;
import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.config.SearchOptions;
import org.earlyrank.estimate.RunHistory;
import org.earlyrank.schema.SearchTrialsTable.SearchTrialRow;
import org.earlyrank.space.CellArch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * f-hyperband in the search (Baker et al. 2018, Appendix C, Algorithm 2, through fit-svr's FastHyperband) on
 * hand-made sweeps: it stops configurations, only with models of its own repeat's runs, and never reads what it
 * had not trained.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FastRoundTest {
    static final int EPOCHS = 8;
    static final int RUNS = 44;
    static final int D = 3;

    /** 44 runs of 8 epochs: saturating curves a_i (1 - exp(-t / k_i)) with seeded a_i, k_i; epoch seconds 1. */
    static List<RunHistory> pool(java.util.function.BiFunction<String, Integer, Double> override) {
        Random rnd = new Random(11);
        List<RunHistory> out = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String id = String.format("r%03d", i);
            double a = 0.5 + 0.4 * rnd.nextDouble();
            double k = 0.5 + 3 * rnd.nextDouble();
            double[] acc = new double[EPOCHS];
            double[] sec = new double[EPOCHS];
            for (int t = 1; t <= EPOCHS; t++) {
                Double o = override.apply(id, t);
                acc[t - 1] = o != null ? o : a * (1 - Math.exp(-t / k));
                sec[t - 1] = 1;
            }
            String arch = Pools.cell(CellArch.OPS.get(1 + i % 4), CellArch.OPS.get(1 + (i / 4) % 4));
            Double test = override.apply(id, EPOCHS + 1);
            out.add(Pools.run(id, arch, acc, sec, test != null ? test : acc[EPOCHS - 1] - 0.01));
        }
        return out;
    }

    static SearchOptions opts(String... kv) {
        Map<String, String> o = new HashMap<>(Map.of("search.algorithm", "f-hyperband", "search.estimator", "val-acc"));
        for (int i = 0; i < kv.length; i += 2) {
            o.put("search." + kv[i], kv[i + 1]);
        }
        return ConfigLoader.load(null, o).get(SearchOptions.SECTION);
    }

    static FitSvrOptions svr() {
        return ConfigLoader.load(null, Map.of("fit-svr.hyperband_d", String.valueOf(D), "fit-svr.search_draws", "10",
                "fit-svr.hyperband_kappa", "0.5", "fit-svr.hyperband_delta", "0.9")).get(FitSvrOptions.SECTION);
    }

    private static SearchReplay.Result replay(List<RunHistory> runs, int repeats) {
        return SearchReplay.run(ReplayData.of(Pools.sweep(runs), List.of()), opts("repeats", String.valueOf(repeats)), svr());
    }

    @Test
    void itStopsConfigurationsOnlyWithModelsOfRunsItTrainedFullyToTheRung() {
        SearchReplay.Result r = replay(pool((id, t) -> null), 4);
        List<Bracket> brackets = HyperbandBrackets.of(1, EPOCHS, 2);
        int stopped = 0;
        for (int rep = 0; rep < 4; rep++) {
            Map<Integer, Integer> completed = new HashMap<>();
            for (SearchTrialRow t : r.trials()) {
                if (t.repeat() != rep) {
                    continue;
                }
                int budget = brackets.stream().filter(b -> b.s() == t.bracket()).findFirst().orElseThrow().rungs()
                        .get(t.rung()).budgetEpoch();
                if (t.scoreSource().equals(FastRound.PREDICTED)) {
                    stopped++;
                    assertTrue(t.budgetEpoch() < budget, "stopped before r: " + t);
                    assertTrue(completed.getOrDefault(budget, 0) >= D, "the rung had d trained runs of this repeat: " + t);
                } else {
                    assertEquals(ValAccScorer.NAME, t.scoreSource());
                    assertEquals(budget, t.budgetEpoch(), t.toString());
                    completed.merge(budget, 1, Integer::sum);
                }
            }
        }
        assertTrue(stopped > 0, "the rule stopped some configurations");
        assertTrue(r.notes().stream().anyMatch(n -> n.startsWith("f-hyperband: fit-svr's rule")), r.notes().toString());
        // One search's epochs are fewer than Hyperband's on the same draws.
        SearchReplay.Result hb = SearchReplay.run(ReplayData.of(Pools.sweep(pool((id, t) -> null)), List.of()),
                opts("algorithm", "hyperband", "repeats", "4"), svr());
        long fast = r.results().stream().mapToLong(x -> x.epochsTrained()).sum();
        long plain = hb.results().stream().mapToLong(x -> x.epochsTrained()).sum();
        assertTrue(fast < plain, fast + " vs " + plain);
    }

    @Test
    void whatItHadNotTrainedNeverChangesADecision() {
        List<RunHistory> runs = pool((id, t) -> null);
        SearchReplay.Result first = replay(runs, 1);
        Map<String, Integer> reached = new HashMap<>();
        for (SearchTrialRow t : first.trials()) {
            reached.merge(t.runId(), t.budgetEpoch(), Math::max);
        }
        // Every epoch after the last one a configuration reached, and every final test accuracy, replaced.
        SearchReplay.Result second = replay(pool((id, t) -> t > reached.getOrDefault(id, 0) ? 0.99 - 0.01 * t : null), 1);
        assertEquals(first.trials().size(), second.trials().size());
        for (int i = 0; i < first.trials().size(); i++) {
            SearchTrialRow a = first.trials().get(i);
            SearchTrialRow b = second.trials().get(i);
            assertEquals(List.of(a.runId(), a.bracket(), a.rung(), a.budgetEpoch(), a.score(), a.promoted(), a.scoreSource(),
                    a.trainSeconds()), List.of(b.runId(), b.bracket(), b.rung(), b.budgetEpoch(), b.score(), b.promoted(),
                    b.scoreSource(), b.trainSeconds()), "trial " + i);
        }
        assertEquals(first.results().get(0).pickRunId(), second.results().get(0).pickRunId());
    }

    @Test
    void itDecidesByValAccOnly() {
        ConfigException e = assertThrows(ConfigException.class, () -> SearchReplay.plan(
                ReplayData.of(Pools.sweep(pool((id, t) -> null)), List.of()), opts("estimator", "tse-e"), svr()));
        assertTrue(e.getMessage().contains("search.estimator must be val-acc for it"), e.getMessage());
    }
}
