package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.loss.Huber;
import dev.descent.loss.Logistic;
import dev.descent.loss.Loss;
import dev.descent.loss.ScalarLoss;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The float32 data set: its passes and mini-batches against a data set of doubles holding the
 * widened values (widening is exact and the arithmetic is the same, so the bits must be), its
 * copies, its checks, and standardisation into float32.
 */
class FloatDatasetTest {
    private static final int N = 1001;
    private static final int D = 6;

    private final Random random = new Random(29);
    private final float[] x = new float[N * D];
    private final double[] y = new double[N];
    private final List<String> names = List.of("a", "b", "c", "d", "e", "f");

    FloatDatasetTest() {
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) (random.nextGaussian() * (1 + k % D) + 10 * (k % D)); // means and scales unlike each other
        }
        for (int i = 0; i < N; i++) {
            y[i] = random.nextGaussian();
        }
    }

    /** The doubles the floats widen to, written out here. */
    private Dataset widenedByHand(double[] target) {
        double[] values = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            values[k] = x[k];
        }
        return new Dataset(values, target, names, "y");
    }

    @Test
    void everyPassAndMiniBatchGivesTheBitsOfTheWidenedDoubles() {
        int[] shuffled = random.ints(N, 0, N).toArray();
        for (ScalarLoss loss : new ScalarLoss[] {Loss.mse(), new Huber(1), new Logistic()}) {
            double[] target = y.clone();
            if (loss instanceof Logistic) {
                for (int i = 0; i < N; i++) {
                    target[i] = target[i] > 0 ? 1 : 0;
                }
            }
            Rows floats = new FloatDataset(x, target, names, "y");
            Rows doubles = widenedByHand(target);
            for (boolean intercept : new boolean[] {true, false}) {
                double[] theta = random.doubles(D + (intercept ? 1 : 0), -1, 1).toArray();
                String what = loss.name() + (intercept ? ", intercept" : "");
                double[] expected = new double[theta.length];
                double[] actual = new double[theta.length];
                assertEquals(doubles.linearPass(intercept).lossAndGradient(theta, loss, expected),
                        floats.linearPass(intercept).lossAndGradient(theta, loss, actual), 0, what);
                assertArrayEquals(expected, actual, 0, what);
                for (int[] order : new int[][] {null, shuffled}) {
                    assertEquals(doubles.linearPass(intercept).lossAndGradient(order, 3, 260, theta, loss, expected),
                            floats.linearPass(intercept).lossAndGradient(order, 3, 260, theta, loss, actual), 0,
                            what + ", batch");
                    assertArrayEquals(expected, actual, 0, what + ", batch");
                }
            }
        }
    }

    @Test
    void copiesKeepTheFloatsAndTheWidenedCopyHoldsTheirValues() {
        FloatDataset data = new FloatDataset(x, y, names, "y");
        x[0] += 1; // the constructor copied
        assertEquals(x[0] - 1, data.featureData()[0]);
        x[0] -= 1;

        Dataset widened = data.widened();
        assertArrayEquals(widenedByHand(y).featureData(), widened.featureData(), 0);
        assertSame(widened, widened.widened());

        FloatDataset picked = data.rows(new int[] {5, 2, 5});
        assertArrayEquals(new float[] {x[30], x[31], x[32], x[33], x[34], x[35]},
                java.util.Arrays.copyOfRange(picked.featureData(), 0, D));
        assertEquals(x[2 * D + 4], picked.feature(1, 4));
        assertArrayEquals(new double[] {y[5], y[2], y[5]}, picked.targetData());

        double[] other = new double[N];
        FloatDataset relabelled = data.withTarget(other);
        assertSame(data.featureData(), relabelled.featureData()); // shared, not copied
        other[0] = 9;
        assertEquals(0, relabelled.target(0));
    }

    @Test
    void theFingerprintTellsFloatsFromTheDoublesTheyWidenTo() {
        FloatDataset data = new FloatDataset(x, y, names, "y");
        assertEquals(data.fingerprint(), new FloatDataset(x, y, names, "y").fingerprint());
        assertNotEquals(data.widened().fingerprint(), data.fingerprint());
        float[] nudged = x.clone();
        nudged[N * D - 1] = Math.nextUp(nudged[N * D - 1]);
        assertNotEquals(data.fingerprint(), new FloatDataset(nudged, y, names, "y").fingerprint());
    }

    @Test
    void nonFiniteValuesAndWrongShapesAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new FloatDataset(new float[] {1, Float.NaN}, new double[] {1, 2}, List.of("a"), "y"));
        assertThrows(IllegalArgumentException.class,
                () -> new FloatDataset(new float[] {1, Float.POSITIVE_INFINITY}, new double[] {1, 2}, List.of("a"), "y"));
        assertThrows(IllegalArgumentException.class,
                () -> new FloatDataset(new float[] {1, 2}, new double[] {1, Double.NaN}, List.of("a"), "y"));
        assertThrows(IllegalArgumentException.class,
                () -> new FloatDataset(new float[] {1, 2, 3}, new double[] {1, 2}, List.of("a"), "y"));
        assertThrows(IllegalArgumentException.class, () -> new FloatDataset(new float[0], new double[0], List.of("a"), "y"));
        assertThrows(IllegalArgumentException.class, () -> new FloatDataset(new float[] {1}, new double[] {1}, List.of(), "y"));
    }

    @Test
    void standardisedFloatsAreEachStandardisedValueRoundedOnceToAFloat() {
        FloatDataset data = new FloatDataset(x, y, names, "y");
        Standardization s = Standardization.learn(data, true);
        FloatDataset z = (FloatDataset) s.apply((DenseRows) data);
        assertSame(data.targetData(), z.targetData());
        for (int j = 0; j < D; j++) {
            // The population mean and standard deviation of the widened column, by hand.
            double mean = 0;
            for (int i = 0; i < N; i++) {
                mean += (double) x[i * D + j] / N;
            }
            double variance = 0;
            for (int i = 0; i < N; i++) {
                variance += (x[i * D + j] - mean) * (x[i * D + j] - mean) / N;
            }
            assertEquals(mean, s.means()[j], 1e-12 * Math.abs(mean) + 1e-12, "mean " + j);
            assertEquals(Math.sqrt(variance), s.scales()[j], 1e-12 * Math.sqrt(variance), "scale " + j);
            for (int i = 0; i < N; i++) {
                float expected = (float) ((x[i * D + j] - s.means()[j]) / s.scales()[j]);
                assertEquals(expected, z.featureData()[i * D + j], "row " + i + ", feature " + j);
            }
        }
    }
}
