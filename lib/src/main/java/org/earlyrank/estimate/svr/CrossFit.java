package org.earlyrank.estimate.svr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

import org.earlyrank.estimate.RunHistory;
import org.earlyrank.estimate.SweepData;

/**
 * Out-of-fold {@code svr} estimates for every run: the usable runs ({@link CurveSet}) are split into k
 * seeded folds; the models of fold f (one per budget) are trained on up to {@code trainSize} runs drawn,
 * seeded, from the other folds, and score the runs of fold f. So no run is scored by a model that saw its
 * final value, whether the sweep has fewer runs than the training size (the default sweep) or thousands.
 * Runs outside the usable set (not ok, missing epochs) were never trained on; fold 0's models score them
 * at every budget their curve covers.
 *
 * <p>Cost of an estimate: the fitting time of the model that produced it, shared equally by the runs it
 * scored, plus the prediction time.
 */
public final class CrossFit {
    /** One estimate before the sweep id is attached. */
    public record Estimate(String runId, int budget, double score, double costSeconds) {
    }

    private CrossFit() {
    }

    public static List<Estimate> estimates(SweepData sweep, CurveSet data, List<Integer> taus, ModelKind kind,
                                           int trainSize, int folds, long seed, SrmFitter fitter) {
        int n = data.size();
        int k = Math.max(2, Math.min(folds, n));
        int[] perm = Seeds.permutation(n, Seeds.random(seed, Seeds.CROSS_FIT));
        int[] foldOf = new int[n];
        for (int p = 0; p < n; p++) {
            foldOf[perm[p]] = p % k;
        }
        Map<String, Integer> usable = new HashMap<>();
        for (int i = 0; i < n; i++) {
            usable.put(data.runs().get(i).runId(), i);
        }
        // Who each fold's models score: its own usable runs; fold 0 also the runs outside the usable set.
        List<List<RunHistory>> scoredBy = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            scoredBy.add(new ArrayList<>());
        }
        for (RunHistory h : sweep.runs()) {
            Integer i = usable.get(h.runId());
            scoredBy.get(i == null ? 0 : foldOf[i]).add(h);
        }
        List<Estimate> out = new ArrayList<>();
        Set<Integer> tauSet = new HashSet<>(taus);
        for (int f = 0; f < k; f++) {
            List<Integer> rest = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                if (foldOf[perm[p]] != f) {
                    rest.add(perm[p]);
                }
            }
            int[] train = rest.stream().limit(trainSize).mapToInt(i -> i).toArray();
            Arrays.sort(train);
            Map<Integer, Srm> models = new LinkedHashMap<>();
            Map<Integer, Double> fitSeconds = new HashMap<>();
            for (int tau : tauSet.stream().sorted().toList()) {
                long t0 = System.nanoTime();
                Srm m = fitter.fit(kind, tau, data.design(tau, train), data.truth(train),
                        Seeds.derive(seed, Seeds.CROSS_FIT, f, tau), false,
                        ModelComparison.lastSeenIndex(data.spec(), tau)).srm();
                fitSeconds.put(tau, (System.nanoTime() - t0) / 1e9);
                models.put(tau, m);
            }
            SvrCurveEstimator est = new SvrCurveEstimator(data.spec(), models);
            for (int tau : models.keySet()) {
                List<Estimate> scored = new ArrayList<>();
                List<Double> predictSeconds = new ArrayList<>();
                for (RunHistory h : scoredBy.get(f)) {
                    long t0 = System.nanoTime();
                    OptionalDouble s = est.score(h.upTo(tau), tau);
                    double dt = (System.nanoTime() - t0) / 1e9;
                    if (s.isPresent()) {
                        scored.add(new Estimate(h.runId(), tau, s.getAsDouble(), 0));
                        predictSeconds.add(dt);
                    }
                }
                double share = scored.isEmpty() ? 0 : fitSeconds.get(tau) / scored.size();
                for (int i = 0; i < scored.size(); i++) {
                    Estimate e = scored.get(i);
                    out.add(new Estimate(e.runId(), e.budget(), e.score(), share + predictSeconds.get(i)));
                }
            }
        }
        out.sort((a, b) -> a.runId().equals(b.runId()) ? Integer.compare(a.budget(), b.budget())
                : a.runId().compareTo(b.runId()));
        return out;
    }
}
