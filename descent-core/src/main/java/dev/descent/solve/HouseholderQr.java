package dev.descent.solve;

import dev.descent.data.DataException;
import java.util.Arrays;

/**
 * {@code A = Q R} by Householder reflections, for a tall matrix of full column rank.
 * Q is kept as its reflections, so it can be applied but never formed.
 */
final class HouseholderQr {
    /** A column whose part outside the span of the columns before it is below this fraction of its norm is dependent. */
    private static final double DEPENDENCE = 1e-14;

    private final int rows;
    private final int columns;
    /** Column-major; below the diagonal, column k holds the reflection vector v_k (its top entry at k). */
    private final double[] qr;
    private final double[] diagonal;
    /** v_k^T v_k / 2, so that H_k = I - v_k v_k^T / halfNorm2[k]. */
    private final double[] halfNorm2;

    private HouseholderQr(int rows, int columns, double[] qr, double[] diagonal, double[] halfNorm2) {
        this.rows = rows;
        this.columns = columns;
        this.qr = qr;
        this.diagonal = diagonal;
        this.halfNorm2 = halfNorm2;
    }

    static HouseholderQr factor(double[] rowMajor, int rows, int columns, String[] names) throws DataException {
        double[] qr = new double[rows * columns];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                qr[j * rows + i] = rowMajor[i * columns + j];
            }
        }
        double[] columnNorms = new double[columns];
        for (int j = 0; j < columns; j++) {
            columnNorms[j] = norm(qr, j * rows, rows);
        }
        double[] diagonal = new double[columns];
        double[] halfNorm2 = new double[columns];
        for (int k = 0; k < columns; k++) {
            int base = k * rows;
            double norm = norm(qr, base + k, rows - k);
            if (norm <= DEPENDENCE * columnNorms[k] || norm == 0) {
                throw new DataException("the fit is not unique: " + describe(names[k], columnNorms[k], k, names)
                        + "; drop it from the features");
            }
            double alpha = qr[base + k] > 0 ? -norm : norm;
            qr[base + k] -= alpha;
            // v^T v = (x_k - alpha)^2 + (norm^2 - x_k^2) = 2 norm (norm + |x_k|), computed without cancellation.
            halfNorm2[k] = -alpha * qr[base + k];
            diagonal[k] = alpha;
            for (int j = k + 1; j < columns; j++) {
                reflect(qr, base, k, qr, j * rows, halfNorm2[k], rows);
            }
        }
        return new HouseholderQr(rows, columns, qr, diagonal, halfNorm2);
    }

    private static String describe(String name, double norm, int k, String[] names) {
        if (norm == 0) {
            return name + " is zero in every row";
        }
        return k == 0 ? name + " is numerically zero"
                : name + " is a linear combination of " + String.join(", ", Arrays.copyOf(names, k));
    }

    /** The least-squares solution of {@code A x = b}. */
    double[] solve(double[] b) {
        double[] y = b.clone();
        applyQTranspose(y);
        return backSubstitute(y);
    }

    /**
     * Solves {@code [I A; A^T 0] [dr; dx] = [f; g]}: with {@code Q^T f = [d1; d2]} and {@code R^T h = g},
     * {@code dx = R^-1 (d1 - h)} and {@code dr = Q [h; d2]}. Writes dr, returns dx.
     */
    double[] solveAugmented(double[] f, double[] g, double[] dr) {
        double[] d = f.clone();
        applyQTranspose(d);
        double[] h = forwardSubstituteTransposed(g);
        double[] top = new double[columns];
        for (int k = 0; k < columns; k++) {
            top[k] = d[k] - h[k];
        }
        System.arraycopy(d, 0, dr, 0, rows);
        System.arraycopy(h, 0, dr, 0, columns);
        applyQ(dr);
        return backSubstitute(top);
    }

    private void applyQTranspose(double[] v) {
        for (int k = 0; k < columns; k++) {
            reflect(qr, k * rows, k, v, 0, halfNorm2[k], rows);
        }
    }

    private void applyQ(double[] v) {
        for (int k = columns - 1; k >= 0; k--) {
            reflect(qr, k * rows, k, v, 0, halfNorm2[k], rows);
        }
    }

    /** Solves {@code R x = y[0..columns)}. */
    private double[] backSubstitute(double[] y) {
        double[] x = new double[columns];
        for (int k = columns - 1; k >= 0; k--) {
            double sum = y[k];
            for (int j = k + 1; j < columns; j++) {
                sum -= qr[j * rows + k] * x[j];
            }
            x[k] = sum / diagonal[k];
        }
        return x;
    }

    /** Solves {@code R^T h = g}. */
    private double[] forwardSubstituteTransposed(double[] g) {
        double[] h = new double[columns];
        for (int k = 0; k < columns; k++) {
            double sum = g[k];
            for (int j = 0; j < k; j++) {
                sum -= qr[k * rows + j] * h[j];
            }
            h[k] = sum / diagonal[k];
        }
        return h;
    }

    /**
     * Applies {@code H_k = I - v v^T / halfNorm2} to rows k.. of a target vector, where v is
     * {@code q[vBase + k .. vBase + rows)} and the target starts at {@code target[tBase]}.
     */
    static void reflect(double[] q, int vBase, int k, double[] target, int tBase, double halfNorm2, int rows) {
        double s = 0;
        for (int i = k; i < rows; i++) {
            s += q[vBase + i] * target[tBase + i];
        }
        s /= halfNorm2;
        for (int i = k; i < rows; i++) {
            target[tBase + i] -= s * q[vBase + i];
        }
    }

    /** The 2-norm of {@code length} values from {@code start}, scaled so squares cannot overflow. */
    static double norm(double[] v, int start, int length) {
        double scale = 0;
        for (int i = start; i < start + length; i++) {
            scale = Math.max(scale, Math.abs(v[i]));
        }
        if (scale == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = start; i < start + length; i++) {
            double t = v[i] / scale;
            sum += t * t;
        }
        return scale * Math.sqrt(sum);
    }
}
