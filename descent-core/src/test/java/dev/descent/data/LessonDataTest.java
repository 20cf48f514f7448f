package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The lesson's synthetic data: reproducible for a seed, x uniform in [0, 1), y = a x + b (+ noise). */
class LessonDataTest {

    @Test
    void sameSeedSameBitsOtherSeedOtherData() {
        Dataset first = LessonData.generate(100, 3, 8, 0.5, 42);
        Dataset again = LessonData.generate(100, 3, 8, 0.5, 42);
        Dataset other = LessonData.generate(100, 3, 8, 0.5, 43);
        // Arrays.equals on doubles compares bits (doubleToLongBits).
        assertTrue(Arrays.equals(first.featureData(), again.featureData()));
        assertTrue(Arrays.equals(first.targetData(), again.targetData()));
        assertFalse(Arrays.equals(first.featureData(), other.featureData()));
        assertFalse(Arrays.equals(first.targetData(), other.targetData()));
    }

    @Test
    void xIsJavaUtilRandomsUniformDrawsAndYIsExactlyTheLineWithoutNoise() {
        Dataset data = LessonData.generate(30, 3, 8, 0, 42);
        assertEquals(30, data.rowCount());
        assertEquals(1, data.featureCount());
        // The documented generator: x are java.util.Random(seed).nextDouble() in order, whose algorithm Java fixes.
        Random random = new Random(42);
        for (int i = 0; i < 30; i++) {
            double x = data.feature(i, 0);
            assertEquals(Double.doubleToRawLongBits(random.nextDouble()), Double.doubleToRawLongBits(x));
            assertTrue(x >= 0 && x < 1);
            assertEquals(Double.doubleToRawLongBits(3 * x + 8), Double.doubleToRawLongBits(data.target(i)), "row " + i);
        }
    }

    @Test
    void noiseHasTheAskedStandardDeviation() {
        int n = 20_000;
        double sigma = 0.5;
        Dataset data = LessonData.generate(n, -2, 1, sigma, 7);
        double sum = 0;
        double sumSquares = 0;
        for (int i = 0; i < n; i++) {
            double e = data.target(i) - (-2 * data.feature(i, 0) + 1);
            sum += e;
            sumSquares += e * e;
        }
        double mean = sum / n;
        double sd = Math.sqrt(sumSquares / n - mean * mean);
        // Five standard errors: sigma / sqrt(n) = 0.0035 for the mean, sigma / sqrt(2n) = 0.0025 for the deviation.
        assertEquals(0, mean, 5 * sigma / Math.sqrt(n));
        assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * n));
    }

    @Test
    void rejectsImpossibleArguments() {
        assertThrows(IllegalArgumentException.class, () -> LessonData.generate(0, 3, 8, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> LessonData.generate(10, 3, 8, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> LessonData.generate(10, 3, 8, Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> LessonData.generate(10, 3, 8, Double.POSITIVE_INFINITY, 1));
        assertArrayEquals(new double[] {8}, new double[] {LessonData.generate(1, 0, 8, 0, 1).target(0)});
    }
}
