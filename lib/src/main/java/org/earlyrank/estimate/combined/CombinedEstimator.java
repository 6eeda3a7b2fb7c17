package org.earlyrank.estimate.combined;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.earlyrank.estimate.svr.Seeds;
import org.earlyrank.rank.RankMetrics;

/**
 * The {@value CombinedInputs#NAME} estimator: at each budget, a regression from the other estimators'
 * scores at that budget (and the budget-0 proxies) plus architecture features to the truth, cross-fitted
 * over runs so that no run is scored by a model that saw its truth. After White et al.'s OMNI predictor
 * ("How powerful are performance predictors in neural architecture search?", NeurIPS 2021, Section 5),
 * which combines learning-curve, zero-cost and model-based predictors in one tree model.
 *
 * <p>Cross-fitting: the runs with a truth are split into {@code folds} seeded folds (the same folds at
 * every budget); fold f's runs are scored by a model fitted on the other folds' runs; runs without a
 * truth (not ok) are scored by fold 0's model. The model is chosen inside each outer fold by
 * nested cross-validation: the training runs are split again into {@code innerFolds} seeded folds, every
 * candidate (a family of {@link CombinedModelKind} with every input or only the few strongest ones,
 * {@link Candidate}) predicts each inner fold from the others, and the candidate whose pooled out-of-fold
 * predictions have the highest Kendall tau-b with the truth is refitted on all the training runs (ties go
 * to the earlier candidate). Every choice is returned ({@link Choice}). A
 * run's score therefore depends on the other runs' truths and on its own inputs, never on its own truth.
 *
 * <p>Inputs that are themselves fitted across runs (svr) were cross-fitted on other folds than these, so
 * a run's truth can reach another run's input; the run's own score never reads it. Pass such estimators
 * in {@code exclude} of {@link CombinedInputs#build} to rule that out.
 *
 * <p>Cost of an estimate: the summed cost of the run's inputs, plus the wall time of the fold's model
 * selection and fit shared equally by the runs it scored, plus the prediction time.
 *
 * <p>Deterministic given the seed. Budgets with fewer than {@value #MIN_RUNS} runs with a truth get no
 * estimates.
 */
public final class CombinedEstimator {
    /** Fewest runs with a truth for a budget to be scored. */
    public static final int MIN_RUNS = 6;
    private static final long FOLDS = 21;
    private static final long INNER = 22;
    private static final long FIT = 23;

    /**
     * One model the nested cross-validation may choose: a family and how many inputs it keeps.
     *
     * @param maxInputs 0 for every input, else the strongest {@code maxInputs} on the training runs
     *                  ({@link CombinedModel#fit(double[][], boolean[], double[], CombinedModelKind, int, long)})
     */
    public record Candidate(CombinedModelKind kind, int maxInputs) {
        /** e.g. {@code random-forest/3} or {@code nu-svr/all}. */
        public String label() {
            return kind.modelName() + "/" + (maxInputs == 0 ? "all" : String.valueOf(maxInputs));
        }
    }

    /**
     * @param folds      outer cross-fitting folds (at least 2)
     * @param innerFolds model-selection folds inside each outer fold (at least 2)
     * @param kinds      model families to choose among (at least one)
     * @param inputCaps  input counts to choose among (0 = every input; at least one): with tens of runs and
     *                   dozens of mostly redundant inputs, every family can fit noise, so keeping only the
     *                   few inputs that rank the training runs best is a candidate too
     * @param seed       seed of the folds and the fits
     */
    public record Options(int folds, int innerFolds, List<CombinedModelKind> kinds, List<Integer> inputCaps, long seed) {
        public Options {
            if (folds < 2 || innerFolds < 2) {
                throw new IllegalArgumentException("combined needs folds >= 2 and innerFolds >= 2, got folds=" + folds
                        + " innerFolds=" + innerFolds);
            }
            if (kinds == null || kinds.isEmpty()) {
                throw new IllegalArgumentException("combined needs at least one candidate model; known: "
                        + CombinedModelKind.NAMES);
            }
            if (inputCaps == null || inputCaps.isEmpty() || inputCaps.stream().anyMatch(c -> c == null || c < 0)) {
                throw new IllegalArgumentException("combined input caps must be >= 0 (0 = every input), at least one, got "
                        + inputCaps);
            }
            kinds = List.copyOf(kinds);
            inputCaps = List.copyOf(inputCaps);
        }

        /** 5 outer and 5 inner folds; every family, with the 3 strongest inputs or all of them. */
        public static Options defaults(long seed) {
            return new Options(5, 5, List.of(CombinedModelKind.values()), List.of(3, 0), seed);
        }

        /** Every (family, cap) pair, caps varying fastest: the order that breaks ties. */
        public List<Candidate> candidates() {
            List<Candidate> out = new ArrayList<>();
            for (CombinedModelKind k : kinds) {
                for (int c : inputCaps) {
                    out.add(new Candidate(k, c));
                }
            }
            return out;
        }
    }

    /** One run's combined score at one budget. */
    public record Estimate(String runId, int budget, double score, double costSeconds) {
    }

    /**
     * The model chosen for one outer fold at one budget.
     *
     * @param innerTau each candidate's inner cross-validated tau-b (NaN when undefined), in candidate order
     */
    public record Choice(int budget, int fold, int trainRuns, Candidate chosen, Map<Candidate, Double> innerTau) {
    }

    public record Result(List<Estimate> estimates, List<Choice> choices) {
        /** How often each candidate was chosen at a budget, by label. */
        public Map<String, Integer> choiceCounts(int budget) {
            Map<String, Integer> m = new java.util.TreeMap<>();
            for (Choice c : choices) {
                if (c.budget() == budget) {
                    m.merge(c.chosen().label(), 1, Integer::sum);
                }
            }
            return m;
        }
    }

    private CombinedEstimator() {
    }

    /**
     * @param designs one per budget ({@link CombinedInputs#build})
     * @param truth   the truth of the runs that have one (the report's {@code Truth.values()})
     */
    public static Result crossFit(List<CombinedInputs.Design> designs, Map<String, Double> truth, Options o) {
        List<Estimate> out = new ArrayList<>();
        List<Choice> choices = new ArrayList<>();
        for (CombinedInputs.Design d : designs) {
            List<Fold> plan = outerFolds(d, truth, o);
            for (int f = 0; f < plan.size(); f++) {
                List<Integer> train = plan.get(f).train();
                List<Integer> scored = plan.get(f).scored();
                long t0 = System.nanoTime();
                double[][] x = rows(d.x(), train);
                double[] y = train.stream().mapToDouble(i -> truth.get(d.runIds().get(i))).toArray();
                long foldSeed = Seeds.derive(o.seed(), d.budget(), f);
                Map<Candidate, Double> inner = innerTaus(x, d.estimatorColumn(), y, o, foldSeed);
                Candidate chosen = best(inner);
                CombinedModel model = CombinedModel.fit(x, d.estimatorColumn(), y, chosen.kind(), chosen.maxInputs(),
                        Seeds.derive(foldSeed, FIT));
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                choices.add(new Choice(d.budget(), f, train.size(), chosen, inner));
                for (int i : scored) {
                    long t1 = System.nanoTime();
                    double s = model.score(d.x()[i]);
                    double dt = (System.nanoTime() - t1) / 1e9;
                    out.add(new Estimate(d.runIds().get(i), d.budget(), s,
                            d.inputCost()[i] + fitSeconds / scored.size() + dt));
                }
            }
        }
        out.sort((a, b) -> a.runId().equals(b.runId()) ? Integer.compare(a.budget(), b.budget())
                : a.runId().compareTo(b.runId()));
        return new Result(out, choices);
    }

    /**
     * The honest single-estimator reference: on the same outer folds, each fold picks the input estimator
     * that ranks its training runs best (highest tau-b with their truth) and scores its held-out runs by
     * where their value of that input falls among the training runs' values (mid-rank percentile, so folds
     * that picked different estimators give comparable scores; a missing value is the lowest). This is the
     * best single estimator as a user could pick it without the held-out truths, unlike the best single
     * estimator picked afterwards on all runs. Runs without a truth are scored by fold 0's pick.
     *
     * @return the estimates (cost 0: this is a reference for the benchmark, not an estimator) and, per
     *         budget, each fold's picked column
     */
    public static SelectedSingle selectedSingle(List<CombinedInputs.Design> designs, Map<String, Double> truth, Options o) {
        List<Estimate> out = new ArrayList<>();
        Map<Integer, List<String>> picks = new java.util.TreeMap<>();
        for (CombinedInputs.Design d : designs) {
            List<Fold> plan = outerFolds(d, truth, o);
            for (int f = 0; f < plan.size(); f++) {
                List<Integer> train = plan.get(f).train();
                List<Integer> scored = plan.get(f).scored();
                double[] y = train.stream().mapToDouble(i -> truth.get(d.runIds().get(i))).toArray();
                int bestCol = -1;
                double bestTau = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < d.columns().size(); j++) {
                    if (!d.estimatorColumn()[j]) {
                        continue;
                    }
                    double[] v = column(d.x(), train, j);
                    Double tau = RankMetrics.kendallTauB(v, y);
                    if (tau != null && tau > bestTau) {
                        bestTau = tau;
                        bestCol = j;
                    }
                }
                picks.computeIfAbsent(d.budget(), b -> new ArrayList<>()).add(bestCol < 0 ? "none" : d.columns().get(bestCol));
                double[] ref = bestCol < 0 ? new double[0] : column(d.x(), train, bestCol);
                for (int i : scored) {
                    double v = bestCol < 0 ? Double.NaN : d.x()[i][bestCol];
                    out.add(new Estimate(d.runIds().get(i), d.budget(), percentile(v, ref), 0));
                }
            }
        }
        out.sort((a, b) -> a.runId().equals(b.runId()) ? Integer.compare(a.budget(), b.budget())
                : a.runId().compareTo(b.runId()));
        return new SelectedSingle(out, picks);
    }

    /** The single-estimator reference and, per budget, each fold's picked column. */
    public record SelectedSingle(List<Estimate> estimates, Map<Integer, List<String>> picks) {
    }

    /** Values of column j over the rows, missing as negative infinity (the lowest). */
    private static double[] column(double[][] x, List<Integer> rows, int j) {
        return rows.stream().mapToDouble(i -> Double.isFinite(x[i][j]) ? x[i][j] : Double.NEGATIVE_INFINITY).toArray();
    }

    /** Mid-rank percentile of v among ref: (#below + #equal / 2) / |ref|; 0 for a missing v. */
    static double percentile(double v, double[] ref) {
        if (!Double.isFinite(v) || ref.length == 0) {
            return 0;
        }
        double below = 0;
        for (double r : ref) {
            below += r < v ? 1 : r == v ? 0.5 : 0;
        }
        return below / ref.length;
    }

    /** Each candidate's tau-b of pooled inner out-of-fold predictions (NaN when undefined). */
    static Map<Candidate, Double> innerTaus(double[][] x, boolean[] est, double[] y, Options o, long seed) {
        Map<Candidate, Double> out = new LinkedHashMap<>();
        List<Candidate> candidates = o.candidates();
        if (candidates.size() == 1) {
            out.put(candidates.get(0), Double.NaN);
            return out;
        }
        int n = x.length;
        int k = Math.min(o.innerFolds(), n);
        int[] foldOf = folds(n, k, Seeds.random(seed, INNER));
        for (int c = 0; c < candidates.size(); c++) {
            Candidate cand = candidates.get(c);
            double[] pred = new double[n];
            for (int f = 0; f < k; f++) {
                List<Integer> tr = new ArrayList<>();
                List<Integer> te = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    (foldOf[i] == f ? te : tr).add(i);
                }
                double[] ytr = tr.stream().mapToDouble(i -> y[i]).toArray();
                CombinedModel m = CombinedModel.fit(rows(x, tr), est, ytr, cand.kind(), cand.maxInputs(),
                        Seeds.derive(seed, c, f));
                double[] p = m.scoreAll(rows(x, te));
                for (int i = 0; i < te.size(); i++) {
                    pred[te.get(i)] = p[i];
                }
            }
            Double tau = RankMetrics.kendallTauB(pred, y);
            out.put(cand, tau == null ? Double.NaN : tau);
        }
        return out;
    }

    /** The candidate with the highest inner tau; ties (and all undefined) go to the earliest. */
    private static Candidate best(Map<Candidate, Double> inner) {
        Candidate best = null;
        double bestTau = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Candidate, Double> e : inner.entrySet()) {
            if (best == null || Double.isFinite(e.getValue()) && e.getValue() > bestTau) {
                best = e.getKey();
                bestTau = Double.isFinite(e.getValue()) ? e.getValue() : Double.NEGATIVE_INFINITY;
            }
        }
        return best;
    }

    /** One outer fold: the rows it trains on and the rows it scores. */
    private record Fold(List<Integer> train, List<Integer> scored) {
    }

    /**
     * The outer folds of a budget (the same at every budget: they depend on the seed and on which runs have
     * a truth, never on its values); empty with fewer than {@value #MIN_RUNS} runs with a truth. Rows
     * without a truth are scored by fold 0.
     */
    private static List<Fold> outerFolds(CombinedInputs.Design d, Map<String, Double> truth, Options o) {
        List<Integer> usable = new ArrayList<>();
        List<Integer> others = new ArrayList<>();
        for (int i = 0; i < d.runIds().size(); i++) {
            Double y = truth.get(d.runIds().get(i));
            (y != null && Double.isFinite(y) ? usable : others).add(i);
        }
        int n = usable.size();
        List<Fold> out = new ArrayList<>();
        if (n < MIN_RUNS) {
            return out;
        }
        int k = Math.min(o.folds(), n);
        int[] foldOf = folds(n, k, Seeds.random(o.seed(), FOLDS));
        for (int f = 0; f < k; f++) {
            List<Integer> train = new ArrayList<>();
            List<Integer> scored = new ArrayList<>();
            for (int p = 0; p < n; p++) {
                (foldOf[p] == f ? scored : train).add(usable.get(p));
            }
            if (f == 0) {
                scored.addAll(others);
            }
            out.add(new Fold(train, scored));
        }
        return out;
    }

    /** A seeded assignment of n items to k folds of sizes differing by at most one. */
    static int[] folds(int n, int k, java.util.Random rnd) {
        int[] perm = Seeds.permutation(n, rnd);
        int[] foldOf = new int[n];
        for (int p = 0; p < n; p++) {
            foldOf[perm[p]] = p % k;
        }
        return foldOf;
    }

    private static double[][] rows(double[][] x, List<Integer> idx) {
        double[][] out = new double[idx.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = x[idx.get(i)];
        }
        return out;
    }
}
