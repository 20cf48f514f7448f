package dev.descent.data;

import dev.descent.kernel.FusedPass;
import dev.descent.kernel.SparsePass;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * Sparse numeric features in compressed sparse rows (CSR) and a target: only the non-zeros are
 * stored, so memory and a training pass grow with their number, not with n x d.
 *
 * <p>Row i's non-zeros are {@code columns[rowStarts[i] .. rowStarts[i + 1])}, 0-based and strictly
 * increasing along the row, with their values at the same positions of {@code values}. A value
 * written as 0 in a file may be stored; it changes nothing. Offsets are {@code int}s: a Java array
 * holds at most 2^31 - 1 values anyway. Feature j (0-based) is named {@code f<j+1>}, after the
 * 1-based index LIBSVM files give it, and the target is named {@value #TARGET}.
 *
 * <p>A data set never changes after it is made; the backing arrays handed to the kernels
 * ({@link #rowStartData()} and the like) must be treated as read-only.
 */
public final class SparseDataset implements Rows {
    /** The target's name. */
    public static final String TARGET = "label";

    private final int[] rowStarts;
    private final int[] columns;
    private final double[] values;
    private final double[] target;
    private final int featureCount;

    /**
     * Copies the arrays after checking them.
     *
     * @param rowStarts    n + 1 offsets into {@code columns} and {@code values}, from 0 to the number of non-zeros
     * @param columns      each non-zero's column, 0-based, strictly increasing along a row, below {@code featureCount}
     * @param values       each non-zero's value, finite
     * @param target       the n targets
     * @param featureCount d, the number of features
     */
    public SparseDataset(int[] rowStarts, int[] columns, double[] values, double[] target, int featureCount) {
        this(rowStarts.clone(), columns.clone(), values.clone(), target.clone(), featureCount, true);
    }

    private SparseDataset(int[] rowStarts, int[] columns, double[] values, double[] target, int featureCount,
                          boolean check) {
        if (check) {
            check(rowStarts, columns, values, target, featureCount);
        }
        this.rowStarts = rowStarts;
        this.columns = columns;
        this.values = values;
        this.target = target;
        this.featureCount = featureCount;
    }

    /** A data set that takes arrays a reader has just made and checked, without copying them. */
    static SparseDataset adopt(int[] rowStarts, int[] columns, double[] values, double[] target, int featureCount) {
        return new SparseDataset(rowStarts, columns, values, target, featureCount, false);
    }

    private static void check(int[] rowStarts, int[] columns, double[] values, double[] target, int d) {
        int n = target.length;
        if (d < 1) {
            throw new IllegalArgumentException("a data set needs at least one feature");
        }
        if (n == 0) {
            throw new IllegalArgumentException("a data set needs at least one row");
        }
        if (rowStarts.length != n + 1 || rowStarts[0] != 0 || rowStarts[n] != values.length
                || columns.length != values.length) {
            throw new IllegalArgumentException("expected " + (n + 1) + " row starts from 0 to " + values.length
                    + " and one column per value; got " + rowStarts.length + " row starts and " + columns.length
                    + " columns for " + values.length + " values");
        }
        for (int i = 0; i < n; i++) {
            if (rowStarts[i + 1] < rowStarts[i]) {
                throw new IllegalArgumentException("row " + i + " ends before it starts");
            }
            for (int at = rowStarts[i]; at < rowStarts[i + 1]; at++) {
                int column = columns[at];
                if (column < 0 || column >= d || at > rowStarts[i] && column <= columns[at - 1]) {
                    throw new IllegalArgumentException("row " + i + " has column " + column + " at position "
                            + (at - rowStarts[i]) + ": columns must be in 0.." + (d - 1) + ", increasing along the row");
                }
                if (!Double.isFinite(values[at])) {
                    throw new IllegalArgumentException("row " + i + ", column " + column + " is " + values[at]);
                }
            }
            if (!Double.isFinite(target[i])) {
                throw new IllegalArgumentException("target value " + i + " is " + target[i]);
            }
        }
    }

    @Override
    public int rowCount() {
        return target.length;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    /** The number of stored values. */
    public int nonZeroCount() {
        return values.length;
    }

    @Override
    public List<String> featureNames() {
        return featureNames(featureCount);
    }

    /**
     * {@code f1 .. fd}, the names of d features read from a LIBSVM file, made as they are asked for: a
     * million features need no million strings.
     */
    public static List<String> featureNames(int featureCount) {
        return new AbstractList<>() {
            @Override
            public String get(int index) {
                return "f" + (Objects.checkIndex(index, featureCount) + 1);
            }

            @Override
            public int size() {
                return featureCount;
            }
        };
    }

    @Override
    public String targetName() {
        return TARGET;
    }

    @Override
    public double target(int row) {
        return target[row];
    }

    /** Row {@code row}'s features dotted with {@code weights[0..d)}, over its non-zeros. */
    public double dot(int row, double[] weights) {
        double sum = 0;
        for (int at = rowStarts[row]; at < rowStarts[row + 1]; at++) {
            sum += weights[columns[at]] * values[at];
        }
        return sum;
    }

    @Override
    public SparseDataset rows(int[] indices) {
        int[] starts = new int[indices.length + 1];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            starts[r + 1] = starts[r] + rowStarts[i + 1] - rowStarts[i];
        }
        int[] newColumns = new int[starts[indices.length]];
        double[] newValues = new double[newColumns.length];
        double[] newTarget = new double[indices.length];
        for (int r = 0; r < indices.length; r++) {
            int i = indices[r];
            int length = rowStarts[i + 1] - rowStarts[i];
            System.arraycopy(columns, rowStarts[i], newColumns, starts[r], length);
            System.arraycopy(values, rowStarts[i], newValues, starts[r], length);
            newTarget[r] = target[i];
        }
        return adopt(starts, newColumns, newValues, newTarget, featureCount);
    }

    @Override
    public SparseDataset withTarget(double[] newTarget) {
        if (newTarget.length != target.length) {
            throw new IllegalArgumentException(newTarget.length + " targets for " + target.length + " rows");
        }
        return adopt(rowStarts, columns, values, newTarget.clone(), featureCount);
    }

    /** Also tells a sparse data set from the dense one with the same values: its names include the layout. */
    @Override
    public String fingerprint() {
        return new Fingerprint("sparse " + featureCount + "\u0000" + TARGET).add(rowStarts).add(columns).add(values)
                .add(target).hex();
    }

    @Override
    public FusedPass linearPass(boolean intercept) {
        return new SparsePass(rowStarts, columns, values, target, featureCount, intercept);
    }

    /** The backing row offsets (n + 1), not a copy: read them, never write them. */
    public int[] rowStartData() {
        return rowStarts;
    }

    /** The backing column of every non-zero, not a copy: read them, never write them. */
    public int[] columnData() {
        return columns;
    }

    /** The backing value of every non-zero, not a copy: read them, never write them. */
    public double[] valueData() {
        return values;
    }

    @Override
    public double[] targetData() {
        return target;
    }

    @Override
    public String toString() {
        return "SparseDataset[" + rowCount() + " x " + featureCount + ", " + values.length + " non-zeros]";
    }
}
