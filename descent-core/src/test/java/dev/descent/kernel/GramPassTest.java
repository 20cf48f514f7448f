package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The normal equations' pass against sums computed here in exact arithmetic, at sizes that leave
 * ragged blocks (some of one row more than others) and ragged groups of eight rows; and the same bits on any number of threads.
 */
class GramPassTest {
    private static final double U = 0x1p-53;

    @ParameterizedTest(name = "n={0}, d={1}, intercept={2}")
    @CsvSource({"1, 1, true", "6, 3, true", "13, 2, false", "207, 33, true", "4099, 7, false", "20011, 12, true", "1050, 63, true", "205, 204, true", "300, 6, true",
            "129, 10, false", "257, 4, false", "131, 5, true"})
    void matchesExactSumsAndGivesTheSameBitsOnAnyNumberOfThreads(int n, int d, boolean intercept) {
        Random random = new Random(17L * n + d);
        double[] x = new double[n * d];
        double[] y = new double[n];
        for (int k = 0; k < x.length; k++) {
            x[k] = random.nextGaussian() * (1 + k % d); // columns of different sizes
        }
        for (int i = 0; i < n; i++) {
            y[i] = random.nextGaussian() + 5;
        }
        int p = d + (intercept ? 1 : 0);
        GramPass.Normal normal = new GramPass(x, y, d, intercept).compute(1);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                BigDecimal exact = BigDecimal.ZERO;
                double magnitude = 0;
                for (int r = 0; r < n; r++) {
                    double a = column(x, r, i, d);
                    double b = column(x, r, j, d);
                    exact = exact.add(new BigDecimal(a).multiply(new BigDecimal(b)));
                    magnitude += Math.abs(a * b);
                }
                // A sum of n products rounds at most n times: each error is at most u times the running magnitude.
                assertEquals(exact.doubleValue(), normal.gram(i, j), 2 * n * U * magnitude, "A^T A at " + i + ", " + j);
            }
            BigDecimal exact = BigDecimal.ZERO;
            double magnitude = 0;
            for (int r = 0; r < n; r++) {
                double a = column(x, r, i, d);
                exact = exact.add(new BigDecimal(a).multiply(new BigDecimal(y[r])));
                magnitude += Math.abs(a * y[r]);
            }
            assertEquals(exact.doubleValue(), normal.moments()[i], 2 * n * U * magnitude, "A^T y at " + i);
        }
        for (int threads : new int[] {2, 3, 8}) {
            GramPass.Normal other = new GramPass(x, y, d, intercept).compute(threads);
            assertArrayEquals(normal.gram(), other.gram(), 0, threads + " threads");
            assertArrayEquals(normal.moments(), other.moments(), 0, threads + " threads");
        }
    }

    /** Column j of the design: a feature, or the ones of the intercept. */
    private static double column(double[] x, int row, int j, int d) {
        return j < d ? x[row * d + j] : 1;
    }
}
