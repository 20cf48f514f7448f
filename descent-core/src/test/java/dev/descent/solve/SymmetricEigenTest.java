package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void twoByTwoMatchesTheQuadraticFormula() {
        // [[a, b], [b, c]]: (a + c)/2 -+ sqrt(((a - c)/2)^2 + b^2)
        double a = 4;
        double b = 1.5;
        double c = -2;
        double mid = (a + c) / 2;
        double radius = Math.hypot((a - c) / 2, b);
        assertArrayEquals(new double[] {mid - radius, mid + radius},
                SymmetricEigen.eigenvalues(new double[] {a, b, b, c}, 2), 1e-14);
    }

    @Test
    void recoversTheEigenvaluesAMatrixWasBuiltFrom() {
        // H diag(lambda) H with H = I - 2 v v^T / v^T v, a reflection: symmetric with exactly these eigenvalues.
        int n = 7;
        double[] lambda = {1e-6, 0.01, 0.5, 1, 3, 50, 1e4};
        double[] v = new double[n];
        Random random = new Random(5);
        double norm2 = 0;
        for (int i = 0; i < n; i++) {
            v[i] = random.nextGaussian();
            norm2 += v[i] * v[i];
        }
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i * n + j] = (i == j ? 1 : 0) - 2 * v[i] * v[j] / norm2;
            }
        }
        double[] m = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += h[i * n + k] * lambda[k] * h[k * n + j];
                }
                m[i * n + j] = sum;
            }
        }
        double[] found = SymmetricEigen.eigenvalues(m, n);
        for (int k = 0; k < n; k++) {
            // Jacobi is accurate to about eps times the largest eigenvalue for each eigenvalue.
            assertEquals(lambda[k], found[k], 1e-11 * lambda[n - 1], "eigenvalue " + k);
        }
    }
}
