package org.earlyrank.estimate.ensemble;

/**
 * One epoch's samples of one split, as a view into a run's flat feature array: sample {@code i} is the
 * feature vector {@code data[rows[i] * dim .. (rows[i] + 1) * dim)} with class {@code labels[i]} and
 * index {@code sampleIndex[i]} within its split. No copy of the features is made.
 *
 * <p>Immutable by convention (the arrays are shared, never written after construction).
 */
public record Samples(float[] data, int dim, int[] rows, int[] labels, int[] sampleIndex) {
    public Samples {
        if (rows.length != labels.length || rows.length != sampleIndex.length) {
            throw new IllegalArgumentException("rows, labels and sampleIndex differ in length: " + rows.length + ", "
                    + labels.length + ", " + sampleIndex.length);
        }
    }

    public int size() {
        return rows.length;
    }

    /** Offset of sample {@code i}'s first feature in {@link #data()}. */
    public int offset(int i) {
        return rows[i] * dim;
    }

    /** True when every feature value is finite. */
    public boolean finite() {
        for (int r : rows) {
            for (int j = r * dim, end = j + dim; j < end; j++) {
                if (!Float.isFinite(data[j])) {
                    return false;
                }
            }
        }
        return true;
    }
}
