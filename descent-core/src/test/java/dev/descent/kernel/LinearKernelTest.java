package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.loss.Loss;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The kernel's pieces against exact arithmetic at awkward sizes, and its shape checks. */
class LinearKernelTest {
    private static final double U = 0x1p-53;

    @Test
    void dotMatchesExactArithmeticAtAwkwardSizes() {
        Random random = new Random(17);
        for (int d : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 207, 1000}) {
            int offset = random.nextInt(5);
            double[] w = new double[d];
            double[] x = new double[offset + d + 3];
            for (int k = 0; k < x.length; k++) {
                x[k] = random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
            }
            BigDecimal exact = BigDecimal.ZERO;
            double absolute = 0;
            for (int j = 0; j < d; j++) {
                w[j] = random.nextGaussian();
                exact = exact.add(new BigDecimal(w[j]).multiply(new BigDecimal(x[offset + j])));
                absolute += Math.abs(w[j] * x[offset + j]);
            }
            // Any order of summing d rounded products is within gamma(d) = d u / (1 - d u) of sum |w_j x_j|.
            double gamma = d * U / (1 - d * U);
            assertEquals(exact.doubleValue(), LinearKernel.dot(w, x, offset, d), gamma * absolute + Double.MIN_VALUE, "d = " + d);
        }
    }

    @Test
    void shapesAreChecked() {
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] y = {1, 2};
        // 2 rows of 3 features need 3 weights (+ 1 bias with intercept).
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(x, y, new double[] {1, 2}, false, Loss.mse(), new double[2]));
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(x, y, new double[] {1, 2, 3}, true, Loss.mse(), new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LinearPass(x, y, 4, false));
        assertThrows(IllegalArgumentException.class, () -> new LinearPass(x, y, 3, true).loss(new double[3], Loss.mse()));
        assertThrows(IllegalArgumentException.class,
                () -> LinearKernel.lossAndGradient(x, y, new double[] {1, 2, 3}, false, Loss.mse(), new double[2]));
        // By hand: w = (1, 0, 0), no bias: residuals 1 - 1 = 0 and 4 - 2 = 2, so the loss sum is 4 and
        // the gradient sum is 2 * 2 * (4, 5, 6) = (16, 20, 24).
        double[] gradient = {7, 7, 7};
        assertEquals(4.0, LinearKernel.lossAndGradient(x, y, new double[] {1, 0, 0}, false, Loss.sse(), gradient));
        assertEquals(16.0, gradient[0]);
        assertEquals(20.0, gradient[1]);
        assertEquals(24.0, gradient[2]);
    }

    @Test
    void reportedLossSumKeepsItsDigitsWhereAPlainSumLosesThem() {
        // One residual of 1e8 (square 1e16) and then 1000 residuals of 1: the exact sum 1e16 + 1000 is a double,
        // but a plain left-to-right sum stays at 1e16 (each + 1 is below half an ulp of 1e16, which is 2).
        int n = 1001;
        double[] x = new double[n];
        double[] y = new double[n];
        java.util.Arrays.fill(x, 1);
        y[0] = -1e8;
        for (int i = 1; i < n; i++) {
            y[i] = -1;
        }
        double[] w = {0};
        double[] gradient = new double[1];
        assertEquals(1e16 + 1000, new LinearPass(x, y, 1, false).loss(w, Loss.sse()));
        assertEquals(1e16 + 1000, LinearKernel.lossAndGradient(x, y, w, false, Loss.sse(), gradient));
        assertEquals(2e8 + 2000, gradient[0]); // sum of 2 r x: exact in double either way
    }

    @Test
    void anOverflowingLossSumIsInfinityNotNaN() {
        // One residual of 1e200: its square, 1e400, is beyond the largest double.
        double loss = new LinearPass(new double[] {1e200, 1}, new double[] {0, 0}, 1, false).loss(new double[] {1}, Loss.sse());
        assertTrue(loss == Double.POSITIVE_INFINITY, "got " + loss);
    }
}
