package org.earlyrank.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs each pass that has vector loops (batch norm's forward and backward on the default sweep's three layer
 * shapes, ReLU's gradient, the 3x3 average pooling's forward and backward) with the scalar loops and with
 * {@link VectorLoops}, alternately, until C2 has compiled both, and compares their outputs bit for bit. The unit
 * tests compare them too, but in C1-only JVMs, where the Vector API runs as plain Java; this is the check of the
 * C2-compiled vector code that training runs. {@code bin/check-fast-path} runs it (through {@link FastPathCheck}),
 * and its times are the figure BENCHMARKS.md quotes for the lever (issue 19, round 8).
 */
public final class VectorLoopsCheck {
    private VectorLoopsCheck() {
    }

    /** One pass: outputs equal bit for bit, and the median milliseconds of a call with each kind of loop. */
    public record Pass(String name, boolean equal, double scalarMs, double vectorMs) {
        public double speedup() {
            return scalarMs / vectorMs;
        }
    }

    /** A pass with one kind of loop; returns its outputs. */
    private interface Run {
        INDArray[] apply(boolean vectors);
    }

    /** Runs every pass {@code rounds} times each way; needs the vector module in this JVM. */
    public static List<Pass> run(int rounds) {
        if (!VectorSupport.modulePresent()) {
            throw new IllegalStateException("the vector loops need --add-modules=" + VectorSupport.MODULE);
        }
        Nd4j.getRandom().setSeed(7);
        List<Pass> passes = new ArrayList<>();
        for (int[] s : new int[][]{{8, 14}, {16, 7}, {32, 4}}) {
            passes.add(measure("batch norm forward and backward, [128, " + s[0] + ", " + s[1] + ", " + s[1] + "]",
                    batchNorm(128, s[0], s[1]), rounds));
        }
        INDArray x = Nd4j.randn(DataType.FLOAT, 128, 8, 14, 14);
        INDArray g = Nd4j.randn(DataType.FLOAT, 128, 8, 14, 14);
        passes.add(measure("ReLU gradient, [128, 8, 14, 14]", vectors -> {
            int n = (int) x.length();
            float[] in = x.data().asFloat();
            float[] grad = g.data().asFloat();
            if (vectors) {
                VectorLoops.reluGradient(in, grad, n);
            } else {
                ReluActivation.gradient(in, grad, n);
            }
            return new INDArray[]{Nd4j.createFromArray(grad)};
        }, rounds));
        passes.add(measure("average pooling 3x3 forward and backward, [128, 8, 14, 14]", averagePool(x, g), rounds));
        return passes;
    }

    private static Run batchNorm(int n, int ch, int size) {
        INDArray x = Nd4j.randn(DataType.FLOAT, n, ch, size, size).muli(3).addi(1.5);
        INDArray dy = Nd4j.randn(DataType.FLOAT, n, ch, size, size);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, ch).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, ch);
        JavaBatchNormHelper[] helpers = {new JavaBatchNormHelper(false), new JavaBatchNormHelper(true)};
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        return vectors -> {
            JavaBatchNormHelper h = helpers[vectors ? 1 : 0];
            INDArray mean = Nd4j.zeros(DataType.FLOAT, 1, ch);
            INDArray var = Nd4j.ones(DataType.FLOAT, 1, ch);
            INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, ch);
            INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, ch);
            INDArray y = h.preOutput(x, true, x.shape(), gamma, beta, mean, var, 0.9, 1e-5, CNN2DFormat.NCHW, mgr);
            INDArray dx = h.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, 1e-5, CNN2DFormat.NCHW, mgr)
                    .getSecond();
            return new INDArray[]{y, dx, dGamma, dBeta};
        };
    }

    private static Run averagePool(INDArray x, INDArray g) {
        JavaAvgPoolHelper[] helpers = {new JavaAvgPoolHelper(true, false), new JavaAvgPoolHelper(true, true)};
        int[] k = {3, 3};
        int[] one = {1, 1};
        int[] pad = {1, 1};
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        return vectors -> {
            JavaAvgPoolHelper h = helpers[vectors ? 1 : 0];
            INDArray y = h.activate(x, true, k, one, pad, PoolingType.AVG, ConvolutionMode.Truncate, one,
                    CNN2DFormat.NCHW, mgr);
            INDArray dx = h.backpropGradient(x, g, k, one, pad, PoolingType.AVG, ConvolutionMode.Truncate, one,
                    CNN2DFormat.NCHW, mgr).getSecond();
            return new INDArray[]{y, dx};
        };
    }

    private static Pass measure(String name, Run run, int rounds) {
        double[] scalar = new double[rounds];
        double[] vector = new double[rounds];
        INDArray[] a = null;
        INDArray[] b = null;
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            a = run.apply(false);
            long t1 = System.nanoTime();
            b = run.apply(true);
            long t2 = System.nanoTime();
            scalar[r] = (t1 - t0) / 1e6;
            vector[r] = (t2 - t1) / 1e6;
        }
        boolean equal = a.length == b.length;
        for (int i = 0; equal && i < a.length; i++) {
            equal = Arrays.equals(bits(a[i]), bits(b[i]));
        }
        return new Pass(name, equal, median(scalar), median(vector));
    }

    private static int[] bits(INDArray a) {
        float[] f = a.dup().data().asFloat();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    /** Prints each pass; exit status 1 when any differs. */
    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        System.out.println("Java loops here: " + VectorSupport.describe());
        boolean ok = true;
        for (Pass p : run(rounds)) {
            System.out.printf("  %-60s %s, scalar %.3f ms, vector %.3f ms (%.2fx)%n", p.name(),
                    p.equal() ? "equal bit for bit" : "DIFFERENT", p.scalarMs(), p.vectorMs(), p.speedup());
            ok &= p.equal();
        }
        System.exit(ok ? 0 : 1);
    }
}
