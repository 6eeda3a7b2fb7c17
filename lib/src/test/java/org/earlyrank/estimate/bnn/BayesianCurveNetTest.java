package org.earlyrank.estimate.bnn;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The LC-Net's gradients, and the calibration of the BNN's posterior predictive on held-out synthetic curves.
 * Chains are short (2,000 + 2,000 SGHMC steps, 30 hidden units) so the calibration test takes a few seconds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BayesianCurveNetTest {
    @Test
    void backpropagationMatchesCentralDifferences() {
        LcNet net = new LcNet(3, 8);
        SplittableRandom rnd = new SplittableRandom(1);
        double[] p = net.init(rnd);
        for (int i = 0; i < p.length; i++) {
            p[i] += 0.3 * rnd.nextGaussian();
        }
        LcNet.Scratch s = net.scratch();
        for (double[] x : new double[][]{{0.3, -0.2, 0.4}, {-1.1, 0.7, 1.0}, {0.0, 0.0, 0.05}}) {
            double y = 0.7;
            double[] g = new double[p.length];
            net.lossGradient(p, x, y, 1, g, s);
            for (int i = 0; i < p.length; i++) {
                double keep = p[i];
                double h = 1e-6;
                p[i] = keep + h;
                double up = net.lossGradient(p, x, y, 1, new double[p.length], s);
                p[i] = keep - h;
                double down = net.lossGradient(p, x, y, 1, new double[p.length], s);
                p[i] = keep;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, g[i], 1e-5 * (1 + Math.abs(fd)), "parameter " + i + " at x " + java.util.Arrays.toString(x));
            }
        }
    }

    @Test
    void theHeadIsARisingCurveBelowItsAsymptote() {
        double[] o = new double[LcNet.OUTPUTS];
        double[] w = new double[LcNet.SHAPES];
        double[] sh = new double[LcNet.SHAPES];
        java.util.Arrays.fill(o, 0.3);
        double prev = Double.NEGATIVE_INFINITY;
        for (double u = 0.05; u <= 1.0001; u += 0.05) {
            double m = LcNet.head(o, u, null, w, sh);
            assertTrue(m > prev, "rises at u = " + u);
            assertTrue(m > 0 && m < LcNet.sigmoid(0.3), "inside (0, y_inf) at u = " + u);
            prev = m;
        }
    }

    /**
     * Synthetic configurations (x1, x2) uniform on [0, 1]^2 with curves y_t = y_inf - A exp(-k t / T) + N(0,
     * 0.03^2), y_inf = 0.5 + 0.4 x1, A = 0.3 + 0.2 x2, k = 2 + 4 x2, T = 20. Trained on 60 full curves and the first
     * 6 epochs of 100 others; the final (noisy) values of those 100 are held out.
     */
    @Test
    void thePredictiveIntervalCoversHeldOutCurvesAtAboutItsNominalRate() {
        int t = 20;
        int full = 60;
        int held = 100;
        int tau = 6;
        Random rnd = new Random(7);
        List<double[]> features = new ArrayList<>();
        List<Double> u = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        double[][] config = new double[full + held][];
        double[] finalValue = new double[full + held];
        for (int c = 0; c < full + held; c++) {
            double x1 = rnd.nextDouble();
            double x2 = rnd.nextDouble();
            config[c] = new double[]{(x1 - 0.5) * 3.46, (x2 - 0.5) * 3.46}; // standardised
            for (int e = 1; e <= t; e++) {
                double v = 0.5 + 0.4 * x1 - (0.3 + 0.2 * x2) * Math.exp(-(2 + 4 * x2) * e / t) + 0.03 * rnd.nextGaussian();
                if (e == t) {
                    finalValue[c] = v;
                }
                if (c < full || e <= tau) {
                    features.add(config[c]);
                    u.add((double) e / t);
                    y.add(v);
                }
            }
        }
        BayesianCurveNet.Settings s = new BayesianCurveNet.Settings(30, 2000, 2000, 100, 20, 0.01, 0.05, 1.0);
        BayesianCurveNet.Model m = BayesianCurveNet.fit(features.toArray(new double[0][]),
                u.stream().mapToDouble(d -> d).toArray(), y.stream().mapToDouble(d -> d).toArray(), s, 3);
        assertEquals(20, m.samples());
        int in90 = 0;
        int in68 = 0;
        double ss = 0;
        for (int c = full; c < full + held; c++) {
            BayesianCurveNet.Prediction p = m.predict(config[c], 1.0);
            double z = Math.abs(finalValue[c] - p.mean()) / p.sd();
            in90 += z <= 1.6449 ? 1 : 0;
            in68 += z <= 1.0 ? 1 : 0;
            ss += (finalValue[c] - p.mean()) * (finalValue[c] - p.mean());
        }
        // Nominal 90% and 68.3%; with 100 held-out values the binomial s.e. is 3 and 4.7 points.
        assertTrue(in90 >= 80 && in90 <= 98, "90% interval covers " + in90 + " of 100");
        assertTrue(in68 >= 55 && in68 <= 82, "68% interval covers " + in68 + " of 100");
        assertTrue(Math.sqrt(ss / held) < 0.05, "RMSE " + Math.sqrt(ss / held) + " against noise 0.03");
        BayesianCurveNet.Model again = BayesianCurveNet.fit(features.toArray(new double[0][]),
                u.stream().mapToDouble(d -> d).toArray(), y.stream().mapToDouble(d -> d).toArray(), s, 3);
        assertEquals(m.predict(config[full], 1.0).mean(), again.predict(config[full], 1.0).mean(), 0.0,
                "the same seed gives the same network");
    }
}
