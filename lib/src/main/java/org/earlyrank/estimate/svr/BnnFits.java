package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.earlyrank.estimate.bnn.BayesianCurveNet;

/**
 * The Bayesian neural network of Klein et al. 2017 ({@link BayesianCurveNet}) in Baker et al.'s comparison
 * (Section 3.3.1): for one split at budget tau it is trained on every epoch 1..T of the training runs' curves
 * and, as Baker et al. do ("we not only present it with the subset of fully observed learning curves but also
 * all other partially observed learning curves"), on epochs 1..tau of the held-out runs, then predicts each
 * held-out run's validation accuracy at T (the posterior predictive mean at u = 1).
 *
 * <p>Inputs: the run's static features ({@link FeatureSpec#statics}: architecture and hyperparameters, log10
 * where the spec says so) standardised over all runs of the set (features only, no target), and u = t / T.
 * Without static features the network sees only u and predicts one curve for all runs. Epoch 0 of imports is
 * left out, as for LCE.
 *
 * <p>Fits of one {@link #prepare} call run in parallel on the pool, one per request; each is deterministic
 * given the request's seed. Thread-safe.
 */
public final class BnnFits implements CurveBaseline {
    private final CurveSet data;
    private final BayesianCurveNet.Settings settings;
    private final Set<Integer> taus;
    private final ExecutorService pool;
    private final double[][] features;
    private final Map<String, Predicted> cache = new ConcurrentHashMap<>();

    public BnnFits(CurveSet data, BayesianCurveNet.Settings settings, Set<Integer> taus, ExecutorService pool) {
        this.data = data;
        this.settings = settings;
        this.taus = Set.copyOf(taus);
        this.pool = pool;
        this.features = standardisedStatics(data);
    }

    @Override
    public boolean covers(int tau) {
        return taus.contains(tau);
    }

    @Override
    public int trainRows(Request request) {
        return request.train().length;
    }

    @Override
    public void prepare(List<Request> requests) {
        List<Callable<Predicted>> tasks = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (Request r : requests) {
            String k = key(r);
            if (!cache.containsKey(k) && !keys.contains(k)) {
                keys.add(k);
                tasks.add(() -> fit(r));
            }
        }
        List<Predicted> out = Parallel.all(pool, tasks);
        for (int i = 0; i < keys.size(); i++) {
            cache.put(keys.get(i), out.get(i));
        }
    }

    @Override
    public Predicted predict(Request request) {
        return cache.computeIfAbsent(key(request), k -> fit(request));
    }

    private static String key(Request r) {
        return r.tau() + "/" + r.seed();
    }

    private Predicted fit(Request r) {
        long t0 = System.nanoTime();
        int t = data.epochs();
        List<double[]> x = new ArrayList<>();
        List<Double> u = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int run : r.train()) {
            add(run, t, x, u, y);
        }
        for (int run : r.test()) {
            add(run, r.tau(), x, u, y);
        }
        BayesianCurveNet.Model model = BayesianCurveNet.fit(x.toArray(new double[0][]),
                u.stream().mapToDouble(d -> d).toArray(), y.stream().mapToDouble(d -> d).toArray(), settings,
                Seeds.derive(r.seed(), Seeds.BNN));
        double[] pred = new double[r.test().length];
        for (int i = 0; i < pred.length; i++) {
            pred[i] = model.predict(features[r.test()[i]], 1.0).mean();
        }
        return new Predicted(pred, (System.nanoTime() - t0) / 1e9, 1);
    }

    private void add(int run, int upTo, List<double[]> x, List<Double> u, List<Double> y) {
        double[] c = data.curve(run);
        for (int e = 1; e <= upTo; e++) {
            x.add(features[run]);
            u.add((double) e / data.epochs());
            y.add(c[e]);
        }
    }

    /** Static features of every run, each standardised to mean 0 and standard deviation 1 over the set. */
    static double[][] standardisedStatics(CurveSet data) {
        int n = data.size();
        double[][] raw = new double[n][];
        for (int i = 0; i < n; i++) {
            raw[i] = data.spec().staticRow(data.runs().get(i).run());
        }
        int p = n == 0 ? 0 : raw[0].length;
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (double[] r : raw) {
                m += r[j] / n;
            }
            double v = 0;
            for (double[] r : raw) {
                v += (r[j] - m) * (r[j] - m) / n;
            }
            double sd = v > 0 ? Math.sqrt(v) : 1;
            for (double[] r : raw) {
                r[j] = (r[j] - m) / sd;
            }
        }
        return raw;
    }
}
