package org.earlyrank.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The practical peak: ND4J single-precision matrix multiply (n x n by n x n, 2 n^3 FLOPs), run on as
 * many concurrent Java threads as training uses task slots, with the same OpenMP setting
 * (OMP_NUM_THREADS, one thread per task by default), so the peak is comparable to training throughput.
 */
public final class Sgemm {
    private Sgemm() {
    }

    /** Aggregate FLOP/s of {@code threads} threads, each multiplying n x n matrices for ~{@code seconds}. */
    public static double flops(int n, int threads, double seconds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<double[]>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
                    INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
                    INDArray c = Nd4j.create(DataType.FLOAT, n, n);
                    Nd4j.gemm(a, b, c, false, false, 1.0, 0.0); // warm-up
                    long start = System.nanoTime();
                    long reps = 0;
                    while (System.nanoTime() - start < seconds * 1e9) {
                        Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                        reps++;
                    }
                    return new double[]{reps * 2.0 * n * n * n, (System.nanoTime() - start) / 1e9};
                }));
            }
            double total = 0;
            for (Future<double[]> f : parts) {
                double[] r = f.get();
                total += r[0] / r[1];
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }
}
