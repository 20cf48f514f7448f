package dev.descent.solve;

import dev.descent.data.Dataset;
import dev.descent.kernel.LinearKernel;
import dev.descent.loss.Reduction;
import java.util.Arrays;

/**
 * The curvature of squared loss on a linear model, which bounds the learning rates at which
 * gradient descent is stable: it converges for {@code lr < 2/L}, where L is the largest
 * eigenvalue of the Hessian {@code 2 * factor * A^T A} ({@code A} the design, with a column of
 * ones for the intercept, and {@code factor} 1/n for a mean, 1 for a sum).
 */
public final class Curvature {
    private static final int MAX_ITERATIONS = 500;

    private Curvature() {
    }

    /**
     * L, by power iteration on {@code A^T A} with two passes over the data per iteration; never forms
     * {@code A^T A}.
     */
    public static double largestSquaredLossCurvature(Dataset data, boolean intercept, Reduction reduction) {
        int n = data.rowCount();
        int d = data.featureCount();
        int p = d + (intercept ? 1 : 0);
        double[] x = data.featureData();
        double[] v = new double[p];
        for (int k = 0; k < p; k++) {
            v[k] = 1 + 0.01 * k; // deterministic, and not orthogonal to the top eigenvector in practice
        }
        normalise(v);
        double[] next = new double[p];
        double eigenvalue = 0;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            Arrays.fill(next, 0);
            for (int i = 0, row = 0; i < n; i++, row += d) {
                double av = LinearKernel.dot(v, x, row, d) + (intercept ? v[d] : 0);
                for (int j = 0; j < d; j++) {
                    next[j] += av * x[row + j];
                }
                if (intercept) {
                    next[d] += av;
                }
            }
            double estimate = normalise(next);
            double[] swap = v;
            v = next;
            next = swap;
            if (Math.abs(estimate - eigenvalue) <= 1e-10 * estimate) {
                eigenvalue = estimate;
                break;
            }
            eigenvalue = estimate;
        }
        return 2 * reduction.factor(n) * eigenvalue;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double value : v) {
            norm = Math.hypot(norm, value);
        }
        for (int k = 0; k < v.length; k++) {
            v[k] /= norm;
        }
        return norm;
    }
}
