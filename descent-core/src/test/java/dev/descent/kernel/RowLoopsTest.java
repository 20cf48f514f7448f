package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Vector API's loops against plain Java's, bit for bit, at every width from 1 to 20 features and at
 * widths around 40 and 448, where float rows stop going side by side and start going in pairs (rows
 * predicted one at a time, in pairs or four side by side, the gradient swept or held in registers, tails
 * of 0 to 3 features), over doubles and floats, on ragged runs of rows, with exact zeros of both signs
 * among the values: the bits must match, the sign of a zero included.
 */
class RowLoopsTest {
    private static final int ROWS = 23;

    @ParameterizedTest(name = "d={0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 31, 32, 37, 39, 40, 41, 64, 447, 448, 451})
    void theVectorLoopsGivePlainJavasBits(int d) {
        Random random = new Random(1000 + d);
        double[] x = values(random, ROWS * d);
        float[] narrowed = new float[x.length];
        for (int k = 0; k < x.length; k++) {
            narrowed[k] = (float) x[k];
        }
        double[] w = values(random, d);
        double[] r = values(random, ROWS);
        DenseKernel vector = DenseKernel.vector().orElseThrow();
        RowLoops[][] pairs = {{DenseKernel.plain().over(x, d), vector.over(x, d)},
                {DenseKernel.plain().over(narrowed, d), vector.over(narrowed, d)}};
        for (RowLoops[] pair : pairs) {
            for (int[] run : new int[][] {{0, ROWS}, {3, 22}, {5, 6}, {8, 12}}) {
                int from = run[0];
                int to = run[1];
                String what = (pair == pairs[0] ? "doubles" : "floats") + ", rows " + from + ".." + to;
                double[] expected = new double[to - from];
                double[] actual = new double[to - from];
                pair[0].predict(from, to, w, expected);
                pair[1].predict(from, to, w, actual);
                assertArrayEquals(bits(expected), bits(actual), what + ", predictions");

                double[] start = values(random, d + 3); // the gradient sits at offset 2 of a longer array
                double[] expectedGradient = start.clone();
                double[] actualGradient = start.clone();
                pair[0].addGradient(from, to, r, expectedGradient, 2);
                pair[1].addGradient(from, to, r, actualGradient, 2);
                assertArrayEquals(bits(expectedGradient), bits(actualGradient), what + ", gradient");
            }
        }
    }

    /** Gaussian values of several magnitudes, about one in six of them +0 or -0. */
    private static double[] values(Random random, int n) {
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            int kind = random.nextInt(12);
            values[k] = kind == 0 ? 0.0 : kind == 1 ? -0.0 : random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3);
        }
        return values;
    }

    private static long[] bits(double[] values) {
        return Arrays.stream(values).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
