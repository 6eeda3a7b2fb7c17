package org.earlyrank.search;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.space.CellArch;
import org.junit.jupiter.api.Test;

/** BOHB's density model: its kernels, and that its proposals go where the good configurations are. */
class BohbProposerTest {
    private static final BohbProposer.Settings NO_RANDOM = new BohbProposer.Settings(0, 0.15, 0.0, 3.0, 64);

    /**
     * 100 cells: edge 0 cycles through the five operations, the other edges are seeded draws; a cell is good
     * (validation accuracy about 0.8) exactly when edge 0 is conv_3x3, else about 0.3.
     */
    private static List<RunHistory> pool() {
        Random rnd = new Random(3);
        List<RunHistory> out = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String first = CellArch.OPS.get(i % 5);
            List<String> ops = new ArrayList<>(List.of(first));
            for (int e = 1; e < 6; e++) {
                ops.add(CellArch.OPS.get(rnd.nextInt(5)));
            }
            double acc = (first.equals(CellArch.CONV3) ? 0.8 : 0.3) + 0.01 * rnd.nextDouble();
            out.add(Pools.run(String.format("r%03d", i), new CellArch(ops).canonical(), new double[]{acc, acc},
                    new double[]{1, 1}, acc));
        }
        return out;
    }

    private static SearchState state(ReplayData data, long seed) {
        List<String> ids = new ArrayList<>(data.histories().keySet());
        int[] perm = org.earlyrank.estimate.svr.Seeds.permutation(ids.size(), new Random(seed));
        List<String> order = new ArrayList<>();
        for (int p : perm) {
            order.add(ids.get(p));
        }
        ValAccScorer v = new ValAccScorer(data.histories());
        return new SearchState(order, new ReplayTrainer(data.epochSeconds()), new Decider(v, v), new Random(seed));
    }

    private static boolean good(ParameterSpace space, String id) {
        return space.vectors().get(id)[0] == CellArch.OPS.indexOf(CellArch.CONV3);
    }

    @Test
    void theSpaceIsTheSixEdgesAsCategoriesPlusTheHyperparametersThatVary() {
        ReplayData data = ReplayData.of(Pools.sweep(pool()), List.of());
        ParameterSpace space = ParameterSpace.of(data.pool());
        // Pools gives every run learning_rate 0.1 and epochs 2: they do not vary and are left out.
        assertEquals(List.of("edge_0_to_1", "edge_0_to_2", "edge_1_to_2", "edge_0_to_3", "edge_1_to_3", "edge_2_to_3"),
                space.parameters().stream().map(ParameterSpace.Parameter::name).toList());
        assertTrue(space.parameters().stream().allMatch(p -> p.levels() == 5));
        assertEquals(0.0, space.vectors().get("r000")[0], 0.0, "r000's edge 0 is none, level 0");
    }

    @Test
    void kernelsAreAitchisonAitkenAndTheSamplingDensitySumsToOne() {
        List<ParameterSpace.Parameter> one = List.of(new ParameterSpace.Parameter("op", 5));
        // Two points on levels 0 and 1: sigma = 0.5, h = 1.06 * 0.5 * 2^(-1/5).
        ProductKde k = new ProductKde(one, new double[][]{{0}, {1}}, 1e-3);
        double h = 1.06 * 0.5 * Math.pow(2, -0.2);
        assertEquals(h, k.bandwidths()[0], 1e-12);
        assertEquals(((1 - h) + h / 4) / 2, k.density(new double[]{0}), 1e-12);
        assertEquals(h / 4, k.density(new double[]{3}), 1e-12);
        double total = 0;
        double sampling = 0;
        for (int level = 0; level < 5; level++) {
            total += k.density(new double[]{level});
            sampling += k.samplingDensity(new double[]{level}, 3.0);
        }
        assertEquals(1.0, total, 1e-12, "a density over the five levels");
        assertEquals(1.0, sampling, 1e-12);
        // A numeric parameter: Gaussian kernels; the sampling density is wider by the bandwidth factor.
        ProductKde g = new ProductKde(List.of(new ParameterSpace.Parameter("lr", 0)), new double[][]{{0.5}}, 0.1);
        assertEquals(0.1, g.bandwidths()[0], 0.0, "one point: sigma 0, clipped to the minimum bandwidth");
        assertEquals(1 / (0.1 * Math.sqrt(2 * Math.PI)), g.density(new double[]{0.5}), 1e-9);
        assertEquals(1 / (0.3 * Math.sqrt(2 * Math.PI)), g.samplingDensity(new double[]{0.5}, 3.0), 1e-9);
    }

    @Test
    void noModelUntilABudgetHasNMinPlusTwoResultsThenProposalsPreferTheGoodRegion() {
        ReplayData data = ReplayData.of(Pools.sweep(pool()), List.of());
        ParameterSpace space = ParameterSpace.of(data.pool());
        BohbProposer bohb = new BohbProposer(space, NO_RANDOM);
        assertEquals(7, bohb.minPoints(), "six parameters + 1");

        // Eight results at one epoch (< 7 + 2): no model, so BOHB draws exactly what Hyperband would.
        SearchState early = state(data, 1);
        List<String> first = early.order().subList(0, 8);
        early.trainAndDecide(0, 0, new RandomProposer().propose(early, 8), 1, 0);
        assertNull(bohb.model(early));
        assertEquals(early.order().subList(8, 12), bohb.propose(early, 4), "random draws while there is no model");
        assertEquals(first, early.trials().stream().map(Trial::runId).toList());

        // 50 results: the good set (the best N_l = max(7, floor(0.15 * 50)) = 7) all have conv_3x3 on edge 0, so
        // l(x) is peaked there while the other edges' bandwidths reach their cap (uniform); the model proposes
        // configurations whose edge 0 is conv_3x3 (the good region), far above the untried pool's base rate
        // (about 1 in 5).
        int proposals = 0;
        int inGood = 0;
        double untriedRate = 0;
        for (long seed = 0; seed < 20; seed++) {
            SearchState s = state(data, seed);
            s.trainAndDecide(0, 0, new RandomProposer().propose(s, 50), 1, 0);
            assertEquals(1, bohb.model(s).budgetEpoch());
            untriedRate += s.untried().stream().filter(id -> good(space, id)).count() / (double) s.untried().size();
            for (String id : bohb.propose(s, 5)) {
                proposals++;
                inGood += good(space, id) ? 1 : 0;
                assertFalse(s.untried().contains(id), "a proposal is drawn from the pool");
            }
        }
        untriedRate /= 20;
        double rate = inGood / (double) proposals;
        assertTrue(untriedRate < 0.3, "base rate " + untriedRate);
        assertTrue(rate > 0.8, "BOHB proposed the good region " + inGood + " of " + proposals + " times");
    }

    @Test
    void theLargestBudgetWithEnoughResultsGivesTheModelAndTheRandomFractionStillDrawsAtRandom() {
        ReplayData data = ReplayData.of(Pools.sweep(pool()), List.of());
        ParameterSpace space = ParameterSpace.of(data.pool());
        SearchState s = state(data, 5);
        List<String> drawn = new RandomProposer().propose(s, 30);
        s.trainAndDecide(0, 0, drawn, 1, 0);
        s.trainAndDecide(0, 1, drawn.subList(0, 9), 2, 0);
        assertEquals(2, new BohbProposer(space, NO_RANDOM).model(s).budgetEpoch(), "9 results at 2 epochs suffice");
        // rho = 1: every configuration is a random draw, in the repeat's order.
        BohbProposer allRandom = new BohbProposer(space, new BohbProposer.Settings(0, 0.15, 1.0, 3.0, 64));
        List<String> expected = new ArrayList<>(s.untried()).subList(0, 6);
        assertEquals(expected, allRandom.propose(s, 6));
        // Draws are deterministic for the state's seed.
        SearchState a = state(data, 9);
        SearchState b = state(data, 9);
        for (SearchState x : List.of(a, b)) {
            x.trainAndDecide(0, 0, new RandomProposer().propose(x, 20), 1, 0);
        }
        BohbProposer p = new BohbProposer(space, new BohbProposer.Settings(0, 0.15, 1.0 / 3, 3.0, 64));
        assertEquals(p.propose(a, 10), p.propose(b, 10));
        assertTrue(a.untried().size() == 70 && Map.copyOf(a.evaluated()).size() == 1);
    }
}
