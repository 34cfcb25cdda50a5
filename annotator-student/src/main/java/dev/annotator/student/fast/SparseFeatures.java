package dev.annotator.student.fast;

import java.util.Arrays;

/**
 * A text's feature vector: distinct bucket indices (in order of first occurrence in the text)
 * with their values. Immutable once returned by the {@link HashingFeaturizer}; arrays are not
 * exposed.
 */
public final class SparseFeatures {
    private final int[] indices;
    private final float[] values;

    SparseFeatures(int[] indices, float[] values) {
        this.indices = indices;
        this.values = values;
    }

    /** @return the number of non-zero features */
    public int size() {
        return indices.length;
    }

    /**
     * @param i position, 0 to size-1
     * @return the bucket index at that position
     */
    public int index(int i) {
        return indices[i];
    }

    /**
     * @param i position, 0 to size-1
     * @return the value at that position
     */
    public float value(int i) {
        return values[i];
    }

    int[] indicesArray() {
        return indices;
    }

    float[] valuesArray() {
        return values;
    }

    @Override
    public String toString() {
        return "SparseFeatures" + Arrays.toString(indices);
    }
}
