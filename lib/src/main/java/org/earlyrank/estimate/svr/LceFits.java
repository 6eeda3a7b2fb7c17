package org.earlyrank.estimate.svr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import org.apache.spark.sql.SparkSession;
import org.earlyrank.estimate.lce.CurveExtrapolation;
import org.earlyrank.spark.Fanout;

/**
 * Learning-curve extrapolation ({@link CurveExtrapolation}, Domhan et al. 2015) of the runs of a
 * {@link CurveSet}, cached per (run, observed budget tau): a run's fit reads only its own first tau epochs, so
 * every repeat of the comparison and every ordering of the early-stopping simulation shares it. The fit's
 * seed is derived from the stage's seed, the run's index and tau, so a fit does not depend on who asked first.
 *
 * <p>Missing fits are computed in parallel: on Spark, one task per run (the task fits all the taus asked of
 * that run), when a session is given; otherwise on the given fixed pool. The cache lives as long as this
 * object (one stage run).
 *
 * <p>Thread-safe.
 */
public final class LceFits implements CurveBaseline {
    private final CurveSet data;
    private final CurveExtrapolation.Settings settings;
    private final long seed;
    private final SparkSession spark;
    private final ExecutorService pool;
    private final Set<Integer> taus;
    private final Map<Long, CurveExtrapolation.Prediction> cache = new ConcurrentHashMap<>();

    /**
     * @param taus  budgets at which the model comparison evaluates LCE (the early-stopping rule asks for others)
     * @param spark where fits run, one task per run; null: on the pool
     * @param pool  used without Spark (may be null: compute inline)
     */
    public LceFits(CurveSet data, CurveExtrapolation.Settings settings, long seed, Set<Integer> taus, SparkSession spark,
                   ExecutorService pool) {
        this.data = data;
        this.settings = settings;
        this.seed = seed;
        this.taus = Set.copyOf(taus);
        this.spark = spark;
        this.pool = pool;
    }

    public CurveExtrapolation.Settings settings() {
        return settings;
    }

    @Override
    public boolean covers(int tau) {
        return taus.contains(tau);
    }

    @Override
    public int trainRows(Request request) {
        return 0; // each run is extrapolated from its own curve alone
    }

    @Override
    public void prepare(List<Request> requests) {
        TreeMap<Integer, TreeSet<Integer>> need = new TreeMap<>();
        for (Request r : requests) {
            for (int run : r.test()) {
                need.computeIfAbsent(run, k -> new TreeSet<>()).add(r.tau());
            }
        }
        ensure(need);
    }

    @Override
    public Predicted predict(Request request) {
        double[] out = new double[request.test().length];
        double seconds = 0;
        for (int i = 0; i < out.length; i++) {
            CurveExtrapolation.Prediction p = get(request.test()[i], request.tau());
            out[i] = p.mean();
            seconds += p.seconds();
        }
        return new Predicted(out, seconds, out.length);
    }

    /** The prediction of run {@code run} from its first tau epochs, computed here when missing. */
    public CurveExtrapolation.Prediction get(int run, int tau) {
        CurveExtrapolation.Prediction p = cache.get(key(run, tau));
        if (p == null) {
            p = fit(new Unit(run, observed(run, tau), new int[]{tau}, data.epochs(), settings, seed))[0];
            cache.putIfAbsent(key(run, tau), p);
        }
        return p;
    }

    /** The cached prediction of run {@code run} from its first tau epochs, or null when it was not fitted yet. */
    public CurveExtrapolation.Prediction peek(int run, int tau) {
        return cache.get(key(run, tau));
    }

    /** Computes every missing (run, tau) of {@code need} (run index to its taus), in parallel. */
    public void ensure(Map<Integer, ? extends Set<Integer>> need) {
        List<Unit> units = new ArrayList<>();
        for (Map.Entry<Integer, ? extends Set<Integer>> e : need.entrySet()) {
            int run = e.getKey();
            int[] missing = e.getValue().stream().filter(t -> !cache.containsKey(key(run, t))).mapToInt(t -> t).toArray();
            if (missing.length > 0) {
                int maxTau = Arrays.stream(missing).max().orElseThrow();
                units.add(new Unit(run, observed(run, maxTau), missing, data.epochs(), settings, seed));
            }
        }
        if (units.isEmpty()) {
            return;
        }
        List<CurveExtrapolation.Prediction[]> results = compute(units);
        for (int u = 0; u < units.size(); u++) {
            for (int k = 0; k < units.get(u).taus().length; k++) {
                cache.putIfAbsent(key(units.get(u).run(), units.get(u).taus()[k]), results.get(u)[k]);
            }
        }
    }

    private List<CurveExtrapolation.Prediction[]> compute(List<Unit> units) {
        if (spark != null) {
            return Fanout.run(spark, FitSvrStage.NAME.toUpperCase(java.util.Locale.ROOT), FitSvrStage.NAME + " lce", units, 0, (u, attempt) -> fit(u));
        }
        List<Callable<CurveExtrapolation.Prediction[]>> tasks = new ArrayList<>();
        for (Unit u : units) {
            tasks.add(() -> fit(u));
        }
        return Parallel.all(pool, tasks);
    }

    /** Fits computed so far. */
    public int fits() {
        return cache.size();
    }

    /** Summed wall time of the fits computed so far (seconds of one core each). */
    public double fitSeconds() {
        return cache.values().stream().mapToDouble(CurveExtrapolation.Prediction::seconds).sum();
    }

    /** Fits that fell back to the last seen value (nothing could be fitted). */
    public int fallbacks() {
        return (int) cache.values().stream().filter(CurveExtrapolation.Prediction::fallback).count();
    }

    /** Validation accuracy of epochs 1..tau of run i (epoch 0 of imports is not a point the families model). */
    private double[] observed(int run, int tau) {
        return Arrays.copyOfRange(data.curve(run), 1, tau + 1);
    }

    private static long key(int run, int tau) {
        return (long) run * 100_000L + tau;
    }

    /** The Spark session of this thread, else the default one, else null (none, or stopped). */
    public static SparkSession activeSpark() {
        scala.Option<SparkSession> s = SparkSession.getActiveSession();
        if (s.isEmpty()) {
            s = SparkSession.getDefaultSession();
        }
        return s.isDefined() && !s.get().sparkContext().isStopped() ? s.get() : null;
    }

    /**
     * One run's work, serialised to an executor: its curve up to the largest tau asked, and the taus.
     */
    record Unit(int run, double[] curve, int[] taus, int epochs, CurveExtrapolation.Settings settings, long seed)
            implements Serializable {
    }

    static CurveExtrapolation.Prediction[] fit(Unit u) {
        CurveExtrapolation.Prediction[] out = new CurveExtrapolation.Prediction[u.taus().length];
        for (int k = 0; k < out.length; k++) {
            int tau = u.taus()[k];
            out[k] = CurveExtrapolation.predict(Arrays.copyOf(u.curve(), tau), u.epochs(), u.settings(),
                    Seeds.derive(u.seed(), Seeds.LCE, u.run(), tau));
        }
        return out;
    }
}
