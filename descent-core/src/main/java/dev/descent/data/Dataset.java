package dev.descent.data;

import dev.descent.kernel.DenseKernel;
import dev.descent.kernel.RowLoops;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Dense numeric features X (n rows by d columns, stored row-major in one array) and a target y.
 *
 * <p>A data set never changes after it is made: constructors copy what they are given, and
 * training reads it without writing. {@link #featureData()} and {@link #targetData()} hand the
 * backing arrays to the numeric kernels without a copy; they must be treated as read-only.
 *
 * <p>A data set may also carry a {@link Residue}: for each value, what its exact value (the
 * decimal text in a file, or the true power of a feature) has beyond the nearest double. Training
 * ignores it; the exact solver uses it to answer for the numbers as written, not as rounded.
 */
public final class Dataset implements DenseRows {
    private final double[] features;
    private final double[] target;
    private final int rows;
    private final int columns;
    private final List<String> featureNames;
    private final String targetName;
    private final Residue residue;
    private final RowLoops loops;

    /**
     * The exact values minus the stored doubles, both arrays laid out as the data are.
     *
     * @param features one per feature value
     * @param target   one per target value
     */
    public record Residue(double[] features, double[] target) {
    }

    /**
     * @param features     row-major n x d values: row i is {@code features[i*d .. i*d + d)}
     * @param target       the n target values
     * @param featureNames the d column names
     * @param targetName   the target's name
     */
    public Dataset(double[] features, double[] target, List<String> featureNames, String targetName) {
        this(features, target, featureNames, targetName, null);
    }

    /** As {@link #Dataset(double[], double[], List, String)}, with the residues of the values (or null). */
    public Dataset(double[] features, double[] target, List<String> featureNames, String targetName, Residue residue) {
        this(features, target, featureNames, targetName, residue, ArraySource.CALLER);
    }

    /**
     * A data set that takes the arrays as they are, without copying them: for a reader that has just
     * made them and keeps no reference, so that a large data set is held once. The caller must not
     * change the arrays afterwards.
     */
    public static Dataset adopt(double[] features, double[] target, List<String> featureNames, String targetName,
                         Residue residue) {
        return new Dataset(features, target, featureNames, targetName, residue, ArraySource.READER);
    }

    /** A data set of features that a checked data set gave (widened, say): only the target is checked. */
    static Dataset derived(double[] features, double[] target, List<String> featureNames, String targetName) {
        return new Dataset(features, target, featureNames, targetName, null, ArraySource.DERIVED);
    }

    private Dataset(double[] features, double[] target, List<String> featureNames, String targetName, Residue residue,
                    ArraySource source) {
        boolean copy = source == ArraySource.CALLER;
        int d = featureNames.size();
        checkShape(features.length, target.length, d);
        if (source != ArraySource.DERIVED) {
            requireFinite(features, "feature");
        }
        requireFinite(target, "target");
        this.features = copy ? features.clone() : features;
        this.target = copy ? target.clone() : target;
        this.rows = target.length;
        this.columns = d;
        this.loops = DenseKernel.chosen().over(this.features, d);
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        if (residue != null && (residue.features().length != features.length || residue.target().length != target.length)) {
            throw new IllegalArgumentException("the residues must have the shape of the data");
        }
        this.residue = residue == null || !copy ? residue
                : new Residue(residue.features().clone(), residue.target().clone());
    }

    /** A data set from rows of features, named x1..xd, and a target named y. */
    public static Dataset of(double[][] rows, double[] target) {
        if (rows.length != target.length) {
            throw new IllegalArgumentException(rows.length + " rows but " + target.length + " targets");
        }
        int d = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, row 0 has " + d);
            }
            System.arraycopy(rows[i], 0, flat, i * d, d);
        }
        List<String> names = new ArrayList<>(d);
        for (int j = 1; j <= d; j++) {
            names.add(d == 1 ? "x" : "x" + j);
        }
        return new Dataset(flat, target, names, "y");
    }

    /** One feature named x and a target named y, as in the lesson. */
    public static Dataset ofSingleFeature(double[] x, double[] y) {
        return new Dataset(x, y, List.of("x"), "y");
    }

    /**
     * The polynomial expansion of this data set's only feature: columns x, x^2, ..., x^degree.
     *
     * @throws IllegalArgumentException if there is more than one feature or the degree is below 1
     */
    public Dataset withPolynomialFeatures(int degree) {
        if (degree < 1) {
            throw new IllegalArgumentException("degree must be at least 1, got " + degree);
        }
        if (columns != 1) {
            throw new IllegalArgumentException("polynomial expansion needs exactly one feature, this data set has "
                    + columns + " " + featureNames);
        }
        String base = featureNames.get(0);
        double[] expanded = new double[rows * degree];
        double[] expandedResidue = new double[rows * degree];
        for (int i = 0; i < rows; i++) {
            // x^k in double-double: each power is exact to about 32 digits, its residue kept for the exact solver.
            double xHigh = features[i];
            double xLow = residue == null ? 0 : residue.features()[i];
            double high = 1;
            double low = 0;
            for (int k = 0; k < degree; k++) {
                double product = high * xHigh;
                double error = Math.fma(high, xHigh, -product) + high * xLow + low * xHigh;
                high = product + error;
                low = error - (high - product);
                expanded[i * degree + k] = high;
                expandedResidue[i * degree + k] = low;
            }
        }
        List<String> names = new ArrayList<>(degree);
        names.add(base);
        for (int k = 2; k <= degree; k++) {
            names.add(base + "^" + k);
        }
        double[] targetResidue = residue == null ? new double[rows] : residue.target();
        return adopt(expanded, target, names, targetName, new Residue(expandedResidue, targetResidue));
    }

    /** A data set of the named feature columns alone, in that order, with the same target. */
    public Dataset select(List<String> names) {
        int d = featureCount();
        int[] columns = names.stream().mapToInt(name -> {
            int j = featureNames.indexOf(name);
            if (j < 0) {
                throw new IllegalArgumentException("no feature " + name + " in " + featureNames);
            }
            return j;
        }).toArray();
        int n = rowCount();
        double[] x = new double[n * columns.length];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < columns.length; k++) {
                x[i * columns.length + k] = features[i * d + columns[k]];
            }
        }
        return new Dataset(x, target, names, targetName);
    }

    /** The same features (shared, not copied) with another target, and no residues: they belong to the old values. */
    @Override
    public Dataset withTarget(double[] newTarget) {
        return derived(features, newTarget.clone(), featureNames, targetName);
    }

    /** A new data set of the given rows, in that order (the residues, if any, go along). */
    @Override
    public Dataset rows(int[] indices) {
        double[] x = new double[indices.length * columns];
        double[] y = new double[indices.length];
        double[] xResidue = residue == null ? null : new double[x.length];
        double[] yResidue = residue == null ? null : new double[y.length];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            System.arraycopy(features, i * columns, x, r * columns, columns);
            y[r] = target[i];
            if (residue != null) {
                System.arraycopy(residue.features(), i * columns, xResidue, r * columns, columns);
                yResidue[r] = residue.target()[i];
            }
        }
        return new Dataset(x, y, featureNames, targetName, residue == null ? null : new Residue(xResidue, yResidue),
                ArraySource.DERIVED);
    }

    @Override
    public int rowCount() {
        return rows;
    }

    @Override
    public int featureCount() {
        return columns;
    }

    @Override
    public double feature(int row, int column) {
        return features[row * columns + column];
    }

    /** This data set: its values are doubles already. */
    @Override
    public Dataset widened() {
        return this;
    }

    @Override
    public double target(int row) {
        return target[row];
    }

    /** A copy of one row's features. */
    public double[] row(int row) {
        return Arrays.copyOfRange(features, row * columns, (row + 1) * columns);
    }

    /**
     * A SHA-256 digest of the names and the exact bits of every value: two data sets have the same
     * fingerprint when they hold the same numbers under the same names. Model files record it.
     */
    @Override
    public String fingerprint() {
        return new Fingerprint(String.join("\u0000", featureNames) + "\u0000" + targetName).add(features).add(target).hex();
    }

    @Override
    public RowLoops loops() {
        return loops;
    }

    /** The backing row-major feature array, not a copy: read it, never write it. */
    public double[] featureData() {
        return features;
    }

    @Override
    public double[] targetData() {
        return target;
    }

    /** What the exact values have beyond the stored doubles, if this data set knows it. */
    public Optional<Residue> residue() {
        return Optional.ofNullable(residue);
    }

    @Override
    public List<String> featureNames() {
        return featureNames;
    }

    @Override
    public String targetName() {
        return targetName;
    }

    /** What every dense data set needs of its shape: a feature, a row, and n x d values. */
    static void checkShape(int values, int n, int d) {
        if (d == 0) {
            throw new IllegalArgumentException("a data set needs at least one feature");
        }
        if (n == 0) {
            throw new IllegalArgumentException("a data set needs at least one row");
        }
        if (values != (long) n * d) {
            throw new IllegalArgumentException("expected " + n + " x " + d + " = " + (long) n * d + " feature values, got "
                    + values);
        }
    }

    static void requireFinite(double[] values, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " value " + i + " is " + values[i]);
            }
        }
    }

    @Override
    public String toString() {
        return "Dataset[" + rows + " x " + columns + ", features " + featureNames + ", target " + targetName + "]";
    }
}
