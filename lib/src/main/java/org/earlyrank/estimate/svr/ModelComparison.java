package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.earlyrank.base.Median;

/**
 * How well each regression model predicts the truth from the first tau epochs: the protocol of Baker et
 * al. 2018, Section 3.3 and Table 1. Per repeat, a seeded random split: the model is trained on
 * {@code trainSize} configurations and R^2 is measured on all the others. When the sweep has too few
 * configurations for that (fewer than {@code trainSize + 2}), each repeat is instead a seeded k-fold
 * cross-fit over all configurations and R^2 is measured on the pooled out-of-fold predictions. The same
 * splits serve every model and every tau (paired comparison).
 *
 * <p>R^2 = 1 - SS_res / SS_tot on the held-out truth (SS_tot about the held-out mean), the mean over
 * repeats and its standard error (sample standard deviation / sqrt(repeats)). R^2 is undefined (null) when
 * the held-out truth is constant. sigma is computed on the first repeat's training rows only (it costs
 * one refit per training row). c, nu and gamma are the medians of the settings the searches chose.
 */
public final class ModelComparison {
    /**
     * One svr_fits row before the sweep id is attached.
     *
     * @param r2            R^2 of the final value on the metric's own scale ({@link TargetScale#original})
     * @param r2Se          its standard error over the repeats
     * @param sigmaLoo      on the working scale ({@link CurveSet#scale()}), as the stopping rules use it
     * @param fitMillis     mean wall time of one final fit with the chosen setting
     * @param searchSeconds mean wall time of one random search (nu-SVR only)
     * @param r2Transformed R^2 on the working (log) scale the model was fitted on; null without a transform
     */
    public record Result(ModelKind model, int tau, int nTrain, int nTest, int repeats, boolean crossFitted, Double r2,
                         Double r2Se, Double sigmaLoo, Double sigmaRobust, Double c, Double nu, Double gamma,
                         double fitMillis, double searchSeconds, Double r2Transformed) {
    }

    /** One split: training rows and held-out rows. */
    record Split(int[] train, int[] test) {
    }

    private ModelComparison() {
    }

    /** The splits of one repeat (one holdout split, or k cross-fitting folds). */
    static List<Split> splits(int n, int trainSize, int crossFitFolds, long seed, int repeat) {
        int[] perm = Seeds.permutation(n, Seeds.random(seed, Seeds.SPLIT, repeat));
        List<Split> out = new ArrayList<>();
        if (n >= trainSize + 2) {
            out.add(new Split(Arrays.copyOfRange(perm, 0, trainSize), Arrays.copyOfRange(perm, trainSize, n)));
            return out;
        }
        int k = Math.max(2, Math.min(crossFitFolds, n));
        for (int f = 0; f < k; f++) {
            List<Integer> tr = new ArrayList<>();
            List<Integer> te = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                (p % k == f ? te : tr).add(perm[p]);
            }
            out.add(new Split(tr.stream().mapToInt(i -> i).toArray(), te.stream().mapToInt(i -> i).toArray()));
        }
        return out;
    }

    /**
     * @param taus   budgets to evaluate (1 <= tau < T)
     * @param models models to compare
     */
    public static List<Result> run(CurveSet data, List<Integer> taus, List<ModelKind> models, int trainSize,
                                   int repeats, int crossFitFolds, long seed, SrmFitter fitter) {
        return run(data, taus, models, trainSize, repeats, crossFitFolds, seed, fitter, Map.of());
    }

    /**
     * As above, with Baker et al.'s Bayesian baselines ({@link ModelKind#baseline}): each is scored on the same
     * splits, at the taus it {@link CurveBaseline#covers} (a baseline kind without an entry is skipped).
     */
    public static List<Result> run(CurveSet data, List<Integer> taus, List<ModelKind> models, int trainSize,
                                   int repeats, int crossFitFolds, long seed, SrmFitter fitter,
                                   Map<ModelKind, CurveBaseline> baselines) {
        int n = data.size();
        List<List<Split>> plan = new ArrayList<>();
        for (int r = 0; r < repeats; r++) {
            plan.add(splits(n, trainSize, crossFitFolds, seed, r));
        }
        for (ModelKind kind : models) {
            CurveBaseline b = baselines.get(kind);
            if (kind.baseline() && b != null) {
                b.prepare(taus.stream().filter(b::covers).flatMap(tau -> requests(plan, tau, seed).stream()).toList());
            }
        }
        // The regressions of each tau are one task on the fitter's pool, fitting on its own thread (issue 23:
        // the predictions of thousands of held-out runs then use both cores too); the baselines are read on
        // this thread. Results keep the order of taus, then models.
        boolean perTau = fitter.pool() != null && taus.size() > 1;
        SrmFitter inner = perTau ? fitter.serial() : fitter;
        List<java.util.concurrent.Callable<List<Result>>> tasks = new ArrayList<>();
        for (int tau : taus) {
            int lastSeen = lastSeenIndex(data.spec(), tau);
            tasks.add(() -> {
                List<Result> mine = new ArrayList<>();
                for (ModelKind kind : models) {
                    if (!kind.baseline() && !(kind == ModelKind.LAST_SEEN && lastSeen < 0)) {
                        mine.add(regression(data, kind, tau, lastSeen, plan, repeats, seed, inner));
                    }
                }
                return mine;
            });
        }
        List<List<Result>> regressions = Parallel.all(perTau ? fitter.pool() : null, tasks);
        List<Result> out = new ArrayList<>();
        for (int ti = 0; ti < taus.size(); ti++) {
            int tau = taus.get(ti);
            int lastSeen = lastSeenIndex(data.spec(), tau);
            java.util.Iterator<Result> fitted = regressions.get(ti).iterator();
            for (ModelKind kind : models) {
                if (kind == ModelKind.LAST_SEEN && lastSeen < 0) {
                    continue; // no time-series features
                }
                if (kind.baseline()) {
                    CurveBaseline b = baselines.get(kind);
                    if (b != null && b.covers(tau)) {
                        out.add(baseline(kind, b, data, plan, tau, seed));
                    }
                    continue;
                }
                out.add(fitted.next());
            }
        }
        return out;
    }

    /** One regression model at one tau over every repeat of the plan (see the class comment). */
    private static Result regression(CurveSet data, ModelKind kind, int tau, int lastSeen, List<List<Split>> plan,
                                     int repeats, long seed, SrmFitter fitter) {
        List<Double> r2s = new ArrayList<>();
        List<Double> r2ts = new ArrayList<>();
        List<Double> cs = new ArrayList<>();
        List<Double> nus = new ArrayList<>();
        List<Double> gammas = new ArrayList<>();
        double sigma = Double.NaN;
        double robust = Double.NaN;
        double fitMs = 0;
        double searchS = 0;
        int fits = 0;
        int nTrain = Integer.MAX_VALUE;
        int nTest = 0;
        for (int r = 0; r < repeats; r++) {
            List<Split> splits = plan.get(r);
            List<Double> pred = new ArrayList<>();
            List<Double> truth = new ArrayList<>();
            double sigmaSum = 0;
            double robustSum = 0;
            for (int f = 0; f < splits.size(); f++) {
                Split s = splits.get(f);
                boolean loo = r == 0;
                SrmFitter.Fitted fit = fitter.fit(kind, tau, data.design(tau, s.train()), data.truth(s.train()),
                        Seeds.derive(seed, tau, r, f), loo, lastSeen);
                double[] p = fitter.predictAll(fit.srm(), data.design(tau, s.test()));
                for (int i = 0; i < p.length; i++) {
                    pred.add(p[i]);
                    truth.add(data.truth(s.test()[i]));
                }
                sigmaSum += loo ? fit.srm().sigmaRms() * fit.srm().sigmaRms() : 0;
                robustSum += loo ? fit.srm().sigmaRobust() : 0;
                if (fit.srm().params() != null) {
                    cs.add(fit.srm().params().c());
                    nus.add(fit.srm().params().nu());
                    gammas.add(fit.srm().params().gamma());
                }
                fitMs += fit.timing().fitMillis();
                searchS += fit.timing().searchSeconds();
                fits++;
                nTrain = Math.min(nTrain, s.train().length);
                nTest = r == 0 ? nTest + s.test().length : nTest;
            }
            if (r == 0) {
                sigma = Math.sqrt(sigmaSum / splits.size());
                robust = robustSum / splits.size();
            }
            addR2(data.scale(), truth, pred, r2s, r2ts);
        }
        Double mean = r2s.isEmpty() ? null : r2s.stream().mapToDouble(d -> d).average().orElseThrow();
        Double se = r2s.size() < 2 ? null : standardError(r2s);
        boolean svr = kind.kernel() != null;
        return new Result(kind, tau, nTrain, nTest, repeats, plan.get(0).size() > 1, mean, se,
                Double.isFinite(sigma) ? sigma : null, Double.isFinite(robust) ? robust : null,
                svr ? median(cs) : null, svr ? median(nus) : null,
                kind == ModelKind.NU_SVR_RBF ? median(gammas) : null, fitMs / fits, searchS / fits,
                transformedMean(data.scale(), r2ts));
    }

    /** Every split of the plan at budget tau, seeded as the regressions' fits are. */
    private static List<CurveBaseline.Request> requests(List<List<Split>> plan, int tau, long seed) {
        List<CurveBaseline.Request> out = new ArrayList<>();
        for (int r = 0; r < plan.size(); r++) {
            for (int f = 0; f < plan.get(r).size(); f++) {
                Split s = plan.get(r).get(f);
                out.add(new CurveBaseline.Request(tau, s.train(), s.test(), Seeds.derive(seed, tau, r, f)));
            }
        }
        return out;
    }

    /** A baseline's row: R^2 over the same splits as the regressions; no sigma, no search. */
    private static Result baseline(ModelKind kind, CurveBaseline b, CurveSet data, List<List<Split>> plan, int tau,
                                   long seed) {
        List<Double> r2s = new ArrayList<>();
        List<Double> r2ts = new ArrayList<>();
        double seconds = 0;
        int fits = 0;
        int nTrain = Integer.MAX_VALUE;
        int nTest = 0;
        List<CurveBaseline.Request> all = requests(plan, tau, seed);
        int k = 0;
        for (int r = 0; r < plan.size(); r++) {
            List<Double> pred = new ArrayList<>();
            List<Double> truth = new ArrayList<>();
            for (int f = 0; f < plan.get(r).size(); f++) {
                CurveBaseline.Request q = all.get(k++);
                CurveBaseline.Predicted p = b.predict(q);
                for (int i = 0; i < q.test().length; i++) {
                    pred.add(p.predictions()[i]);
                    truth.add(data.truth(q.test()[i]));
                }
                seconds += p.fitSeconds();
                fits += p.fits();
                nTrain = Math.min(nTrain, b.trainRows(q));
                nTest = r == 0 ? nTest + q.test().length : nTest;
            }
            addR2(data.scale(), truth, pred, r2s, r2ts);
        }
        Double mean = r2s.isEmpty() ? null : r2s.stream().mapToDouble(d -> d).average().orElseThrow();
        Double se = r2s.size() < 2 ? null : standardError(r2s);
        return new Result(kind, tau, nTrain, nTest, plan.size(), plan.get(0).size() > 1, mean, se, null, null, null,
                null, null, fits == 0 ? 0 : 1000 * seconds / fits, 0, transformedMean(data.scale(), r2ts));
    }

    /**
     * One split's R^2 on the metric's own scale (truth and predictions mapped back from the working scale)
     * and on the working scale. The two differ only under a log transform: the issue-21 figure to compare is
     * the first, what the model minimised the second.
     */
    private static void addR2(TargetScale scale, List<Double> truth, List<Double> pred, List<Double> r2s,
                              List<Double> r2ts) {
        double[] t = truth.stream().mapToDouble(d -> d).toArray();
        double[] p = pred.stream().mapToDouble(d -> d).toArray();
        Double working = r2(t, p);
        if (working != null) {
            r2ts.add(working);
        }
        if (!scale.log()) {
            if (working != null) {
                r2s.add(working); // orientation alone does not change R^2
            }
            return;
        }
        double[] to = new double[t.length];
        double[] po = new double[p.length];
        for (int i = 0; i < t.length; i++) {
            to[i] = scale.original(t[i]);
            po[i] = scale.original(p[i]);
        }
        Double original = r2(to, po);
        if (original != null) {
            r2s.add(original);
        }
    }

    private static Double transformedMean(TargetScale scale, List<Double> r2ts) {
        return !scale.log() || r2ts.isEmpty() ? null : r2ts.stream().mapToDouble(d -> d).average().orElseThrow();
    }

    /** Index of y_tau among the raw features, or -1 without time-series features. */
    static int lastSeenIndex(FeatureSpec spec, int tau) {
        return spec.timeSeries() ? tau - (spec.epochZero() ? 0 : 1) : -1;
    }

    /** Coefficient of determination; null when the truth is constant or there are fewer than 2 values. */
    public static Double r2(double[] truth, double[] pred) {
        int n = truth.length;
        if (n < 2) {
            return null;
        }
        double mean = Arrays.stream(truth).average().orElseThrow();
        double res = 0;
        double tot = 0;
        for (int i = 0; i < n; i++) {
            res += (truth[i] - pred[i]) * (truth[i] - pred[i]);
            tot += (truth[i] - mean) * (truth[i] - mean);
        }
        return tot > 0 ? 1 - res / tot : null;
    }

    static double standardError(List<Double> v) {
        double m = v.stream().mapToDouble(d -> d).average().orElseThrow();
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return Math.sqrt(s / (v.size() - 1)) / Math.sqrt(v.size());
    }

    static Double median(List<Double> v) {
        return v.isEmpty() ? null : Median.of(v);
    }

}
