package org.earlyrank.mip;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;

import org.earlyrank.config.PruneMipOptions;
import org.earlyrank.config.SpaceOptions;
import org.earlyrank.config.SweepConfig;
import org.junit.jupiter.api.Test;

/** The cost model on networks NetworkBuilder really builds (no training). */
class FlopsCostModelTest {
    static final SpaceOptions SPACE = SweepConfig.defaults().get(SpaceOptions.SECTION);

    @Test
    void costScalesWithEpochsAndSamplesAndGrowsWithImageSizeAndChannels() {
        List<PairTraining.Member> g = PruneMipStage.sampleMembers(SPACE, 5, 3);
        // 2000 training images, no evaluation images: cost is exactly proportional to epochs x samples.
        FlopsCostModel m = new FlopsCostModel(g, 1, 10, 2000, 0);
        TrainingSetting full = new TrainingSetting(8, 128, 0.1, 1, 8, 14, 1.0);
        double c = m.cost(full);
        assertEquals(0.25, m.cost(full.with(BudgetParameter.EPOCHS, 2)) / c, 1e-12);
        assertEquals(0.5, m.cost(full.with(BudgetParameter.TRAIN_FRACTION, 0.5)) / c, 1e-12);
        assertEquals(1.0, m.cost(full.with(BudgetParameter.BATCH_SIZE, 32)) / c, 1e-12, "batch size is not in the model");
        // Convolutions dominate: halving the image side cuts FLOPs by about 4, halving C by about 4 (C^2 weights).
        double image = m.cost(full.with(BudgetParameter.IMAGE_SIZE, 7)) / c;
        double channels = m.cost(full.with(BudgetParameter.CHANNELS, 4)) / c;
        assertTrue(image > 0.15 && image < 0.4, "image 7 vs 14: " + image);
        assertTrue(channels > 0.2 && channels < 0.4, "C 4 vs 8: " + channels);
        assertTrue(m.cost(full.with(BudgetParameter.CELLS, 2)) > c, "more cells cost more");
    }

    @Test
    void evaluationImagesAddAFixedPerEpochCost() {
        List<PairTraining.Member> g = PruneMipStage.sampleMembers(SPACE, 3, 4);
        FlopsCostModel m = new FlopsCostModel(g, 1, 10, 1000, 2000);
        TrainingSetting s = new TrainingSetting(1, 128, 0.1, 1, 8, 14, 0.5);
        double perImage = m.meanFlops(1, 8, 14);
        assertEquals(perImage * (3 * 500 + 2000), m.cost(s), 1e-6 * m.cost(s));
    }

    @Test
    void theSamplerOnTheRealModelPrefersCheapValues() {
        List<PairTraining.Member> g = PruneMipStage.sampleMembers(SPACE, 3, 5);
        FlopsCostModel m = new FlopsCostModel(g, 1, 10, 2000, 2000);
        PruneMipOptions o = SweepConfig.defaults().get(PruneMipOptions.SECTION);
        BudgetSpace space = BudgetSpace.of(o, new TrainingSetting(4, 128, 0.1, 1, 8, 14, 1.0));
        CostAwareSampler s = new CostAwareSampler(space, m, 0.5);
        for (BudgetParameter p : space.parameters()) {
            double[] prob = s.probabilities(p);
            double[] cost = s.normalisedCosts(p);
            for (int i = 0; i + 1 < prob.length; i++) {
                assertEquals(Double.compare(cost[i + 1], cost[i]), Double.compare(prob[i], prob[i + 1]),
                        p.key() + ": a cheaper value is likelier " + Map.of("cost", List.of(cost[i], cost[i + 1])));
            }
        }
    }
}
