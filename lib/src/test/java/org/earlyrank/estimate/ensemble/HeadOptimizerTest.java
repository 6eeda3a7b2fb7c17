package org.earlyrank.estimate.ensemble;

import static org.junit.jupiter.api.Assertions.*;

import org.earlyrank.schema.HeadsTable.HeadRow;
import org.junit.jupiter.api.Test;

class HeadOptimizerTest {
    private static final LinearHead START = LinearHead.of(new HeadRow("s", "r", 1, 3, 2,
            new float[]{0.1f, -0.2f, 0.0f, 0.3f, -0.1f, 0.05f}, new float[]{0.01f, 0.0f, -0.02f}));

    private static Samples one() {
        return new Samples(new float[]{1.5f, -0.5f}, 2, new int[]{0}, new int[]{2}, new int[]{0});
    }

    @Test
    void threeStepsFollowSgdWithMomentumWeightDecayAndLinearDecay() {
        // One sample, batch 1, 3 epochs = 3 steps with lr 0.1, 0.0667, 0.0333; momentum 0.9, weight decay 0.1.
        LinearHead h = new HeadOptimizer(3, 0.1, 0.9, 0.1, 1).fit(START, one(), 1);
        // Reference computed with numpy (python3), PyTorch SGD semantics, on the same numbers:
        //   for s in range(3): z = W@x+b; p = exp(z-max z)/sum; p[2] -= 1
        //     gW = outer(p, x) + 0.1*W; gb = p + 0.1*b
        //     vW, vb = (gW, gb) if s == 0 else (0.9*vW + gW, 0.9*vb + gb)
        //     lr = 0.1*(1 - s/3); W -= lr*vW; b -= lr*vb
        double[][] w = {{-0.09383275216914294, -0.13013441594361902}, {-0.12985016613047837, 0.3338249887101595},
                {0.22368291829962123, -0.05841977276654042}};
        double[] b = {-0.11743524811276197, -0.0865667774203189, 0.19431730553308083};
        for (int c = 0; c < 3; c++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(w[c][j], h.wt[j * 3 + c], 1e-6, "W[" + c + "][" + j + "]");
            }
            assertEquals(b[c], h.b[c], 1e-6, "b[" + c + "]");
        }
        assertEquals(-0.1, START.wt[2], 1e-7, "the start head is not changed");
    }

    @Test
    void zeroEpochsReturnTheStoredHead() {
        LinearHead h = new HeadOptimizer(0, 0.1, 0.9, 0.1, 1).fit(START, one(), 1);
        assertArrayEquals(START.wt, h.wt);
        assertArrayEquals(START.b, h.b);
    }

    @Test
    void theSeedDecidesTheShuffleAndNothingElse() {
        java.util.Random r = new java.util.Random(3);
        int n = 300;
        float[] x = new float[n * 2];
        int[] rows = new int[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
            labels[i] = r.nextInt(3);
            x[2 * i] = (float) (r.nextGaussian() + labels[i]);
            x[2 * i + 1] = (float) r.nextGaussian();
        }
        Samples s = new Samples(x, 2, rows, labels, rows.clone());
        HeadOptimizer opt = new HeadOptimizer(3, 0.05, 0.9, 5e-4, 32);
        LinearHead a = opt.fit(START, s, 11);
        LinearHead b = opt.fit(START, s, 11);
        LinearHead c = opt.fit(START, s, 12);
        assertArrayEquals(a.wt, b.wt, 0.0, "same seed, same head");
        assertFalse(java.util.Arrays.equals(a.wt, c.wt), "another seed shuffles the minibatches differently");
        assertTrue(a.crossEntropy(s) < START.crossEntropy(s));
    }
}
