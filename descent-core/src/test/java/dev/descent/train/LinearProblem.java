package dev.descent.train;

import dev.descent.data.Dataset;
import java.util.Random;

/**
 * A seeded least-squares problem for the trainer tests, with everything a test needs to know about it
 * computed here, independently of the code under test, in plain double loops: the MSE and its gradient
 * {@code (2/n) A^T (A theta - y)} (A = [X, 1]), the Hessian {@code (2/n) A^T A}, its extreme eigenvalues
 * (Jacobi, from {@link ConvergenceTest#jacobiEigenvalues}), and a Gaussian elimination for the normal
 * equations.
 */
final class LinearProblem {
    final int n;
    final int d;
    final int p;
    final double[][] rows;
    final double[] y;
    final Dataset data;

    private LinearProblem(double[][] rows, double[] y) {
        this.rows = rows;
        this.y = y;
        this.n = rows.length;
        this.d = rows[0].length;
        this.p = d + 1;
        this.data = Dataset.of(rows, y);
    }

    /** The problem of these rows (not copied: leave them alone) and targets. */
    static LinearProblem of(double[][] rows, double[] y) {
        return new LinearProblem(rows, y);
    }

    /** Standard-normal features, {@code y = trueW . x + bias + noise * N(0, 1)}. */
    static LinearProblem gaussian(long seed, int n, double[] trueW, double bias, double noise) {
        Random random = new Random(seed);
        int d = trueW.length;
        double[][] rows = new double[n][d];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = bias;
            for (int j = 0; j < d; j++) {
                rows[i][j] = random.nextGaussian();
                sum += trueW[j] * rows[i][j];
            }
            y[i] = sum + noise * random.nextGaussian();
        }
        return new LinearProblem(rows, y);
    }

    /** Column j of A = [X, 1] at row i. */
    double a(int i, int j) {
        return j < d ? rows[i][j] : 1;
    }

    /** The residual theta . a_i - y_i. */
    double residual(int i, double[] theta) {
        double e = theta[d] - y[i];
        for (int j = 0; j < d; j++) {
            e += theta[j] * rows[i][j];
        }
        return e;
    }

    /** mean((A theta - y)^2). */
    double mse(double[] theta) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double e = residual(i, theta);
            sum += e * e;
        }
        return sum / n;
    }

    /**
     * How far a computed MSE (any summation order, compensated or not) can be from the true one at
     * {@code theta}: each residual is off by at most delta_i = gamma(d+2) (|b| + sum_j |w_j x_ij| + |y_i|), so
     * the loss by mean(2 |e_i| delta_i + delta_i^2), plus gamma(n+1) of itself for the sum and the 1/n.
     * Doubled for second-order terms (as in ConvergenceTest).
     */
    double mseRoundingBound(double[] theta) {
        double u = 0x1p-53;
        double gammaResidual = (d + 2) * u / (1 - (d + 2) * u);
        double bound = 0;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            double e = residual(i, theta);
            double size = Math.abs(theta[d]) + Math.abs(y[i]);
            for (int j = 0; j < d; j++) {
                size += Math.abs(theta[j] * rows[i][j]);
            }
            double delta = gammaResidual * size;
            bound += 2 * Math.abs(e) * delta + delta * delta;
            loss += e * e;
        }
        double gammaSum = (n + 1) * u / (1 - (n + 1) * u);
        return 2 * (bound / n + gammaSum * loss / n);
    }

    /** The MSE's gradient (2/n) A^T (A theta - y). */
    double[] gradient(double[] theta) {
        double[] g = new double[p];
        for (int i = 0; i < n; i++) {
            double e = residual(i, theta);
            for (int j = 0; j < p; j++) {
                g[j] += 2.0 / n * e * a(i, j);
            }
        }
        return g;
    }

    /** The MSE's Hessian (2/n) A^T A. */
    double[][] hessian() {
        double[][] h = new double[p][p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                for (int k = 0; k < p; k++) {
                    h[j][k] += 2.0 / n * a(i, j) * a(i, k);
                }
            }
        }
        return h;
    }

    /** (2/n) A^T y, the right-hand side of the normal equations. */
    double[] rightHandSide() {
        double[] b = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                b[j] += 2.0 / n * a(i, j) * y[i];
            }
        }
        return b;
    }

    /** The MSE's optimum, from the normal equations by Gaussian elimination (not the production solver). */
    double[] optimum() {
        return solve(hessian(), rightHandSide());
    }

    /** The largest eigenvalue of the Hessian: L, the MSE's curvature bound. */
    double largestCurvature() {
        double max = Double.NEGATIVE_INFINITY;
        for (double e : ConvergenceTest.jacobiEigenvalues(hessian())) {
            max = Math.max(max, e);
        }
        return max;
    }

    /** The smallest eigenvalue of the Hessian: mu, the MSE's strong convexity. */
    double smallestCurvature() {
        double min = Double.POSITIVE_INFINITY;
        for (double e : ConvergenceTest.jacobiEigenvalues(hessian())) {
            min = Math.min(min, e);
        }
        return min;
    }

    /** Solves M x = b by Gaussian elimination with partial pivoting (M and b are left alone). */
    static double[] solve(double[][] matrix, double[] rhs) {
        int m = rhs.length;
        double[][] a = new double[m][];
        for (int i = 0; i < m; i++) {
            a[i] = matrix[i].clone();
        }
        double[] b = rhs.clone();
        for (int col = 0; col < m; col++) {
            int pivot = col;
            for (int r = col + 1; r < m; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swapRow = a[col];
            a[col] = a[pivot];
            a[pivot] = swapRow;
            double swap = b[col];
            b[col] = b[pivot];
            b[pivot] = swap;
            for (int r = col + 1; r < m; r++) {
                double factor = a[r][col] / a[col][col];
                for (int k = col; k < m; k++) {
                    a[r][k] -= factor * a[col][k];
                }
                b[r] -= factor * b[col];
            }
        }
        double[] x = new double[m];
        for (int r = m - 1; r >= 0; r--) {
            double s = b[r];
            for (int k = r + 1; k < m; k++) {
                s -= a[r][k] * x[k];
            }
            x[r] = s / a[r][r];
        }
        return x;
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) {
            s += a[k] * b[k];
        }
        return s;
    }

    static long[] bits(double[] values) {
        long[] bits = new long[values.length];
        for (int k = 0; k < values.length; k++) {
            bits[k] = Double.doubleToRawLongBits(values[k]);
        }
        return bits;
    }
}
