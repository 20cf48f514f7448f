package dev.descent.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming read visits every value once, in doubles and in floats, on any number of threads. */
class StreamingReadTest {
    @ParameterizedTest(name = "n={0}")
    @ValueSource(ints = {1, 7, 9, 65_537, 1_000_003})
    void sumsEveryValueOnce(int n) {
        // Small integers: every partial sum stays below 2^24, so float and double sums are exact and
        // must equal the integer sum, whatever the order; a value skipped or read twice shows.
        Random random = new Random(n);
        double[] doubles = new double[n];
        float[] floats = new float[n];
        long exact = 0;
        for (int i = 0; i < n; i++) {
            int v = random.nextInt(7) + 1; // never 0, so a value skipped changes the sum
            doubles[i] = v;
            floats[i] = v;
            exact += v;
        }
        for (int threads : new int[] {1, 2, 3}) {
            assertEquals(exact, new StreamingRead(doubles, threads).sum(), 0, "doubles, " + threads + " threads");
            assertEquals(exact, new StreamingRead(floats, threads).sum(), 0, "floats, " + threads + " threads");
        }
    }
}
