package dev.descent.data;

import java.util.Arrays;
import java.util.List;

/**
 * The arrays a CSV read fills, row by row: the features, as doubles or as float32 according to the
 * {@link Storage}, the target (always doubles), and for {@link Storage#EXACT} each value's residue.
 * They become the data set's own arrays without a copy.
 */
final class CsvArrays {
    /** What a read keeps of each value. */
    enum Storage {
        /** Its nearest double. */
        DOUBLE,
        /** Its nearest double, and what its decimal text has beyond it (for the exact solver). */
        EXACT,
        /** For a feature, its nearest float32, rounded once from the text; the target as a double. */
        FLOAT32
    }

    final Storage storage;
    /** The features as doubles, or null for {@link Storage#FLOAT32}. */
    final double[] x;
    /** The features as floats, or null unless {@link Storage#FLOAT32}. */
    final float[] xFloat;
    final double[] y;
    /** The residues, or null unless {@link Storage#EXACT}. */
    final double[] xResidue;
    final double[] yResidue;

    private CsvArrays(Storage storage, double[] x, float[] xFloat, double[] y, double[] xResidue, double[] yResidue) {
        this.storage = storage;
        this.x = x;
        this.xFloat = xFloat;
        this.y = y;
        this.xResidue = xResidue;
        this.yResidue = yResidue;
    }

    /** Room for {@code rows} rows of {@code d} features; an ArithmeticException past what a Java array holds. */
    static CsvArrays allocate(Storage storage, int rows, int d) {
        int values = Math.multiplyExact(rows, d);
        boolean exact = storage == Storage.EXACT;
        return new CsvArrays(storage, storage == Storage.FLOAT32 ? null : new double[values],
                storage == Storage.FLOAT32 ? new float[values] : null, new double[rows],
                exact ? new double[values] : null, exact ? new double[rows] : null);
    }

    /** Copies with room for exactly {@code rows} rows, as many of the first ones kept as fit. */
    CsvArrays resized(int rows, int d) {
        int values = Math.multiplyExact(rows, d);
        return new CsvArrays(storage, x == null ? null : Arrays.copyOf(x, values),
                xFloat == null ? null : Arrays.copyOf(xFloat, values), Arrays.copyOf(y, rows),
                xResidue == null ? null : Arrays.copyOf(xResidue, values),
                yResidue == null ? null : Arrays.copyOf(yResidue, rows));
    }

    /** The data set of these arrays of doubles (with their residues, if kept), as they are. */
    Dataset dataset(List<String> featureNames, String targetName) {
        return Dataset.adopt(x, y, featureNames, targetName,
                xResidue == null ? null : new Dataset.Residue(xResidue, yResidue));
    }

    /** The data set of these arrays of float32 features, as they are. */
    FloatDataset floatDataset(List<String> featureNames, String targetName) {
        return FloatDataset.adopt(xFloat, y, featureNames, targetName);
    }
}
