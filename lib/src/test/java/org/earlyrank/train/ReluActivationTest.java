package org.earlyrank.train;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReluActivationTest {
    @Test
    void backwardPassIsBitForBitDl4jsReluIncludingSignedZerosAndInfinities() {
        float[] x = {-2f, -0f, 0f, Float.MIN_VALUE, -Float.MIN_VALUE, 3.5f, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 1e-30f, -1e-30f};
        float[] g = {1f, 2f, -3f, 4f, 5f, -6f, 7f, 8f, -9f, 10f};
        INDArray eps = Nd4j.createFromArray(g);
        INDArray ours = new ReluActivation().backprop(Nd4j.createFromArray(x), eps).getFirst();
        INDArray dl4j = new ActivationReLU().backprop(Nd4j.createFromArray(x), eps).getFirst();
        float[] a = ours.toFloatVector();
        float[] b = dl4j.toFloatVector();
        for (int i = 0; i < x.length; i++) {
            assertEquals(Float.floatToRawIntBits(b[i]), Float.floatToRawIntBits(a[i]), "x = " + x[i]);
        }
        assertArrayEquals(new float[]{0, 0, 0, 4, 0, -6, 7, 0, -9, 0}, a, "gradient where x > 0, else 0");
    }

    /**
     * The vector loop keeps g exactly where the scalar loop does, on the special values (both zeros, both NaNs'
     * signs, infinities, subnormals) and on random ones, over a length that leaves a scalar tail.
     */
    @Test
    void vectorLoopGivesTheScalarLoopsGradientBitForBit() {
        java.util.Random rnd = new java.util.Random(3);
        int n = 8 * 9 + 5;
        float[] x = new float[n];
        float[] g = new float[n];
        float[] special = {-0f, 0f, Float.NaN, Float.intBitsToFloat(0xffc00000), Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length ? special[i] : i > n - 4 ? -special[i % special.length] : (float) rnd.nextGaussian();
            g[i] = i % 7 == 0 ? -0f : (float) rnd.nextGaussian();
        }
        float[] scalar = g.clone();
        float[] vector = g.clone();
        ReluActivation.gradient(x, scalar, n);
        VectorLoops.reluGradient(x, vector, n);
        for (int i = 0; i < n; i++) {
            assertEquals(Float.floatToRawIntBits(scalar[i]), Float.floatToRawIntBits(vector[i]), "x = " + x[i]);
        }
        assertEquals(g[2], vector[2], "a positive NaN input keeps the gradient, as the scalar loop's bit test does");
        assertEquals(0, Float.floatToRawIntBits(vector[3]), "a negative NaN input gives +0");
    }

    @Test
    void viewsAndOtherTypesGoToDl4jsRelu() {
        INDArray big = Nd4j.createFromArray(new float[]{-1, 2, -3, 4, -5, 6}).reshape(2, 3);
        INDArray column = big.getColumn(1); // not contiguous
        INDArray eps = Nd4j.createFromArray(new float[]{10, 20});
        assertArrayEquals(new float[]{10, 0}, new ReluActivation().backprop(column, eps).getFirst().toFloatVector());
        INDArray d = Nd4j.createFromArray(new double[]{-1, 1});
        assertArrayEquals(new double[]{0, 5}, new ReluActivation().backprop(d,
                Nd4j.createFromArray(new double[]{5, 5})).getFirst().toDoubleVector());
        assertEquals(DataType.DOUBLE, d.dataType());
    }
}
