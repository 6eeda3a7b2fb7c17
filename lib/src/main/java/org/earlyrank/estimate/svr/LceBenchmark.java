package org.earlyrank.estimate.svr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;

import org.earlyrank.config.FitSvrOptions;
import org.earlyrank.estimate.lce.CurveExtrapolation;

/**
 * How learning-curve extrapolation errs, on a seeded sample of the runs of learning-curve CSVs (no Spark, no
 * sweep folder): at each of the stage's baseline fractions, R^2 of the posterior predictive mean, its mean
 * error (bias: negative = under-prediction), R^2 after dropping the 5% of runs with the largest absolute error
 * (Baker et al. 2018, Section 3.3.1, compare LCE "even after we remove a few extreme prediction outliers"; this
 * uses the truth to choose them, as a post-hoc analysis does), and the calibration of the predictive
 * distribution: how often the truth falls inside the central 90% interval, and above the 0.99-quantile (the
 * stopping rule at Delta 0.99 assumes 1%). Prints Markdown.
 *
 * <p>Usage: {@code LceBenchmark CSV...}; system properties {@code runs} (300; 0 = all), {@code seed} (42) and the
 * chain as {@code fit-svr.lce_*} defaults unless {@code steps}, {@code burnIn}, {@code walkers} are given.
 */
public final class LceBenchmark {
    private LceBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        FitSvrOptions o = FitSvrOptions.SECTION.defaults();
        int sample = Integer.getInteger("runs", 300);
        long seed = Long.getLong("seed", 42);
        CurveExtrapolation.Settings s = new CurveExtrapolation.Settings(Integer.getInteger("walkers", o.lceWalkers()),
                Integer.getInteger("steps", o.lceSteps()), Integer.getInteger("burnIn", o.lceBurnIn()), o.lceSamples(),
                new double[]{0.05, 0.95, 0.99});
        ExecutorService pool = FitSvrStage.pool(0);
        try {
            System.out.printf(Locale.ROOT, "# LCE errors and calibration (%d walkers, %d steps, %d burn-in, %d cores)%n%n",
                    s.walkers(), s.steps(), s.burnIn(), Runtime.getRuntime().availableProcessors());
            for (String csv : args) {
                CurveSet data = CurveSet.of(SvrBenchmark.load(csv), o.features(), o.logScale(), x -> { });
                int n = sample <= 0 ? data.size() : Math.min(sample, data.size());
                int[] rows = Arrays.copyOf(Seeds.permutation(data.size(), Seeds.random(seed, Seeds.SPLIT, 99)), n);
                Set<Integer> taus = o.baselineEpochs(data.epochs());
                LceFits fits = new LceFits(data, s, seed, taus, null, pool);
                Map<Integer, Set<Integer>> need = new TreeMap<>();
                for (int r : rows) {
                    need.put(r, new TreeSet<>(taus));
                }
                long t0 = System.nanoTime();
                fits.ensure(need);
                double wall = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "## %s: %d of %d runs, T = %d; %d fits in %.0f s on the pool (%.3f s of one"
                                + " core per fit)%n%n", Path.of(csv).getFileName(), n, data.size(), data.epochs(), fits.fits(),
                        wall, fits.fitSeconds() / fits.fits());
                System.out.println("| tau (% of T) | R^2 | mean error | R^2 without the 5% largest errors | truth in"
                        + " central 90% | truth above q_0.99 | fallbacks | median s per fit |");
                System.out.println("|---|---|---|---|---|---|---|---|");
                for (int tau : taus) {
                    row(data, fits, rows, tau);
                }
                System.out.println();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void row(CurveSet data, LceFits fits, int[] rows, int tau) {
        int n = rows.length;
        double[] truth = new double[n];
        double[] pred = new double[n];
        double[] err = new double[n];
        double[] secs = new double[n];
        int inside = 0;
        int above = 0;
        int fallbacks = 0;
        double bias = 0;
        for (int i = 0; i < n; i++) {
            CurveExtrapolation.Prediction p = fits.get(rows[i], tau);
            truth[i] = data.truth(rows[i]);
            pred[i] = p.mean();
            err[i] = pred[i] - truth[i];
            bias += err[i] / n;
            secs[i] = p.seconds();
            fallbacks += p.fallback() ? 1 : 0;
            double[] q = p.quantiles();
            inside += truth[i] >= q[0] && truth[i] <= q[1] ? 1 : 0;
            above += truth[i] > q[2] ? 1 : 0;
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(Math.abs(err[a]), Math.abs(err[b])));
        int keep = n - (int) Math.ceil(0.05 * n);
        List<Double> tKept = new ArrayList<>();
        List<Double> pKept = new ArrayList<>();
        for (int k = 0; k < keep; k++) {
            tKept.add(truth[order[k]]);
            pKept.add(pred[order[k]]);
        }
        Arrays.sort(secs);
        int scored = n - fallbacks;
        System.out.printf(Locale.ROOT, "| %d (%.0f%%) | %s | %+.4f | %s | %s | %s | %d | %.3f |%n", tau,
                100.0 * tau / data.epochs(), f(ModelComparison.r2(truth, pred)), bias,
                f(ModelComparison.r2(tKept.stream().mapToDouble(d -> d).toArray(), pKept.stream().mapToDouble(d -> d).toArray())),
                scored == 0 ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * inside / scored),
                scored == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * above / scored), fallbacks, secs[n / 2]);
    }

    private static String f(Double v) {
        return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }
}
