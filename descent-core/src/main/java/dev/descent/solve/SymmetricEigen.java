package dev.descent.solve;

import java.util.Arrays;

/**
 * The eigenvalues of a small symmetric matrix, by cyclic Jacobi rotations: slow for large
 * matrices but accurate to the last digits, even for the small eigenvalues of ill-conditioned ones.
 *
 * <p>G. H. Golub, C. F. Van Loan, <i>Matrix Computations</i>, 4th ed. (2013), section 8.5.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;

    private SymmetricEigen() {
    }

    /** The eigenvalues of the symmetric row-major {@code size x size} matrix, in ascending order. */
    public static double[] eigenvalues(double[] matrix, int size) {
        double[] a = matrix.clone();
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            for (int p = 0; p < size; p++) {
                for (int q = p + 1; q < size; q++) {
                    off += a[p * size + q] * a[p * size + q];
                }
            }
            if (off == 0) {
                break;
            }
            for (int p = 0; p < size; p++) {
                for (int q = p + 1; q < size; q++) {
                    rotate(a, size, p, q);
                }
            }
        }
        double[] values = new double[size];
        for (int k = 0; k < size; k++) {
            values[k] = a[k * size + k];
        }
        Arrays.sort(values);
        return values;
    }

    /** Zeroes a[p][q] by a rotation in the (p, q) plane (Golub and Van Loan, Algorithm 8.5.1). */
    private static void rotate(double[] a, int n, int p, int q) {
        double apq = a[p * n + q];
        if (apq == 0) {
            return;
        }
        double tau = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        double t = Math.signum(tau) == 0 ? 1 : Math.signum(tau) / (Math.abs(tau) + Math.hypot(1, tau));
        double c = 1 / Math.hypot(1, t);
        double s = t * c;
        for (int k = 0; k < n; k++) {
            double akp = a[k * n + p];
            double akq = a[k * n + q];
            a[k * n + p] = c * akp - s * akq;
            a[k * n + q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++) {
            double apk = a[p * n + k];
            double aqk = a[q * n + k];
            a[p * n + k] = c * apk - s * aqk;
            a[q * n + k] = s * apk + c * aqk;
        }
    }
}
