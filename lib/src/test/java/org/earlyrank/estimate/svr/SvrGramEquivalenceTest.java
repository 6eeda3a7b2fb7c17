package org.earlyrank.estimate.svr;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.spark.sql.Row;
import org.earlyrank.RealCurves;
import org.earlyrank.config.SweepConfig;
import org.earlyrank.estimate.SweepData;
import org.earlyrank.pipeline.Pipeline;
import org.earlyrank.pipeline.Stages;
import org.earlyrank.schema.EarlyStoppingTable;
import org.earlyrank.schema.EstimatesTable;
import org.earlyrank.schema.SvrFitsTable;
import org.earlyrank.schema.TableSchema;
import org.earlyrank.store.SweepFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * fit-svr's speed work (issue 23) changes no result: the nu-SVR fitted from an {@link SvrGram} (LIBSVM's
 * precomputed kernel) predicts bit for bit what LIBSVM fitted on the rows with its own kernels predicts, the
 * pool's chunked predictions equal one serial call, and the whole stage writes the same svr_fits,
 * early_stopping and estimates rows as the code before the change (commit 3442c6a) on real MetaQNN curves.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SvrGramEquivalenceTest {
    /** Written by commit 3442c6a's fit-svr; see the file's header for the options. */
    static final String GOLDEN = "/golden/fit-svr-metaqnn150-3442c6a.txt";
    static final Set<String> TIMING = Set.of("fit_ms", "search_seconds", "cost_seconds");

    static ExecutorService pool;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        pool = FitSvrStage.pool(2);
        svm.svm_set_print_string_function(s -> { });
    }

    @AfterAll
    static void stop() {
        pool.shutdownNow();
    }

    /** The first {@code n} MetaQNN SVHN curves as a CSV in {@code dir}. */
    static Path metaQnn(Path dir, int n) throws Exception {
        List<String> lines = Files.readAllLines(RealCurves.csv("metaqnn_svhn.csv"), StandardCharsets.UTF_8);
        Path csv = dir.resolve("metaqnn_" + n + ".csv");
        Files.write(csv, lines.subList(0, n + 1), StandardCharsets.UTF_8);
        return csv;
    }

    @Test
    void aFitOnTheGramIsLibsvmsOwnFitBitForBit() throws Exception {
        SweepConfig cfg = RealCurves.config(metaQnn(dir, 150), Map.of());
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        CurveSet data = CurveSet.of(SweepData.read(sweep), FeatureSpec.GROUPS, true, s -> { });
        int[] train = new int[60];
        int[] other = new int[data.size() - 60];
        for (int i = 0; i < data.size(); i++) {
            if (i < 60) {
                train[i] = i;
            } else {
                other[i - 60] = i;
            }
        }
        for (int tau : List.of(2, 5, 15)) {
            double[][] raw = data.design(tau, train);
            Standardizer s = Standardizer.fit(raw);
            double[][] x = s.apply(raw);
            double[] y = Standardizer.target(data.truth(train));
            double[] ys = Arrays.stream(data.truth(train)).map(v -> (v - y[0]) / y[1]).toArray();
            double[][] held = s.apply(data.design(tau, other));
            SvrGram g = SvrGram.of(x);
            List<SvrParams> settings = new ArrayList<>();
            settings.addAll(new SearchSpace(1e-5, 10, 0, 1, 1e-5, 10, 6).draw(SvrParams.Kernel.RBF, Seeds.random(tau, 1)));
            settings.addAll(new SearchSpace(1e-3, 1, 0, 1, 1e-5, 10, 2).draw(SvrParams.Kernel.LINEAR, Seeds.random(tau, 2)));
            for (SvrParams p : settings) {
                svm_model ref = libsvmFit(x, ys, p);
                NuSvr whole = NuSvr.fit(x, ys, p);
                assertEquals(svm.svm_get_nr_sv(ref), whole.supportVectors(), p.toString());
                for (double[][] rows : List.of(x, held)) {
                    for (double[] row : rows) {
                        assertEquals(svm.svm_predict(ref, nodes(row)), whole.predict(row), 0.0, p + " at tau " + tau);
                    }
                }
                // A fold: every third row left out, as the random search and leave-one-out fit subsets.
                int[] fold = java.util.stream.IntStream.range(0, x.length).filter(i -> i % 3 != 1).toArray();
                double[][] fx = Arrays.stream(fold).mapToObj(i -> x[i]).toArray(double[][]::new);
                double[] fy = Arrays.stream(fold).mapToDouble(i -> ys[i]).toArray();
                svm_model refFold = libsvmFit(fx, fy, p);
                NuSvr onGram = NuSvr.fit(g, g.training(p), fold, fy, p);
                for (int i = 0; i < x.length; i++) {
                    double expected = svm.svm_predict(refFold, nodes(x[i]));
                    assertEquals(expected, onGram.predict(x[i]), 0.0, p + " fold, row " + i);
                    assertEquals(expected, onGram.predictRow(g, i), 0.0, p + " fold, row " + i + " from the Gram");
                }
            }
        }
    }

    @Test
    void chunkedPredictionsOnThePoolEqualOneSerialCall() throws Exception {
        SweepConfig cfg = RealCurves.config(metaQnn(dir, 300), Map.of());
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        CurveSet data = CurveSet.of(SweepData.read(sweep), FeatureSpec.GROUPS, true, s -> { });
        int[] train = java.util.stream.IntStream.range(0, 40).toArray();
        int[] many = new int[SrmFitter.PARALLEL_ROWS * 2 + 7];
        for (int i = 0; i < many.length; i++) {
            many[i] = i % data.size();
        }
        SrmFitter fitter = SyntheticCurves.fitter(5, pool);
        for (ModelKind kind : List.of(ModelKind.NU_SVR_RBF, ModelKind.RANDOM_FOREST, ModelKind.OLS)) {
            Srm m = fitter.fit(kind, 4, data.design(4, train), data.truth(train), 3, false, 3).srm();
            double[][] rows = data.design(4, many);
            assertArrayEquals(m.predictAll(rows), fitter.predictAll(m, rows), 0.0, kind.modelName());
        }
    }

    @Test
    void theStageWritesTheRowsOfTheCodeBeforeTheSpeedWork() throws Exception {
        List<String> golden = new ArrayList<>();
        String options = null;
        try (var in = getClass().getResourceAsStream(GOLDEN)) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("# (before")) {
                    options = line.substring(line.indexOf("options: ") + "options: ".length());
                } else if (!line.startsWith("#") && !line.isBlank()) {
                    golden.add(line);
                }
            }
        }
        Map<String, String> o = new LinkedHashMap<>();
        for (String kv : options.trim().split(" ")) {
            o.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        o.put("name", "golden");
        SweepConfig cfg = RealCurves.config(metaQnn(dir, 150), o);
        SweepFolder sweep = RealCurves.importInto(dir.resolve("out"), cfg);
        Pipeline.run(Stages.FIT_SVR, null, cfg, sweep, false);
        List<String> now = new ArrayList<>();
        now.addAll(lines(sweep, SvrFitsTable.TABLE));
        now.addAll(lines(sweep, EarlyStoppingTable.TABLE));
        List<String> est = lines(sweep, EstimatesTable.TABLE);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (String l : est) {
            md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
        }
        now.add("estimates rows=" + est.size() + " sha256=" + HexFormat.of().formatHex(md.digest()));
        assertTrue(now.stream().anyMatch(l -> l.contains("variant=f-hyperband")), "f-Hyperband is simulated");
        assertEquals(golden, now);
    }

    /** The table's rows as sorted "table|column=value|..." lines, timing columns left out; doubles exact. */
    static List<String> lines(SweepFolder sweep, TableSchema t) {
        String[] names = t.struct().fieldNames();
        List<String> out = new ArrayList<>();
        for (Row r : sweep.read(t, FitSvrStage.NAME)) {
            StringBuilder b = new StringBuilder(t.name());
            for (int i = 0; i < names.length; i++) {
                if (!TIMING.contains(names[i])) {
                    b.append('|').append(names[i]).append('=').append(r.isNullAt(i) ? "null" : String.valueOf(r.get(i)));
                }
            }
            out.add(b.toString());
        }
        Collections.sort(out);
        return out;
    }

    /** LIBSVM fitted on the rows with its own kernel: what {@link NuSvr} did before the Gram. */
    static svm_model libsvmFit(double[][] x, double[] y, SvrParams params) {
        svm_problem prob = new svm_problem();
        prob.l = x.length;
        prob.y = y.clone();
        prob.x = new svm_node[x.length][];
        for (int i = 0; i < x.length; i++) {
            prob.x[i] = nodes(x[i]);
        }
        svm_parameter p = new svm_parameter();
        p.svm_type = svm_parameter.NU_SVR;
        p.kernel_type = params.kernel() == SvrParams.Kernel.RBF ? svm_parameter.RBF : svm_parameter.LINEAR;
        p.gamma = params.gamma();
        p.C = params.c();
        p.nu = params.nu();
        p.degree = 3;
        p.p = 0.1;
        p.cache_size = 16;
        p.eps = 1e-3;
        p.shrinking = 1;
        p.weight_label = new int[0];
        p.weight = new double[0];
        return svm.svm_train(prob, p);
    }

    static svm_node[] nodes(double[] row) {
        svm_node[] out = new svm_node[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = new svm_node();
            out[j].index = j + 1;
            out[j].value = row[j];
        }
        return out;
    }
}
