package dev.descent.solve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.loss.Penalty;
import dev.descent.loss.Reduction;
import dev.descent.loss.SquaredError;
import org.junit.jupiter.api.Test;

/**
 * The largest curvature of squared loss, L = largest eigenvalue of 2 * factor * A^T A, against
 * hand computations.
 *
 * <p>Tolerance: the code stops its power iteration when the estimate changes by at most 1e-10 of
 * itself. The estimate |A^T A v| / |v| approaches L from below with an error shrinking by
 * q = (lambda2 / lambda1)^2 per iteration, so at the stop the error is at most 1e-10 q / (1 - q);
 * add 1e-14 for rounding in a handful of operations on 2 to 3 parameters.
 */
class CurvatureTest {

    private static double tolerance(double lambda1, double lambda2) {
        double q = (lambda2 / lambda1) * (lambda2 / lambda1);
        return 1e-10 * q / (1 - q) + 1e-14;
    }

    @Test
    void oneFeatureWithIntercept() {
        // x = 1, 2, 3, 4: A^T A = [[sum x^2, sum x], [sum x, n]] = [[30, 10], [10, 4]], whose eigenvalues are
        // 17 +- sqrt(13^2 + 10^2) = 17 +- sqrt(269). The MSE Hessian is (2/4) of that, the SSE Hessian 2 times it.
        Dataset data = Dataset.ofSingleFeature(new double[] {1, 2, 3, 4}, new double[] {0, 0, 0, 0});
        double big = 17 + Math.sqrt(269);
        double small = 17 - Math.sqrt(269);
        double tolerance = tolerance(big, small);
        double mse = Curvature.smoothness(data, true, new SquaredError(Reduction.MEAN), Penalty.NONE);
        double sse = Curvature.smoothness(data, true, new SquaredError(Reduction.SUM), Penalty.NONE);
        assertEquals(big / 2, mse, tolerance * big / 2);
        assertEquals(2 * big, sse, tolerance * 2 * big);
    }

    @Test
    void oneFeatureWithoutIntercept() {
        // A^T A = sum x^2 = 30: MSE curvature 2 * 30 / 4 = 15, SSE 60; one parameter, so exact after one iteration.
        Dataset data = Dataset.ofSingleFeature(new double[] {1, 2, 3, 4}, new double[] {5, 6, 7, 8});
        assertEquals(15, Curvature.smoothness(data, false, new SquaredError(Reduction.MEAN), Penalty.NONE), 1e-14 * 15);
        assertEquals(60, Curvature.smoothness(data, false, new SquaredError(Reduction.SUM), Penalty.NONE), 1e-14 * 60);
    }

    @Test
    void orthogonalColumnsGiveADiagonalHessian() {
        // Columns (3,3,-3,-3), (2,-2,2,-2) and the ones column are orthogonal: A^T A = diag(36, 16, 4).
        Dataset data = Dataset.of(new double[][] {{3, 2}, {3, -2}, {-3, 2}, {-3, -2}}, new double[] {1, 2, 3, 4});
        double tolerance = tolerance(36, 16);
        assertEquals(18, Curvature.smoothness(data, true, new SquaredError(Reduction.MEAN), Penalty.NONE), tolerance * 18);
        assertEquals(72, Curvature.smoothness(data, true, new SquaredError(Reduction.SUM), Penalty.NONE), tolerance * 72);
        assertEquals(72, Curvature.smoothness(data, false, new SquaredError(Reduction.SUM), Penalty.NONE), tolerance * 72);
    }
}
